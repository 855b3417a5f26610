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
    folder = tmp_path_factory.mktemp("srgs-voice")
    flows = folder / "flows"
    flows.mkdir()
    (flows / "account-type.json").write_text(json.dumps(FLOW))
    settings = VoiceSettings(
        sip_port=POOL_PORT, worker_sip_base=POOL_PORT + 10, rtp_base=POOL_PORT + 1000,
        rtp_span=40, workers=1, instance_dir=str(folder / "instance"), tts_rate=320,
        speech=True, kamailio="on", probe_interval_s=1, poll_ms=10,
        admission_cpu_percent=100.0,
        flow_source={"factory": "runtime.voice.file_source:open_file_source", "options": {
            "paths": [str(flows)], "numbers": {LINE: "account-type"}}})
    supervisor = Supervisor(settings)
    supervisor.start()
    try:
        yield supervisor
    finally:
        supervisor.stop()


@pytest.fixture(scope="module")
def answered(srgs_pool: Supervisor, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    question_ms = prompt_ms(srgs_pool, QUESTION)
    word = Synthesizer(tmp_path_factory.mktemp("caller"), rate=150).synthesize(
        "savings", "en-US")
    meter = RtpMeter([METER_PORT])
    speaker = meter.speak(METER_PORT, pcmu_frames(word), after_ms=question_ms)
    try:
        run = call(srgs_pool, Scenario("srgs", [("wait_bye", 20000)], ani=ANI,
                                       audio_port=str(METER_PORT)),
                   port=CALLER_PORT, media_port=CALLER_MEDIA, service=LINE, timeout_s=35)
    finally:
        meter.stop()
    return {"run": run, "spoke_at": speaker.spoke_at, "sent": speaker.sent}


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
