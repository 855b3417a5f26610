"""A call waits in a Designer queue on its media worker and reaches a ready agent.

The worker reads the Designer's database through `designer_ui.voice_source` (a SQLite file
this test's Designer app shares with it). The caller's flow says hello and routes to the voice
queue `support`; the worker enqueues the call, plays music and runs the queue's in-queue flow
(its announcement names the caller's position). The distributor (rounds in a thread here)
offers the call to Ann, who is ready; she accepts through the API; the worker dials her phone
(a SIPp UAS at her SIP address) and bridges the calls. Audio crosses both ways (the caller
plays a tone that Ann's RTP meter hears; Ann's tone goes to the caller). Ann hangs up first:
the caller stays, the route hears `agent_hangup` and the flow asks the survey question at
`after_agent`, which the caller answers with a key; then the flow says goodbye and hangs up.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from designer_ui.extensions import db
from designer_ui.models.queues import ENDED, Interaction
from designer_ui.queues import distributor_for, run_round
from runtime.voice import Supervisor
from tests.designer_ui.conftest import add_token, add_user
from tests.designer_ui.helpers import Api
from tests.runtime.voice.designer_rig import designer_source, sqlite_designer
from tests.runtime.voice.helpers import call, cdrs_of, pool_settings, running
from tests.runtime.voice.rtp_meter import RtpMeter, StreamStats
from tests.runtime.voice.sipp import HEAD, Scenario, SippRun, finish_agent, start_agent
from tests.runtime.voice.speech_rtp import FRAME, RtpSpeaker, ulaw

POOL_PORT = 55000
NUMBER = "+18005550700"
AGENT_PORT, AGENT_MEDIA, AGENT_METER = 55600, 55620, 55640
CALLER_PORT, CALLER_MEDIA, CALLER_METER = 55510, 55520, 55530
AGENT_URI = f"sip:agent-{{username}}@127.0.0.1:{AGENT_PORT}"
ANI = "+15551270001"
OFFER_HELD_S = 2.0
"""Ann accepts this long after the offer appears, so the in-queue announcement is heard."""
AGENT_HOLD_MS = 4000
TONE_S = 1.5
CALLER_TONE_S = 14.0


def main_flow() -> dict[str, Any]:
    return {"format": "designer-flow", "format_version": 1, "id": "support-line",
            "name": "Support line", "kind": "application", "channels": ["voice"],
            "phases": {"self_service": "hello", "assisted_service": "queue"},
            "blocks": {
                "hello": {"type": "play_message",
                          "props": {"prompts": [{"tts": "Please hold."}]}},
                "queue": {"type": "route",
                          "props": {"target": {"type": "queue", "value": "support"},
                                    "timeout_ms": 120000},
                          "next": {"failed": "sorry", "after_agent": "survey"}},
                "survey": {"type": "menu", "props": {
                    "prompts": [{"tts": "Were we helpful? Press 1 for yes."}],
                    "options": [{"key": "1", "label": "Yes"}], "timeout_ms": 5000},
                    "next": {"1": "thanks", "noinput": "survey", "nomatch": "survey"}},
                "thanks": {"type": "play_message", "props": {"prompts": [{"tts": "Thanks."}]},
                           "next": {"next": "done"}},
                "sorry": {"type": "play_message",
                          "props": {"prompts": [{"tts": "Nobody is free."}]},
                          "next": {"next": "done"}},
                "done": {"type": "terminate", "props": {"reason": "served"}},
            }}


def in_queue_flow() -> dict[str, Any]:
    return {"format": "designer-flow", "format_version": 1, "id": "support-wait",
            "name": "Support wait", "kind": "in_queue", "channels": ["voice"],
            "phases": {"self_service": "announce"},
            "blocks": {
                "announce": {"type": "menu", "props": {
                    "prompts": [{"tts": "You are caller {{system.Queue.position}}."}],
                    "options": [{"key": "9", "label": "Leave"}], "timeout_ms": 3000},
                    "next": {"9": "leave", "noinput": "announce", "nomatch": "announce"}},
                "leave": {"type": "terminate", "props": {"reason": "leave"}},
            }}


@pytest.fixture(scope="module")
def designer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    with sqlite_designer(tmp_path_factory.mktemp("queue-designer"),
                         "voice-queue-secret") as app:
        yield app


@pytest.fixture(scope="module")
def staffed(designer: Flask) -> dict[str, Any]:
    """The flows published to `test`, the phone number, the queue, and Ann ready on voice."""
    admin = Api(designer.test_client(), token=add_token(designer, add_user(
        designer, "boss", ["admin", "developer", "business"])))
    for document in (in_queue_flow(), main_flow()):
        made = admin.create_flow(document)
        assert made.status_code == 201, made.json
        flow_id = document["id"]
        assert admin.post(f"flows/{flow_id}/versions", json={"comment": "v1"}).status_code == 201
        bound = admin.put(f"environments/test/flows/{flow_id}", json={"version": 1})
        assert bound.status_code == 200, bound.json
    entry = admin.post("entry-points", json={"kind": "phone", "address": NUMBER,
                                             "flow_id": "support-line", "environment": "test"})
    assert entry.status_code == 201, entry.json
    queue = admin.post("queues", json={"name": "support", "channels": ["voice"], "skills": {},
                                       "in_queue_flows": {"voice": "support-wait"},
                                       "max_wait_seconds": 300, "rona_seconds": 30})
    assert queue.status_code == 201, queue.json
    ann = Api(designer.test_client(), token=add_token(designer, add_user(designer, "ann",
                                                                         ["agent"])))
    ann_id = ann.get("agents/me").json["id"]
    assert ann.put(f"agents/{ann_id}/state", json={"state": "ready"}).status_code == 200
    return {"ann": ann}


@pytest.fixture(scope="module")
def pool(designer: Flask, tmp_path_factory: pytest.TempPathFactory,
         staffed: dict[str, Any]) -> Iterator[Supervisor]:
    folder = tmp_path_factory.mktemp("queue-voice")
    settings = pool_settings(folder, POOL_PORT,
                             designer_source(designer, folder, agent_uri=AGENT_URI),
                             kamailio="off")
    with running(settings) as supervisor:
        yield supervisor


class Desk(threading.Thread):
    """The distributor's rounds and Ann's desk: she accepts the first offer she sees after
    letting it ring `OFFER_HELD_S`."""

    def __init__(self, app: Flask, ann: Api):
        super().__init__(daemon=True)
        self.app, self.ann = app, ann
        self.stopped = threading.Event()
        self.accepted: list[int] = []
        self.errors: list[str] = []

    def run(self) -> None:
        distributor = distributor_for(self.app, holder="queue-test")
        offered_at: float | None = None
        while not self.stopped.wait(0.3):
            try:
                run_round(self.app, distributor)
                if self.accepted:
                    continue
                offers = self.ann.get("agents/me").json["offers"]
                if offers and offered_at is None:
                    offered_at = time.monotonic()
                if offers and offered_at is not None \
                        and time.monotonic() - offered_at >= OFFER_HELD_S:
                    answer = self.ann.post(f"agents/me/offers/{offers[0]['id']}/accept")
                    if answer.status_code != 200:
                        self.errors.append(str(answer.json))
                    self.accepted.append(int(offers[0]["id"]))
            except Exception as exc:  # reported by the test, the thread keeps going
                self.errors.append(repr(exc))


def tone_payloads(seconds: float, hertz: int) -> list[bytes]:
    """20 ms PCMU frames of a sine tone."""
    return [bytes(ulaw(round(8000 * math.sin(2 * math.pi * hertz * (index * FRAME + n) / 8000)))
                  for n in range(FRAME)) for index in range(int(seconds / 0.02))]


def speak_when(meter: RtpMeter, port: int, payloads: list[bytes],
               when: Callable[[], bool]) -> RtpSpeaker:
    """Send `payloads` from the meter's socket on `port` (symmetric RTP, so the worker keeps
    sending there) to whoever sent it audio, once `when()` holds."""
    stats = meter.stats[port]
    speaker = RtpSpeaker(meter.by_port[port],
                         lambda: stats.peer if stats.peer is not None and when() else None,
                         payloads)
    meter.speakers.append(speaker)
    return speaker


def agent_hangs_up_xml(name: str = "ann", meter_port: int = AGENT_METER,
                       hold_ms: int = AGENT_HOLD_MS) -> str:
    """An agent's phone (Ann's by default): answers at once with its RTP meter as its media
    address, stays `hold_ms`, hangs up. The queue bench's desk phone is the same."""
    return (HEAD.format(name=name)
            + '  <recv request="INVITE" crlf="true" rrs="true">\n'
            '    <action><ereg regexp="^INVITE ([^ ]*)" search_in="msg" check_it="true" '
            'assign_to="whole,ruri"/><log message="INVITE-TO [$ruri] IN [$whole]"/>'
            '<ereg regexp=".*" search_in="hdr" header="From:" check_it="true" '
            'assign_to="caller"/></action>\n'
            '  </recv>\n'
            f"""  <send retrans="500"><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:];tag=[pid]SIPpAgent[call_number]
[last_Call-ID:]
[last_CSeq:]
Contact: <sip:agent@[local_ip]:[local_port]>
Content-Type: application/sdp
Content-Length: [len]

v=0
o=agent 1 1 IN IP4 [local_ip]
s=-
c=IN IP4 [media_ip]
t=0 0
m=audio {meter_port} RTP/AVP 0
a=rtpmap:0 PCMU/8000
  ]]></send>
  <recv request="ACK" crlf="true"/>
  <pause milliseconds="{hold_ms}"/>
  <send><![CDATA[
BYE [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:agent@[local_ip]:[local_port]>;tag=[pid]SIPpAgent[call_number]
To: [$caller]
[last_Call-ID:]
CSeq: 2 BYE
Max-Forwards: 70
Content-Length: 0

  ]]></send>
  <recv response="200"/>
</scenario>
""")


