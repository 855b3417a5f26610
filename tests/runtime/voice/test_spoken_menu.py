"""A caller answers a menu by voice: the option's word, spoken over RTP, picks its port.

The menu's options have utterances, so its `Collect` listens for speech: the worker records
the caller from the end of the prompt, detects the speech from the signal level and decodes it
with pocketsphinx against the options' labels and utterances. The caller's word is synthesised
by espeak-ng and sent as PCMU RTP from the socket the caller listens on (`speech_rtp`), once
the menu's prompt has been heard.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from runtime.voice import Supervisor
from runtime.voice.tts import Synthesizer
from tests.runtime.voice.helpers import (
    cdrs_of,
    flow_pool_settings,
    prompt_ms,
    running,
    speak_in_call,
)
from tests.runtime.voice.sipp import SippRun

POOL_PORT = 50000
LINE = "18005550400"
METER_PORT = 50500
ANI = "+15551260001"
QUESTION = "Say sales, or support."
MENU_FLOW = {
    "format": "designer-flow", "format_version": 1, "id": "spoken-menu", "name": "spoken-menu",
    "kind": "application", "channels": ["voice"], "phases": {"self_service": "ask"},
    "blocks": {
        "ask": {"type": "menu", "props": {
            "prompts": [{"tts": QUESTION}], "retries": 0, "timeout_ms": 6000,
            "options": [{"key": "1", "label": "Sales", "utterances": ["sales"]},
                        {"key": "2", "label": "Support", "utterances": ["support", "help"]}]},
            "next": {"1": "sales_done", "2": "support_done", "noinput": "noinput_done",
                     "nomatch": "nomatch_done"}},
        "sales_done": {"type": "terminate", "props": {"reason": "sales"}},
        "support_done": {"type": "terminate", "props": {"reason": "support"}},
        "noinput_done": {"type": "terminate", "props": {"reason": "noinput"}},
        "nomatch_done": {"type": "terminate", "props": {"reason": "nomatch"}},
    }}


@pytest.fixture(scope="module")
def menu_pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Supervisor]:
    settings = flow_pool_settings(tmp_path_factory.mktemp("menu-voice"), POOL_PORT,
                                  {LINE: MENU_FLOW}, kamailio="off")
    with running(settings) as supervisor:
        yield supervisor


@pytest.fixture(scope="module")
def spoken(menu_pool: Supervisor, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    word = Synthesizer(tmp_path_factory.mktemp("caller"), rate=150).synthesize("sales", "en-US")
    return speak_in_call(menu_pool, word, after_ms=prompt_ms(menu_pool, QUESTION),
                         meter_port=METER_PORT, ani=ANI, service=LINE, port=50510,
                         media_port=50520, wait_ms=15000, timeout_s=30)


def test_saying_an_option_takes_its_port(menu_pool: Supervisor, spoken: dict[str, Any]) -> None:
    run: SippRun = spoken["run"]
    assert run.returncode == 0, run.errors
    assert spoken["spoke_at"] is not None and spoken["sent"] > 0, spoken
    (record,) = cdrs_of(menu_pool, ANI)
    assert record["path"] == ["ask", "sales_done"], (record["metrics"], spoken)
    assert record["dtmf"] == []
    (heard,) = record["metrics"]["speech"]
    assert heard["block"] == "ask" and "sales" in heard["text"].lower()
    assert record["disposition"] == "sales"
    assert record["ended_by"] == "flow"
