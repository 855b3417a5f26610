"""Overload: the door closes on CPU use (503 + Retry-After) while running calls go on, and a
worker neither answers an INVITE the front door gave up on nor keeps an answer nobody took.

Regressions for "overload collapses the dispatcher": admission followed worker slots only,
and workers answered callers who had been told 408 (answered calls with nobody on them).
"""

from __future__ import annotations

import threading
import time

import pytest

from runtime.voice import Supervisor
from runtime.voice.call_journal import journal_folder
from tests.runtime.voice.conftest import bank_settings
from tests.runtime.voice.front_door import exchange, request
from tests.runtime.voice.helpers import call, cdrs_of
from tests.runtime.voice.sipp import Scenario, SippRun

POOL_PORT = 47000
SDP = ("v=0\r\no=caller 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
       "m=audio 47900 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n")


@pytest.fixture(scope="module")
def pool(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    supervisor = Supervisor(bank_settings(tmp_path_factory.mktemp("overload"), POOL_PORT,
                                          workers=1, unacknowledged_answer_s=1.5))
    supervisor.start()
    yield supervisor
    supervisor.stop()


def invite(target_port: int, local_port: int, *extra: str) -> str | None:
    data = request("INVITE", f"sip:18005550100@127.0.0.1:{target_port}", local_port=local_port,
                   to_tag=False, body=SDP,
                   extra=(f"Contact: <sip:caller@127.0.0.1:{local_port}>",
                          "Content-Type: application/sdp", *extra))
    return exchange(data, target_port, local_port=local_port, wait_s=3.0)


def test_overloaded_pool_refuses_new_calls_with_retry_after(pool: Supervisor) -> None:
    ani = "+15551238951"
    result: dict[str, SippRun] = {}
    runner = threading.Thread(target=lambda: result.setdefault("run", call(
        pool, Scenario("running", [("pause", 3000), ("bye",)], ani=ani), port=47510,
        media_port=47520, timeout_s=30)))
    runner.start()
    journal = journal_folder(pool.settings.instance, 0)
    deadline = time.monotonic() + 15
    while not list(journal.glob("*.jsonl")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(journal.glob("*.jsonl")), "the running call was not answered"

    pool.admission.limit_percent = 0.0  # any CPU use is too much
    pool.check()
    assert pool.admission.closed
    answer = invite(pool.settings.sip_port, 47530)
    assert answer is not None and answer.startswith("SIP/2.0 503"), answer
    assert f"Retry-After: {pool.settings.retry_after_s}" in answer

    runner.join(30)
    assert result["run"].returncode == 0, result["run"].stdout[-2000:]
    assert cdrs_of(pool, ani)[0]["disposition"] != "worker_lost"

    pool.admission.limit_percent = 100.0
    pool.check()
    assert not pool.admission.closed
    after = call(pool, Scenario("reopened", [("pause", 300), ("bye",)], ani="+15551238952"),
                 port=47540, media_port=47550, timeout_s=20)
    assert after.returncode == 0, after.stdout[-2000:]


def test_worker_refuses_an_invite_the_front_door_gave_up_on(pool: Supervisor) -> None:
    worker_port = pool.settings.worker_sip_port(0)
    stale = time.time() - pool.settings.invite_timeout_ms / 1000 - 1
    answer = invite(worker_port, 47560, f"X-Pool-Dispatched: {stale:.6f}")
    assert answer is not None and answer.startswith("SIP/2.0 408"), answer


def test_worker_hangs_up_an_answer_nobody_acknowledged(pool: Supervisor) -> None:
    worker_port = pool.settings.worker_sip_port(0)
    ani_line = "From: <sip:+15551238953@127.0.0.1:47570>;tag=noack"
    data = request("INVITE", f"sip:18005550100@127.0.0.1:{worker_port}", local_port=47570,
                   to_tag=False, drop=("From",),
                   extra=(ani_line, "Contact: <sip:caller@127.0.0.1:47570>",
                          "Content-Type: application/sdp",
                          f"X-Pool-Dispatched: {time.time():.6f}"), body=SDP)
    answer = exchange(data, worker_port, local_port=47570, wait_s=3.0)
    assert answer is not None and answer.startswith("SIP/2.0 200"), answer
    records = cdrs_of(pool, "+15551238953", wait_s=pool.settings.unacknowledged_answer_s + 6)
    assert records, "the unacknowledged call was not ended"
    record = records[0]
    assert record["ended_at"] - record["answered_at"] < pool.settings.unacknowledged_answer_s + 2
