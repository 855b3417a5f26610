"""A caller speaks the answer to an `input` block: digits said aloud reach the flow's variable.

The input's `Collect` listens for speech as well as keys: the worker records the caller from the
end of the prompt, detects the speech from the signal level and decodes it with pocketsphinx
against the words of the block's grammar (five digit words, as the block asks for exactly five
digits); the `digits` grammar reads the transcript. The caller's words are synthesised by
espeak-ng and sent as PCMU RTP from the socket the caller listens on (`speech_rtp`), once the
question has been heard.
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

POOL_PORT = 53000
LINE = "18005550410"
METER_PORT = 53500
ANI = "+15551260002"
QUESTION = "Say your five digit code."
INPUT_FLOW = {
    "format": "designer-flow", "format_version": 1, "id": "spoken-input", "name": "spoken-input",
    "kind": "application", "channels": ["voice"], "phases": {"self_service": "ask"},
    "variables": {"code": {"type": "string"}},
    "blocks": {
        "ask": {"type": "input", "props": {
            "prompts": [{"tts": QUESTION}], "variable": "code", "grammar": "digits",
            "min_length": 5, "max_length": 5, "retries": 0, "timeout_ms": 8000},
            "next": {"next": "check", "noinput": "noinput_done", "nomatch": "nomatch_done"}},
        "check": {"type": "segmentation", "props": {"conditions": [
            {"name": "right", "expression": "code == '12345'"}]},
            "next": {"right": "got_it", "default": "wrong_done"}},
        "got_it": {"type": "terminate", "props": {"reason": "code 12345"}},
        "wrong_done": {"type": "terminate", "props": {"reason": "another code"}},
        "noinput_done": {"type": "terminate", "props": {"reason": "noinput"}},
        "nomatch_done": {"type": "terminate", "props": {"reason": "nomatch"}},
    }}


@pytest.fixture(scope="module")
def input_pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Supervisor]:
    settings = flow_pool_settings(tmp_path_factory.mktemp("input-voice"), POOL_PORT,
                                  {LINE: INPUT_FLOW}, kamailio="off")
    with running(settings) as supervisor:
        yield supervisor


@pytest.fixture(scope="module")
def spoken(input_pool: Supervisor, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    words = Synthesizer(tmp_path_factory.mktemp("caller"), rate=150).synthesize(
        "one two three four five", "en-US")
    return speak_in_call(input_pool, words, after_ms=prompt_ms(input_pool, QUESTION),
                         meter_port=METER_PORT, ani=ANI, service=LINE, port=53510,
                         media_port=53520, wait_ms=20000, timeout_s=35)


def test_spoken_digits_reach_the_variable(input_pool: Supervisor, spoken: dict[str, Any]) -> None:
    run: SippRun = spoken["run"]
    assert run.returncode == 0, run.errors
    assert spoken["spoke_at"] is not None and spoken["sent"] > 0, spoken
    (record,) = cdrs_of(input_pool, ANI)
    assert record["path"] == ["ask", "check", "got_it"], (record["metrics"], spoken)
    assert record["dtmf"] == []
    (heard,) = record["metrics"]["speech"]
    assert heard == {"block": "ask", "text": "one two three four five"}
    assert record["disposition"] == "code 12345"
