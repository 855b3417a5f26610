"""A caller speaks the answer to an `input` block: digits said aloud reach the flow's variable.

The input's `Collect` listens for speech as well as keys: the worker records the caller from the
end of the prompt, detects the speech from the signal level and decodes it with pocketsphinx
against the words of the block's grammar (five digit words, as the block asks for exactly five
digits); the `digits` grammar reads the transcript. The caller's words are synthesised by
espeak-ng and sent as PCMU RTP from the socket the caller listens on (`speech_rtp`), once the
question has been heard.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from runtime.voice import Supervisor, VoiceSettings
from runtime.voice.tts import Synthesizer
from tests.runtime.voice.helpers import call, cdrs_of, prompt_ms
from tests.runtime.voice.rtp_meter import RtpMeter
from tests.runtime.voice.sipp import Scenario, SippRun
from tests.runtime.voice.speech_rtp import pcmu_frames

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
    folder = tmp_path_factory.mktemp("input-voice")
    flows = folder / "flows"
    flows.mkdir()
    (flows / "spoken-input.json").write_text(json.dumps(INPUT_FLOW))
    settings = VoiceSettings(
        sip_port=POOL_PORT, worker_sip_base=POOL_PORT + 10, rtp_base=POOL_PORT + 1000,
        rtp_span=40, workers=1, instance_dir=str(folder / "instance"), tts_rate=320,
        speech=True, kamailio="off", poll_ms=10,
        flow_source={"factory": "runtime.voice.file_source:open_file_source", "options": {
            "paths": [str(flows)], "numbers": {LINE: "spoken-input"}}})
    supervisor = Supervisor(settings)
    supervisor.start()
    try:
        yield supervisor
    finally:
        supervisor.stop()


@pytest.fixture(scope="module")
def spoken(input_pool: Supervisor, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    question_ms = prompt_ms(input_pool, QUESTION)
    words = Synthesizer(tmp_path_factory.mktemp("caller"), rate=150).synthesize(
        "one two three four five", "en-US")
    meter = RtpMeter([METER_PORT])
    speaker = meter.speak(METER_PORT, pcmu_frames(words), after_ms=question_ms)
    try:
        run = call(input_pool, Scenario("spoken", [("wait_bye", 20000)], ani=ANI,
                                        audio_port=str(METER_PORT)),
                   port=53510, media_port=53520, service=LINE, timeout_s=35)
    finally:
        stats = meter.stop()[METER_PORT]
    return {"run": run, "audio": stats, "spoke_at": speaker.spoke_at, "sent": speaker.sent}


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
