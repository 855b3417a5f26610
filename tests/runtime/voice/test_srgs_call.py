"""A caller answers an `input` block whose grammar is SRGS, through Kamailio into a worker: the
spoken word reaches the variable as the grammar's semantic value.

The flow asks for an account type with an inline SRGS XML grammar ("checking" / "savings",
each with an `out = ...` tag). The SIPp caller goes through Kamailio (`kamailio="on"`) to the
worker; once the question has been heard, "savings" synthesised by espeak-ng is sent as PCMU
RTP from the caller's media socket (`speech_rtp`). The worker decodes the recording with
pocketsphinx against the grammar's JSGF and matches the transcript with the SRGS grammar: the
variable gets "SAV", not the spoken word. Both words were measured offline first (espeak-ng
en-US/en-GB at 130-170 wpm through μ-law: 12 of 12 heard right).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from runtime.voice import Supervisor
from runtime.voice.tts import Synthesizer
from tests.runtime.voice.helpers import (
    THROUGH_KAMAILIO,
    cdrs_of,
    flow_pool_settings,
    prompt_ms,
    running,
    speak_in_call,
)
from tests.runtime.voice.sipp import SippRun

POOL_PORT = 58400
METER_PORT = 58450
CALLER_PORT, CALLER_MEDIA = 58460, 58470
LINE = "18005550418"
ANI = "+15551260418"
QUESTION = "Which account, checking or savings?"
ACCOUNT_TYPES = """<?xml version="1.0" encoding="UTF-8"?>
<grammar xmlns="http://www.w3.org/2001/06/grammar" version="1.0" xml:lang="en-US"
         root="account" tag-format="semantics/1.0">
  <rule id="account" scope="public">
    <one-of>
      <item>checking <tag>out = "CHK";</tag></item>
      <item>savings <tag>out = "SAV";</tag></item>
    </one-of>
  </rule>
</grammar>
"""
FLOW = {
    "format": "designer-flow", "format_version": 1, "id": "account-type", "name": "account-type",
    "kind": "application", "channels": ["voice"], "phases": {"self_service": "ask"},
    "variables": {"account": {"type": "string"}},
    "blocks": {
        "ask": {"type": "input", "props": {
            "prompts": [{"tts": QUESTION}], "variable": "account",
            "grammar": {"srgs_inline": ACCOUNT_TYPES}, "retries": 0, "timeout_ms": 8000},
            "next": {"next": "check", "noinput": "noinput_done", "nomatch": "nomatch_done"}},
        "check": {"type": "segmentation", "props": {"conditions": [
            {"name": "savings", "expression": "account == 'SAV'"}]},
            "next": {"savings": "savings_done", "default": "other_done"}},
        "savings_done": {"type": "terminate", "props": {"reason": "savings"}},
        "other_done": {"type": "terminate", "props": {"reason": "other"}},
        "noinput_done": {"type": "terminate", "props": {"reason": "noinput"}},
        "nomatch_done": {"type": "terminate", "props": {"reason": "nomatch"}},
    }}


@pytest.fixture(scope="module")
def srgs_pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Supervisor]:
    settings = flow_pool_settings(tmp_path_factory.mktemp("srgs-voice"), POOL_PORT,
                                  {LINE: FLOW}, **THROUGH_KAMAILIO)
    with running(settings) as supervisor:
        yield supervisor


@pytest.fixture(scope="module")
def answered(srgs_pool: Supervisor, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    word = Synthesizer(tmp_path_factory.mktemp("caller"), rate=150).synthesize(
        "savings", "en-US")
    return speak_in_call(srgs_pool, word, after_ms=prompt_ms(srgs_pool, QUESTION),
                         meter_port=METER_PORT, ani=ANI, service=LINE, port=CALLER_PORT,
                         media_port=CALLER_MEDIA, wait_ms=20000, timeout_s=35, name="srgs")


def test_the_spoken_answer_reaches_the_variable_as_the_grammars_value(
        srgs_pool: Supervisor, answered: dict[str, Any]) -> None:
    run: SippRun = answered["run"]
    assert run.returncode == 0, run.errors
    assert srgs_pool.settings.kamailio == "on"
    assert answered["spoke_at"] is not None and answered["sent"] > 0, answered
    (record,) = cdrs_of(srgs_pool, ANI)
    assert record["metrics"]["speech"] == [{"block": "ask", "text": "savings"}], record
    assert record["path"] == ["ask", "check", "savings_done"], record
    assert record["disposition"] == "savings"
    assert record["dtmf"] == []
