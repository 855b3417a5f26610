"""`{"announcement": name}` prompt parts: the engine asks its host at the moment it speaks,
in the caller's language; one outside its effective period says nothing."""

from __future__ import annotations

from typing import Any

import pytest

from blocks import shared_registry
from interpreter.compiler import compile_flow
from interpreter.engine.effects import Say
from interpreter.engine.engine import Engine
from interpreter.host import Announcement, StaticHost
from interpreter.loader import load_flow
from runtime.flowtests.given import GivenError, build_given


def flow() -> Any:
    document = {"format": "designer-flow", "format_version": 1, "id": "notice", "name": "n",
                "channels": ["voice", "chat"], "phases": {"self_service": "say"}, "blocks": {
                    "say": {"type": "play_message", "props": {"prompts": [
                        {"announcement": "holiday-notice"}, {"tts": "Bye."}]},
                        "next": {"next": "done"}},
                    "done": {"type": "terminate", "props": {}}}}
    return compile_flow(load_flow(document), shared_registry())


def said(host: StaticHost, language: str = "en-US") -> list[dict[str, Any]]:
    step = Engine().start(flow(), channel="voice", host=host, language=language)
    return [prompt.to_json() for effect in step.effects if isinstance(effect, Say)
            for prompt in effect.prompts]


def test_the_host_answers_in_the_callers_language() -> None:
    host = StaticHost(announcements={"holiday-notice": Announcement.variants(
        {"texts": {"en-US": "Closed.", "es": "Cerrado."}, "recordings": {"es": "aviso"}})})
    assert said(host) == [{"text": "Closed."}, {"text": "Bye."}]
    assert said(host, "es-MX") == [{"text": "Cerrado.", "audio": "aviso"}, {"text": "Bye."}]


def test_unknown_announcements_and_bad_mocks() -> None:
    with pytest.raises(ValueError):
        Announcement.variants({"text": "typo"})
    with pytest.raises(GivenError):
        build_given({"business": {"announcements": {"x": {"texts": {"en": 3}}}}})
    given = build_given({"business": {"announcements": {"holiday-notice": "Closed today."}}})
    assert said(given.host("case")) == [{"text": "Closed today."}, {"text": "Bye."}]
