"""Callbacks that really call back, over real SIP: the Designer's dialer loop orders due
callbacks, a media worker behind Kamailio takes the order and dials a SIPp UAS standing in for
the customer's phone, runs the queue's outbound flow ("press 1 to be connected") and routes the
customer, with the callback's attached data, to a second UAS standing in for the queue's agent.
Busy then answer on the retry, a scheduled callback at its time (a controllable clock), a
cancel through the API before dialling, and a worker killed mid-dial (recovery requeues it,
nobody dials it twice at once)."""

from __future__ import annotations

import os
import secrets
import signal
import struct
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from designer_ui.app import create_app
from designer_ui.callbacks.booking import BookingRequest, CallbackBooking
from designer_ui.callbacks.dialer_loop import CallbackDialer
from designer_ui.callbacks.dialer_settings import DialerSettings
from designer_ui.callbacks.settings import CallbackSettings
from designer_ui.extensions import db
from designer_ui.models import ApiToken, CallbackAttempt, CallbackRequest, Queue, User
from designer_ui.models.users import hash_token
from runtime.voice import Supervisor
from runtime.voice.dialer import free_lines
from tests.runtime.voice.callback_pool import dialling_pool
from tests.runtime.voice.dtmf_pcap import RTP_OFFSET, key_sequence_pcap
from tests.runtime.voice.front_door import exchange, request
from tests.runtime.voice.outbound_flow import returning_call_flow
from tests.runtime.voice.sipp import (
    AGENT_ANSWER,
    HEAD,
    RESPOND_200,
    SippRun,
    agent_xml,
    finish_agent,
    start_agent,
)

POOL_PORT = 56000
CUSTOMER_PORT = 56500
CUSTOMER_MEDIA = 56520
AGENT_PORT = 56600
AGENT_MEDIA = 56620
CALLER_ID = "+18005550100"
NUMBER = "+14155550123"
FLOWS = {"support": "returning-call"}
SETTINGS = CallbackSettings(caller_ids={"*": CALLER_ID})

OUTBOUND_FLOW = returning_call_flow("support", 4000)


@dataclass
class Clock:
    offset: timedelta = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


@dataclass
class World:
    app: Flask
    pool: Supervisor
    folder: Path
    clock: Clock
    dialer: CallbackDialer

    def tick(self) -> int:
        with self.app.app_context():
            try:
                return self.dialer.tick(db.session).ordered
            finally:
                db.session.remove()

    def book(self, **options: Any) -> int:
        with self.app.app_context():
            booking = CallbackBooking(db.session, SETTINGS, now=self.clock)
            request = BookingRequest(queue="support", number=options.pop("number", NUMBER),
                                     **options)
            return booking.book(request).id

    def callback(self, callback_id: int) -> tuple[CallbackRequest, list[CallbackAttempt]]:
        with self.app.app_context():
            row = db.session.get(CallbackRequest, callback_id)
            assert row is not None
            attempts = db.session.execute(sa.select(CallbackAttempt).where(
                CallbackAttempt.callback_id == callback_id).order_by(CallbackAttempt.id)
            ).scalars().all()
            db.session.expunge_all()
            return row, list(attempts)

    def wait_for(self, callback_id: int, done: Callable[[CallbackRequest,
                                                         list[CallbackAttempt]], bool],
                 timeout_s: float = 40.0) -> tuple[CallbackRequest, list[CallbackAttempt]]:
        deadline = time.monotonic() + timeout_s
        while True:
            row, attempts = self.callback(callback_id)
            if done(row, attempts) or time.monotonic() > deadline:
                return row, attempts
            time.sleep(0.2)


EVENT_PAYLOAD = 120
"""The telephone-event payload type a worker offers; an answer keeps the offered number."""
CUSTOMER_ANSWER = AGENT_ANSWER.replace(
    "m=audio [media_port] RTP/AVP 0\na=rtpmap:0 PCMU/8000",
    f"m=audio [media_port] RTP/AVP 0 {EVENT_PAYLOAD}\na=rtpmap:0 PCMU/8000\n"
    f"a=rtpmap:{EVENT_PAYLOAD} telephone-event/8000\na=fmtp:{EVENT_PAYLOAD} 0-15")