@pytest.fixture(scope="module")
def queued_call(designer: Flask, pool: Supervisor, staffed: dict[str, Any]) -> dict[str, Any]:
    folder = Path(pool.settings.instance) / "queue-agents"
    folder.mkdir(parents=True, exist_ok=True)
    ann_phone = start_agent(agent_hangs_up_xml(), "ann", folder, port=AGENT_PORT,
                            media_port=AGENT_MEDIA, timeout_s=60)
    meter = RtpMeter([CALLER_METER, AGENT_METER])
    at_agent = meter.stats[AGENT_METER]
    # the caller talks from its first prompt on (heard by nobody until the bridge), Ann
    # answers with a tone as soon as the caller's voice reaches her
    speak_when(meter, CALLER_METER, tone_payloads(CALLER_TONE_S, 660), lambda: True)
    speak_when(meter, AGENT_METER, tone_payloads(TONE_S, 440),
               lambda: at_agent.first_sound_at is not None)
    desk = Desk(designer, staffed["ann"])
    desk.start()
    # the key goes as SIP INFO: the worker's RTP now follows the caller's talking socket, so
    # RFC 4733 events from SIPp's own media port would not count
    caller = Scenario("queued", [("pause", 18000), ("info", "1"), ("wait_bye", 20000)],
                      ani=ANI, audio_port=str(CALLER_METER))
    try:
        run = call(pool, caller, port=CALLER_PORT, media_port=CALLER_MEDIA,
                   service=NUMBER.lstrip("+"), timeout_s=60)
        time.sleep(1.5)  # a round or two more: the distributor ends the interaction
    finally:
        desk.stopped.set()
        desk.join(10)
        audio = meter.stop()
        agent = finish_agent(ann_phone, "ann", folder)
    with designer.app_context():
        states = [row.state for row in db.session.execute(db.select(Interaction)).scalars()]
    return {"caller": run, "agent": agent, "audio": audio, "desk": desk, "states": states}


