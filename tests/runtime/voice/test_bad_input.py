"""What callers cannot break: malformed requests, codecs we do not speak, unknown numbers, and
more calls than the pool can take."""

from __future__ import annotations

import socket
import threading
import time
import uuid

from runtime.voice import Supervisor
from runtime.voice.supervisor import sip_ping
from tests.runtime.voice.helpers import call, cdrs_of
from tests.runtime.voice.sipp import Scenario, SippRun

POOL_PORT = 42000


def send_raw(port: int, message: str, timeout_s: float = 3.0) -> str:
    """Send one request; the first final response (or the last provisional one, or '')."""
    response = ""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        local = sock.getsockname()[1]
        sock.settimeout(timeout_s)
        sock.sendto(message.replace("LOCAL", str(local)).encode(), ("127.0.0.1", port))
        while final_status(response) < 200:
            try:
                response = sock.recv(65535).decode(errors="replace")
            except TimeoutError:
                break
    return response


def invite(body_codecs: str = "0 101", *, cseq: str = "1 INVITE", extra: str = "") -> str:
    tag = uuid.uuid4().hex[:8]
    body = (f"v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            f"m=audio 42900 RTP/AVP {body_codecs}\r\n")
    return (f"INVITE sip:18005550100@127.0.0.1:{POOL_PORT} SIP/2.0\r\n"
            f"Via: SIP/2.0/UDP 127.0.0.1:LOCAL;branch=z9hG4bK{tag}\r\n"
            f"From: <sip:+15550000000@127.0.0.1:LOCAL>;tag={tag}\r\n"
            f"To: <sip:18005550100@127.0.0.1:{POOL_PORT}>\r\nCall-ID: {tag}@test\r\n"
            f"CSeq: {cseq}\r\nContact: <sip:t@127.0.0.1:LOCAL>\r\nMax-Forwards: 70\r\n{extra}"
            f"Content-Type: application/sdp\r\nContent-Length: {len(body)}\r\n\r\n{body}")


def final_status(response: str) -> int:
    return int(response.split(" ")[1]) if response.startswith("SIP/2.0") else 0


def test_malformed_invites_get_400_and_break_nothing(bank_pool: Supervisor) -> None:
    assert final_status(send_raw(POOL_PORT, invite(cseq="one INVITE"))) == 400
    assert final_status(send_raw(POOL_PORT, invite(extra="Content-Length: 9999\r\n").replace(
        "Content-Length: 1", "Content-Length: 9", 1))) in (400, 0)
    for index in range(bank_pool.settings.workers):
        send_raw(bank_pool.settings.worker_sip_port(index), "\x00\xffgarbage\r\n\r\n", 0.3)
        send_raw(bank_pool.settings.worker_sip_port(index), "INVITE nonsense\r\n\r\n", 0.3)
    for index in range(bank_pool.settings.workers):
        assert sip_ping("127.0.0.1", bank_pool.settings.worker_sip_port(index))
    assert all(pid is not None for pid in bank_pool.worker_pids())


def test_an_offer_without_a_common_codec_gets_488(bank_pool: Supervisor) -> None:
    response = send_raw(POOL_PORT, invite("3 18"))
    assert final_status(response) == 488, response


def test_a_488_leaves_a_rejected_call_record(bank_pool: Supervisor) -> None:
    """pjsua refuses the offer before the worker's `onIncomingCall`; the record is still
    written, stamped with the INVITE's arrival."""
    sent_at = time.time()
    response = send_raw(POOL_PORT, invite("3 18").replace("+15550000000", "+15551239903"))
    assert final_status(response) == 488, response
    (record,) = cdrs_of(bank_pool, "+15551239903")
    assert record["sip_status"] == 488 and record["disposition"] == "rejected"
    assert record["dnis"] == "18005550100" and record["ended_by"] == "worker"
    assert record["sip_call_id"] in response
    assert sent_at <= record["started_at"] <= record["ended_at"] <= time.time()


def test_an_unknown_number_gets_404(bank_pool: Supervisor) -> None:
    scenario = Scenario("unknown", [], ani="+15551239901")
    run = call(bank_pool, scenario, port=42510, media_port=42520, service="18009999999",
               extra=["-aa"], timeout_s=10)
    assert "404" in run.stdout + run.errors + run.log or run.returncode != 0
    (record,) = cdrs_of(bank_pool, "+15551239901")
    assert record["sip_status"] == 404 and record["disposition"] == "rejected"


def test_a_flood_gets_503_and_calls_in_progress_carry_on(bank_pool: Supervisor) -> None:
    capacity = bank_pool.settings.workers * bank_pool.settings.calls_per_worker
    held: dict[str, SippRun] = {}
    long_calls = Scenario("held", [("pause", 7000), ("bye",)], ani="+15551239902")

    def hold() -> None:
        held["run"] = call(bank_pool, long_calls, port=42530, media_port=42540,
                           calls=capacity, rate=50, limit=capacity, timeout_s=40)

    thread = threading.Thread(target=hold)
    thread.start()
    time.sleep(2.5)
    busy = [send_raw(POOL_PORT, invite(), 4.0) for _ in range(3)]
    statuses = []
    for response in busy:
        statuses.append(final_status(response))
    thread.join(60)
    assert statuses == [503, 503, 503], statuses
    assert held["run"].returncode == 0, held["run"].errors
    records = cdrs_of(bank_pool, "+15551239902", count=capacity)
    assert len(records) == capacity
    assert all(r["disposition"] == "hangup" and r["path"][-1] == "post_wrapup" for r in records)