"""The customer's phone answers the worker's offer and sends its keys as RFC 4733 events."""
ROUTED_ANSWER = CUSTOMER_ANSWER.replace("[last_CSeq:]\n",
                                       "[last_CSeq:]\n[last_Record-Route:]\n")
"""As a phone behind a carrier answers: it keeps the pool's Record-Route, so the worker's BYE
goes through Kamailio and its answer comes back the same way. Without it the BYE goes straight
to the phone, SIPp answers to where its dialog came from (Kamailio), the answer is lost and the
worker's call keeps its pjsua slot until the BYE times out (32 s)."""


def keys_pcap(keys: str, target: Path, step: int) -> Path:
    """SIPp's key captures (payload 101) with the payload type the worker offered."""
    key_sequence_pcap(keys, target, step=step)
    data, offset = bytearray(target.read_bytes()), 24
    while offset + 16 <= len(data):
        length = struct.unpack("<I", data[offset + 8:offset + 12])[0]
        marker = offset + 16 + RTP_OFFSET + 1
        if data[marker] & 0x7F == 101:
            data[marker] = (data[marker] & 0x80) | EVENT_PAYLOAD
        offset += 16 + length
    target.write_bytes(bytes(data))
    return target


def customer_xml(name: str, keys_pcap: Path | None, *, routed: bool = True) -> str:
    """The customer's phone: logs the INVITE, answers, presses the keys of `keys_pcap` (or
    nothing: an answering machine) and waits for the worker's BYE (`routed`: it keeps the
    Record-Route, see `ROUTED_ANSWER`)."""
    parts = [HEAD.format(name=name),
             '  <recv request="INVITE" crlf="true">\n'
             '    <action><ereg regexp="^INVITE ([^ ]*)" search_in="msg" check_it="true" '
             'assign_to="whole,ruri"/><log message="INVITE-TO [$ruri] IN [$whole]"/>'
             '<ereg regexp=".*" search_in="hdr" header="From:" check_it="true" '
             'assign_to="caller"/><log message="CALLER [$caller]"/></action>\n'
             '  </recv>\n', ROUTED_ANSWER if routed else CUSTOMER_ANSWER,
             '  <pause milliseconds="2500"/>\n']
    if keys_pcap is not None:
        parts.append(f'  <nop><action><exec play_pcap_audio="{keys_pcap}"/></action></nop>\n')
    parts.append('  <recv request="BYE" timeout="40000"/>\n' + RESPOND_200 + "</scenario>\n")
    return "".join(parts)


AGENT_HANGS_UP = HEAD.format(name="agent") + """  <recv request="INVITE" crlf="true" rrs="true">
    <action>
      <ereg regexp=".*" search_in="hdr" header="From:" check_it="true" assign_to="caller"/>
      <ereg regexp=".*" search_in="hdr" header="X-Reason:" check_it="false" assign_to="why"/>
      <log message="AGENT-INVITE from [$caller] because [$why]"/>
    </action>
  </recv>
""" + AGENT_ANSWER + """  <pause milliseconds="2000"/>
  <send retrans="500"><![CDATA[
BYE [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:agent@[local_ip]:[local_port]>;tag=[pid]SIPpAgent[call_number]
To:[$caller]
Call-ID: [call_id]
CSeq: 2 BYE
Max-Forwards: 70
Content-Length: 0

  ]]></send>
  <recv response="200"/>
</scenario>
"""
"""The agent answers, talks for two seconds and hangs up; the worker then ends the customer's
call (a bridged leg that ends takes its peer with it)."""

RINGING_ONLY = HEAD.format(name="ringing") + """  <recv request="INVITE" crlf="true">
    <action><log message="INVITE [last_Call-ID:]"/></action>
  </recv>
  <send><![CDATA[
SIP/2.0 180 Ringing
[last_Via:]
[last_From:]
[last_To:];tag=[pid]SIPpRing[call_number]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0

  ]]></send>
  <pause milliseconds="60000"/>
</scenario>
"""