def test_a_queued_call_reaches_the_agent_and_returns_for_the_survey(
        pool: Supervisor, queued_call: dict[str, Any]) -> None:
    desk: Desk = queued_call["desk"]
    assert desk.errors == [] and len(desk.accepted) == 1
    agent: SippRun = queued_call["agent"]
    assert agent.returncode == 0, (agent.stdout, agent.errors)
    assert "INVITE-TO sip:agent-ann@127.0.0.1:55600 IN" in agent.log
    run: SippRun = queued_call["caller"]
    assert run.returncode == 0, (run.stdout, run.errors)  # the flow hung up after the survey

    heard_by_agent: StreamStats = queued_call["audio"][AGENT_METER]
    assert heard_by_agent.sound_packets >= 50, heard_by_agent  # the caller's tone, bridged
    heard_by_caller: StreamStats = queued_call["audio"][CALLER_METER]
    bridged_at = heard_by_agent.first_at
    assert bridged_at is not None
    from_agent = [run for run in heard_by_caller.sound_runs  # Ann's tone, after the music
                  if bridged_at < run[0] < bridged_at + 3 and run[1] - run[0] > TONE_S / 2]
    assert from_agent, (bridged_at, heard_by_caller.sound_runs)

    (record,) = cdrs_of(pool, ANI, wait_s=15)
    assert record["path"][:2] == ["hello", "queue"]
    assert record["path"][2:].count("survey") >= 1 and record["path"][-2:] == ["thanks", "done"]
    (waited,) = record["metrics"]["in_queue"]
    assert waited["flow"] == "support-wait" and waited["path"][0] == "announce"
    (routed,) = record["transfers"]
    assert routed["mode"] == "queue" and routed["status"] == "success"
    assert routed["agent"] == "ann" and routed["uri"] == "sip:agent-ann@127.0.0.1:55600"
    assert record["disposition"] == "served" and record["ended_by"] == "flow"
    assert queued_call["states"] == [ENDED]
