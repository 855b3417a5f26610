"""Fuzzing the voice entry point: malformed SIP over UDP to Kamailio (the front door) and
straight to the media workers' own SIP ports. Afterwards every process still answers OPTIONS,
no worker crashed (same process ids: the supervisor would have restarted it), and a real call
through the front door is answered and runs the flow.
"""

from __future__ import annotations

import os
import socket
import time
import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runtime.voice import Supervisor
from runtime.voice.supervisor import sip_ping
from tests.runtime.voice.helpers import call
from tests.runtime.voice.sipp import Scenario

POOL_PORT = 52000
FUZZ_EXAMPLES = int(os.environ.get("SIP_FUZZ_EXAMPLES", "150"))
UNKNOWN = "18009999999"
BANK = "18005550100"
METHODS = ["INVITE", "OPTIONS", "REGISTER", "BYE", "CANCEL", "ACK", "INFO", "REFER", "NOTIFY",
           "SUBSCRIBE", "PRACK", "UPDATE", "MESSAGE", "FOO", ""]
GARBAGE = ["", " ", "\x00", "\xff\xfe", ";;;", "<>", "<sip:>", "sip:@", "99999999999999999999",
           "-1", "1 " * 200, "x" * 4000, "\r", "\n", "%00", "<sip:a@[::1:]>", "é", ":"]
SDP_GARBAGE = ["m=audio 99999999 RTP/AVP 0", "m=audio -1 RTP/AVP", "m=video 1 RTP/AVP 96",
               "c=IN IP6 ::1", "c=IN IP4 999.1.1.1", "a=rtpmap:0", "m=audio 4 RTP/AVP " +
               " ".join(str(n) for n in range(128)), "v=9", "", "o=", "a=" + "x" * 2000]


def message(method: str, number: str, headers: list[tuple[str, str]], body: str) -> str:
    lines = [f"{method} sip:{number}@127.0.0.1:{POOL_PORT} SIP/2.0"]
    lines += [f"{name}: {value}" for name, value in headers]
    return "\r\n".join(lines) + "\r\n\r\n" + body


def base_headers(method: str, body: str) -> list[tuple[str, str]]:
    tag = uuid.uuid4().hex[:8]
    return [("Via", f"SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK{tag}"),
            ("From", f"<sip:+15550000000@127.0.0.1:5999>;tag={tag}"),
            ("To", f"<sip:{UNKNOWN}@127.0.0.1:{POOL_PORT}>"), ("Call-ID", f"{tag}@fuzz"),
            ("CSeq", f"1 {method}"), ("Contact", "<sip:fuzz@127.0.0.1:5999>"),
            ("Max-Forwards", "70"), ("Content-Type", "application/sdp"),
            ("Content-Length", str(len(body)))]


def sdp(lines: list[str]) -> str:
    return "\r\n".join(["v=0", "o=x 1 1 IN IP4 127.0.0.1", "s=-", "c=IN IP4 127.0.0.1",
                        "t=0 0", *lines]) + "\r\n"


@st.composite
def sip_datagrams(draw: st.DrawFn) -> bytes:
    """A SIP request with some parts broken, or bytes that only look like one."""
    kind = draw(st.sampled_from(["mutated", "mutated", "mutated", "truncated", "bytes"]))
    if kind == "bytes":
        return draw(st.binary(max_size=600))
    method = draw(st.sampled_from(METHODS))
    body = sdp(draw(st.lists(st.sampled_from(SDP_GARBAGE), max_size=3)) or
               ["m=audio 52900 RTP/AVP 0 101"])
    headers = base_headers(method or "INVITE", body)
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(headers) - 1))
        action = draw(st.sampled_from(["garble", "drop", "repeat"]))
        name, value = headers[index]
        if action == "garble":
            headers[index] = (name, draw(st.one_of(st.sampled_from(GARBAGE),
                                                   st.text(max_size=60))))
        elif action == "drop" and len(headers) > 1:
            headers.pop(index)
        else:
            headers.extend([(name, value)] * draw(st.integers(1, 30)))
    number = draw(st.sampled_from([UNKNOWN, UNKNOWN, BANK, "", "\x00", "a" * 300]))
    text = message(method, number, headers, draw(st.sampled_from([body, "", "x" * 9000])))
    data = text.encode("utf-8", "surrogatepass")
    if kind == "truncated":
        data = data[:draw(st.integers(0, len(data)))]
    return data


class Sender:
    """One UDP socket; answers are read and thrown away so nothing queues up."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.setblocking(False)

    def send(self, data: bytes, port: int) -> None:
        self.sock.sendto(data[:65000], ("127.0.0.1", port))
        time.sleep(0.002)
        self.drain()

    def drain(self) -> None:
        try:
            while self.sock.recv(65535):
                pass
        except BlockingIOError:
            pass


def front_and_workers(pool: Supervisor) -> list[int]:
    return [pool.settings.sip_port] + [pool.settings.worker_sip_port(index)
                                       for index in range(pool.settings.workers)]


def test_malformed_sip_breaks_nothing(bank_pool: Supervisor) -> None:
    ports = front_and_workers(bank_pool)
    pids = bank_pool.worker_pids()
    sender = Sender()

    @settings(max_examples=FUZZ_EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(datagram=sip_datagrams(), port=st.sampled_from(ports))
    def fuzz(datagram: bytes, port: int) -> None:
        sender.send(datagram, port)

    try:
        fuzz()
    finally:
        sender.sock.close()
    for port in ports:
        assert any(sip_ping("127.0.0.1", port, 1.0) for _ in range(3)), port
    assert bank_pool.worker_pids() == pids


def test_a_real_call_is_answered_after_the_fuzz(bank_pool: Supervisor) -> None:
    deadline = time.monotonic() + 60
    while True:
        run = call(bank_pool, Scenario("after-fuzz", [("pause", 1500), ("bye",)],
                                       ani="+15551239950"),
                   port=52510, media_port=52520, timeout_s=20)
        if run.returncode == 0 or time.monotonic() > deadline:
            break
        time.sleep(3)  # calls the fuzz set up may still hold the pool's slots
    assert run.returncode == 0, (run.errors, run.log[-2000:])