@pytest.fixture
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """A Designer database and a one-worker pool of its own for each test."""
    folder = tmp_path_factory.mktemp("callback-dialer")
    app = create_app({"INSTANCE_PATH": str(folder / "designer"), "SECRET_KEY": "test-secret",
                      "TESTING": True})
    with app.app_context():
        db.session.add(Queue(name="support", channels=["voice"], hours=None))
        db.session.commit()
    clock = Clock()
    dialer = CallbackDialer("test-dialer", SETTINGS, DialerSettings(flows=FLOWS, recover_s=300),
                            clock=clock)
    try:
        with dialling_pool(app, folder, OUTBOUND_FLOW, FLOWS, base=POOL_PORT,
                           rtp_base=POOL_PORT + 1000, customer_port=CUSTOMER_PORT,
                           agent_port=AGENT_PORT) as pool:
            yield World(app, pool, folder, clock, dialer)
    finally:
        with app.app_context():
            db.engine.dispose()


PHONES: list[subprocess.Popen[str]] = []


@pytest.fixture(autouse=True)
def no_phone_outlives_its_test() -> Iterator[None]:
    """A failed test must not leave a SIPp phone holding the next test's port."""
    yield
    while PHONES:
        process = PHONES.pop()
        if process.poll() is None:
            process.kill()
            process.communicate()


def phone(world: World, name: str, xml: str, port: int, media: int) -> subprocess.Popen[str]:
    process = start_agent(xml, name, world.folder / "sipp", port=port, media_port=media,
                          timeout_s=60)
    PHONES.append(process)
    return process


def answered(world: World, name: str, step: int) -> subprocess.Popen[str]:
    keys = keys_pcap("1", world.folder / f"{name}-keys.pcap", step)
    return phone(world, name, customer_xml(name, keys), CUSTOMER_PORT, CUSTOMER_MEDIA)


def done_with(world: World, process: subprocess.Popen[str], name: str) -> SippRun:
    return finish_agent(process, name, world.folder / "sipp", timeout_s=60)


def test_a_due_callback_is_dialled_and_pressing_1_reaches_an_agent(world: World) -> None:
    callback_id = world.book(data={"reason": "card blocked"})
    agent = phone(world, "agent-1", AGENT_HANGS_UP, AGENT_PORT, AGENT_MEDIA)
    customer = answered(world, "customer-1", 0)
    assert world.tick() == 1
    customer_run = done_with(world, customer, "customer-1")
    agent_run = done_with(world, agent, "agent-1")
    assert customer_run.returncode == 0, customer_run.stdout + customer_run.errors
    assert agent_run.returncode == 0, agent_run.stdout + agent_run.errors
    assert f"sip:{NUMBER}@" in customer_run.log
    assert f"CALLER <sip:{CALLER_ID}@" in customer_run.log.replace("CALLER  ", "CALLER ")
    assert "card blocked" in agent_run.log  # the attached data reached the agent side
    row, attempts = world.wait_for(callback_id, lambda row, _: row.state == "completed")
    assert (row.state, row.reason) == ("completed", "")
    assert [(a.result, a.sip_code) for a in attempts] == [("connected", 200)]
    assert attempts[0].dialer.startswith("voice:")


def test_busy_then_answered_on_the_retry(world: World) -> None:
    callback_id = world.book()
    busy = phone(world, "busy", agent_xml("busy", reject=486), CUSTOMER_PORT, CUSTOMER_MEDIA)
    assert world.tick() == 1
    assert done_with(world, busy, "busy").returncode == 0
    row, attempts = world.wait_for(callback_id, lambda row, _: row.state == "queued")
    assert row.state == "queued" and "486" in row.reason
    assert [(a.result, a.sip_code) for a in attempts] == [("failed", 486)]
    assert world.tick() == 0  # the retry waits its interval
    world.clock.offset += timedelta(seconds=301)
    agent = phone(world, "agent-2", AGENT_HANGS_UP, AGENT_PORT, AGENT_MEDIA)
    customer = answered(world, "customer-2", 1)
    assert world.tick() == 1
    assert done_with(world, customer, "customer-2").returncode == 0
    assert done_with(world, agent, "agent-2").returncode == 0
    row, attempts = world.wait_for(callback_id, lambda row, _: row.state == "completed")
    assert row.state == "completed"
    assert [(a.result, a.sip_code) for a in attempts] == [("failed", 486), ("connected", 200)]


def test_no_key_pressed_counts_as_not_answered(world: World) -> None:
    callback_id = world.book()
    machine = phone(world, "machine", customer_xml("machine", None), CUSTOMER_PORT,
                    CUSTOMER_MEDIA)
    assert world.tick() == 1
    assert done_with(world, machine, "machine").returncode == 0
    row, attempts = world.wait_for(callback_id, lambda row, _: row.state != "dialing")
    assert row.state == "queued"
    assert [(a.result, a.sip_code) for a in attempts] == [("failed", 480)]
    assert "no key was pressed" in attempts[0].reason


