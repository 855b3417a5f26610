"""A plain SIP phone as an agent's phone: baresip registers with the pool's front door as
`sip:agent-bob@127.0.0.1` with the credential the Designer gives Bob's softphone, a caller
queued in `support` is offered to Bob, he accepts on his desk (the API), the worker dials his
address through Kamailio, baresip answers by itself, and audio crosses both ways: baresip's
tone reaches the caller's RTP meter, the caller's tone is in what baresip recorded. The INVITE
baresip got carries the screen pop headers."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from flask import Flask

from runtime.voice import Supervisor
from tests.designer_ui.conftest import add_token, add_user
from tests.designer_ui.helpers import Api
from tests.runtime.voice.baresip_phone import BaresipPhone, loud_windows, start_baresip
from tests.runtime.voice.designer_rig import designer_source, sqlite_designer
from tests.runtime.voice.helpers import THROUGH_KAMAILIO, call, pool_settings, running
from tests.runtime.voice.queue_agents import AcceptingDesk, publish_queue_line, tone_payloads
from tests.runtime.voice.sipp import Scenario
from tests.runtime.voice.speech_rtp import RtpSpeaker
from tests.runtime.voice.tone_meter import ToneMeter

POOL_PORT = 49000
WS_PORT, NG_PORT = 49007, 49008
RELAY_PORTS = (49200, 49299)
NUMBER = "+18005550490"
ANI = "+15554900001"
CALLER_PORT, CALLER_MEDIA, CALLER_METER = 49510, 49520, 49530
PHONE_SIP, PHONE_RTP = 49600, (49620, 49639)
SECRET = "baresip-agent-secret-0123456789"
PHONE_TONE_HZ = 440
"""baresip's microphone (no queue music note is near it)."""
TALK_MS = 14000
"""The caller waits this long (queue, offer, answer, talk) and hangs up."""


@pytest.fixture(scope="module")
def designer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    with sqlite_designer(tmp_path_factory.mktemp("baresip-designer"), "baresip-agent",
                         SOFTPHONE_SECRET=SECRET,
                         SOFTPHONE_WS_URL=f"ws://127.0.0.1:{WS_PORT}") as app:
        yield app


@pytest.fixture(scope="module")
def bob(designer: Flask) -> Api:
    admin = Api(designer.test_client(), token=add_token(designer, add_user(
        designer, "boss", ["admin", "developer", "business"])))
    publish_queue_line(admin, NUMBER)
    agent = Api(designer.test_client(), token=add_token(designer, add_user(designer, "bob",
                                                                           ["agent"])))
    bob_id = agent.get("agents/me").json["id"]
    assert agent.put(f"agents/{bob_id}/state", json={"state": "ready"}).status_code == 200
    return agent


@pytest.fixture(scope="module")
def pool(designer: Flask, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Supervisor]:
    folder = tmp_path_factory.mktemp("baresip-voice")
    source = designer_source(designer, folder,
                             agent_uri=f"sip:agent-{{username}}@127.0.0.1:{POOL_PORT}")
    settings = pool_settings(
        folder, POOL_PORT, source, rtp_base=POOL_PORT + 100, ws_port=WS_PORT,
        softphone_secret=SECRET, rtpengine_ng_port=NG_PORT,
        rtpengine_port_min=RELAY_PORTS[0], rtpengine_port_max=RELAY_PORTS[1],
        **THROUGH_KAMAILIO)
    with running(settings) as supervisor:
        yield supervisor


@pytest.fixture(scope="module")
def phone(pool: Supervisor, bob: Api) -> Iterator[BaresipPhone]:
    credential = bob.get("agents/me/softphone").json
    assert credential["sip_uri"] == "sip:agent-bob@127.0.0.1"
    started = start_baresip(Path(pool.settings.instance) / "baresip", credential,
                            registrar=f"127.0.0.1:{POOL_PORT}", sip_port=PHONE_SIP,
                            rtp_ports=PHONE_RTP, tone_hz=PHONE_TONE_HZ)
    try:
        started.wait_registered()
        yield started
    finally:
        started.stop()


@pytest.fixture(scope="module")
def answered_call(designer: Flask, pool: Supervisor, bob: Api,
                  phone: BaresipPhone) -> dict[str, Any]:
    meter = ToneMeter([CALLER_METER], PHONE_TONE_HZ)
    heard = meter.stats[CALLER_METER]
    meter.speakers.append(RtpSpeaker(meter.by_port[CALLER_METER], lambda: heard.peer,
                                     tone_payloads(TALK_MS / 1000, 660)))
    desk = AcceptingDesk(designer, {"bob": bob})
    desk.start()
    caller = Scenario("to-baresip", [("pause", TALK_MS), ("bye",)], ani=ANI,
                      audio_port=str(CALLER_METER))
    try:
        run = call(pool, caller, port=CALLER_PORT, media_port=CALLER_MEDIA,
                   service=NUMBER.lstrip("+"), timeout_s=60)
    finally:
        desk.stop()
        meter.stop()
    time.sleep(1.0)  # baresip writes its recording when the call ends
    return {"caller": run, "phone_tone_s": meter.tone_s(CALLER_METER, 0, time.monotonic()),
            "desk": desk}


def test_a_registered_sip_phone_answers_a_queued_call_and_audio_flows_both_ways(
        answered_call: dict[str, Any], phone: BaresipPhone) -> None:
    desk: AcceptingDesk = answered_call["desk"]
    assert desk.errors == [] and len(desk.accepted) == 1, desk.errors
    run = answered_call["caller"]
    assert run.returncode == 0, (run.stdout, run.errors)
    assert answered_call["phone_tone_s"] >= 3.0, answered_call["phone_tone_s"]  # baresip's tone
    (recording,) = phone.heard_files()
    assert loud_windows(recording) >= 150, phone.log  # 3 s of the caller's tone, at least


def test_the_phone_gets_the_screen_pop_headers(answered_call: dict[str, Any],
                                               phone: BaresipPhone) -> None:
    text = phone.log  # baresip runs with its SIP trace on
    assert "X-Interaction-Queue: support" in text, text
    data_line = next(line for line in text.splitlines() if line.startswith("X-Interaction-Data:"))
    assert '"account":"A-77"' in unquote(data_line.split(":", 1)[1].strip())
    assert "X-Interaction-Path: hello > tag > queue" in text
    assert f"X-Interaction-Caller: {ANI}" in text