def test_a_scheduled_callback_fires_at_its_time(world: World) -> None:
    due = (world.clock() + timedelta(hours=3)).replace(minute=0, second=0, microsecond=0)
    callback_id = world.book(kind="scheduled", desired=due)
    assert world.tick() == 0
    assert world.callback(callback_id)[0].state == "scheduled"
    world.clock.offset = due - datetime.now(UTC) + timedelta(seconds=1)
    agent = phone(world, "agent-3", AGENT_HANGS_UP, AGENT_PORT, AGENT_MEDIA)
    customer = answered(world, "customer-3", 2)
    assert world.tick() == 1
    assert done_with(world, customer, "customer-3").returncode == 0
    assert done_with(world, agent, "agent-3").returncode == 0
    row, _ = world.wait_for(callback_id, lambda row, _: row.state == "completed")
    assert row.state == "completed"


def test_cancel_through_the_api_stops_a_due_callback(world: World) -> None:
    callback_id = world.book()
    token = "dsg_" + secrets.token_urlsafe(24)
    with world.app.app_context():
        user = User(username="desk", display_name="Desk", roles=["agent"], active=True,
                    password_hash="-")
        db.session.add(user)
        db.session.flush()
        db.session.add(ApiToken(user_id=user.id, name="t", prefix=token[:10],
                                token_hash=hash_token(token)))
        db.session.commit()
    response = world.app.test_client().delete(f"/api/v1/callbacks/{callback_id}",
                                              headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.get_json()
    assert world.tick() == 0
    row, attempts = world.callback(callback_id)
    assert row.state == "cancelled" and attempts == []


def test_a_worker_killed_mid_dial_loses_nothing_and_dials_nothing_twice(world: World) -> None:
    callback_id = world.book()
    ringing = phone(world, "ringing", RINGING_ONLY, CUSTOMER_PORT, CUSTOMER_MEDIA)
    try:
        assert world.tick() == 1
        row, attempts = world.wait_for(
            callback_id, lambda _, attempts: attempts[0].dialer.startswith("voice:"))
        deadline = time.monotonic() + 10
        log = world.folder / "sipp" / "ringing.log"
        while time.monotonic() < deadline and "INVITE" not in (
                log.read_text() if log.exists() else ""):
            time.sleep(0.1)
        pid = world.pool.worker_pids()[0]
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and world.pool.worker_pids()[0] in (None, pid):
            world.pool.check()
            time.sleep(0.2)
        time.sleep(2)  # the restarted worker polls for orders; this one is not one any more
        row, attempts = world.callback(callback_id)
        assert row.state == "dialing" and [a.result for a in attempts] == ["dialing"]
        world.dialer.settings = DialerSettings(flows=FLOWS, recover_s=0)
        world.clock.offset += timedelta(seconds=1)
        assert world.tick() == 0  # recovered and requeued, the retry waits its interval
        row, attempts = world.callback(callback_id)
        assert row.state == "queued"
        assert [(a.result, a.reason) for a in attempts] == [("failed", "dialer lost")]
    finally:
        ringing.kill()
        ringing.communicate()
    invites = (world.folder / "sipp" / "ringing.log").read_text().count("INVITE ")
    assert invites == 1


def bridge_one(world: World, name: str, step: int, *, routed: bool = True) -> None:
    """Book a callback, let the dialer order it, and check that the customer (pressing 1) was
    bridged to the agent and the callback completed."""
    callback_id = world.book(number=f"+1415555{step:04d}")
    agent = phone(world, f"agent-{name}", AGENT_HANGS_UP, AGENT_PORT, AGENT_MEDIA)
    keys = keys_pcap("1", world.folder / f"{name}-keys.pcap", step)
    customer = phone(world, f"customer-{name}", customer_xml(f"customer-{name}", keys,
                                                             routed=routed),
                     CUSTOMER_PORT, CUSTOMER_MEDIA)
    assert world.tick() == 1
    customer_run = done_with(world, customer, f"customer-{name}")
    agent_run = done_with(world, agent, f"agent-{name}")
    assert customer_run.returncode == 0, (name, customer_run.stdout + customer_run.errors)
    assert agent_run.returncode == 0, (name, agent_run.stdout + agent_run.errors)
    row, attempts = world.wait_for(callback_id, lambda row, _: row.state == "completed")
    assert (name, row.state, row.reason) == (name, "completed", "")
    assert [(a.result, a.sip_code) for a in attempts] == [("connected", 200)]


def test_several_callbacks_bridged_in_a_row_on_one_pool(world: World) -> None:
    """One worker places and bridges callback after callback: every call slot it used comes
    back, so the fifth bridge (more pjsua call slots than the worker has) is placed like the
    first."""
    for turn in range(5):
        bridge_one(world, f"row-{turn}", 10 + turn)



def presses_1_by_info(after_ms: int) -> str:
    """Customers as in the dialer bench: each keeps the Record-Route, presses 1 by SIP INFO
    `after_ms` after answering and waits for the worker's BYE."""
    return PRESSES_1_BY_INFO.replace('<pause milliseconds="2500"/>',
                                     f'<pause milliseconds="{after_ms}"/>')


PRESSES_1_BY_INFO = HEAD.format(name="customers") + """  <recv request="INVITE" crlf="true" rrs="true">
    <action>
      <ereg regexp=".*" search_in="hdr" header="From:" check_it="true" assign_to="caller"/>
      <log message="CUSTOMER-INVITE [clock_tick]"/>
    </action>
  </recv>
""" + ROUTED_ANSWER.replace("SIPpAgent", "SIPpCustomer") + """  <pause milliseconds="2500"/>
  <send><![CDATA[
INFO [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:customer@[local_ip]:[local_port]>;tag=[pid]SIPpCustomer[call_number]
To:[$caller]
Call-ID: [call_id]
[routes]
CSeq: 1 INFO
Max-Forwards: 70
Content-Type: application/dtmf-relay
Content-Length: [len]

Signal=1
Duration=160
  ]]></send>
  <recv response="200"/>
  <recv request="BYE" timeout="40000"/>
""" + RESPOND_200 + "</scenario>\n"
"""`presses_1_by_info(2500)`."""


def many_calls(world: World, name: str, xml: str, port: int, media: int,
               calls: int) -> subprocess.Popen[str]:
    """A SIPp UAS on `port` that takes `calls` calls, at once if they come so."""
    folder = world.folder / "sipp"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.xml").write_text(xml)
    process = subprocess.Popen(
        ["sipp", "-sf", str(folder / f"{name}.xml"), "-i", "127.0.0.1", "-p", str(port),
         "-mi", "127.0.0.1", "-mp", str(media), "-m", str(calls), "-nostdin", "-trace_logs",
         "-log_file", str(folder / f"{name}.log"), "-trace_err", "-error_file",
         str(folder / f"{name}.errors"), "-timeout", "60s", "-timeout_error"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace",
        cwd=folder)
    PHONES.append(process)
    return process


def test_callbacks_ordered_together_each_find_a_slot_for_their_agent(world: World) -> None:
    """Three callbacks ordered at once to a one-worker pool, every customer answering and
    pressing 1 by SIP INFO: the worker places two, each keeping a pjsua call slot for its
    agent's leg, and the third once those have ended. Before, it placed the third while the
    first two were not yet bridged (counting only the calls it held), one of the three bridges
    found no slot (PJ_ETOOMANY) and that customer was hung up just after pressing 1, completed
    as abandoned: in the dialer bench, a customer's stream that stopped at the key press."""
    world.dialer.settings = DialerSettings(flows=FLOWS, recover_s=300, calls_per_minute=600)
    booked = [world.book(number=f"+1415555{20 + n:04d}") for n in range(3)]
    agents = many_calls(world, "agents", AGENT_HANGS_UP, AGENT_PORT, AGENT_MEDIA, 3)
    customers = many_calls(world, "customers", PRESSES_1_BY_INFO, CUSTOMER_PORT,
                           CUSTOMER_MEDIA, 3)
    assert world.tick() == 3
    customers_run = done_with(world, customers, "customers")
    assert customers_run.returncode == 0, customers_run.stdout + customers_run.errors
    for callback_id in booked:
        row, attempts = world.wait_for(callback_id, lambda row, _: row.state == "completed")
        assert (callback_id, row.state, row.reason) == (callback_id, "completed", "")
        assert [(a.result, a.sip_code) for a in attempts] == [("connected", 200)]
    agents_run = done_with(world, agents, "agents")
    assert agents_run.returncode == 0, agents_run.stdout + agents_run.errors
    assert agents_run.log.count("AGENT-INVITE") == 3  # every customer reached an agent
    invited = sorted(int(line.split()[1]) for line in customers_run.log.splitlines()
                     if line.startswith("CUSTOMER-INVITE"))
    assert len(invited) == 3
    assert invited[2] - invited[1] > 2500  # the third call waited for a free pair of slots


INBOUND_SDP = ("v=0\r\no=caller 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
               "m=audio 56900 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n")


def inbound_answer(local_port: int) -> str:
    """The worker's final answer to an inbound INVITE sent straight to it (the pool's flows
    give no inbound number a flow: an admitted call gets 404, a refused one 486)."""
    invite = request("INVITE", f"sip:18005550199@127.0.0.1:{POOL_PORT + 10}",
                     local_port=local_port, to_tag=False, body=INBOUND_SDP,
                     extra=(f"Contact: <sip:caller@127.0.0.1:{local_port}>",
                            "Content-Type: application/sdp"))
    answer = exchange(invite, POOL_PORT + 10, local_port=local_port, wait_s=5)
    assert answer is not None
    return answer.split("\r\n", 1)[0]


def test_an_inbound_call_does_not_take_the_slot_kept_for_an_agent(world: World) -> None:
    """While two placed callbacks wait for their customers' key, the worker's four pjsua call
    slots are spoken for (two customers, two agents to come): an inbound call is refused with
    486 (the front door tries another worker) instead of taking an agent's slot, and both
    customers still reach their agents; once they are done, an inbound call is admitted."""
    world.dialer.settings = DialerSettings(flows=FLOWS, recover_s=300, calls_per_minute=600)
    booked = [world.book(number=f"+1415555{30 + n:04d}") for n in range(2)]
    agents = many_calls(world, "agents", AGENT_HANGS_UP, AGENT_PORT, AGENT_MEDIA, 2)
    customers = many_calls(world, "customers", presses_1_by_info(5000), CUSTOMER_PORT,
                           CUSTOMER_MEDIA, 2)
    assert world.tick() == 2
    for callback_id in booked:
        world.wait_for(callback_id, lambda _, attempts: attempts[0].dialer.startswith("voice:"))
    time.sleep(0.5)  # both placed and answered; the keys come 5 s after the answer
    assert inbound_answer(56950) == "SIP/2.0 486 Busy Here"
    customers_run = done_with(world, customers, "customers")
    assert customers_run.returncode == 0, customers_run.stdout + customers_run.errors
    for callback_id in booked:
        row, _ = world.wait_for(callback_id, lambda row, _: row.state == "completed")
        assert (callback_id, row.state, row.reason) == (callback_id, "completed", "")
    agents_run = done_with(world, agents, "agents")
    assert agents_run.returncode == 0, agents_run.stdout + agents_run.errors
    deadline = time.monotonic() + 10
    answer = inbound_answer(56952)
    while answer == "SIP/2.0 486 Busy Here" and time.monotonic() < deadline:
        time.sleep(0.5)  # the hung-up calls hold their slots until their BYE is answered
        answer = inbound_answer(56952)
    assert answer == "SIP/2.0 404 Not Found"


@pytest.mark.parametrize(("sessions", "calls", "awaiting", "expected"), [
    (0, 0, 0, 2),  # an idle worker: two callbacks, each with room for its agent's leg
    (1, 2, 0, 1),  # one bridged callback
    (1, 1, 1, 1),  # one callback not yet bridged (its agent's slot stays free)
    (2, 2, 2, 0),  # two callbacks not yet bridged: both agents' slots stay free
    (2, 3, 1, 0),  # one bridged, one not yet
    (0, 3, 0, 0),  # three hung-up calls still waiting for their BYE's answer hold their slots
    (0, 2, 0, 1),
    (4, 0, 0, 0),  # every session line taken
    (0, 5, 0, 0),
])
def test_a_worker_places_callbacks_only_with_slots_for_their_bridges(
        sessions: int, calls: int, awaiting: int, expected: int) -> None:
    assert free_lines(4, sessions, calls, awaiting) == expected
