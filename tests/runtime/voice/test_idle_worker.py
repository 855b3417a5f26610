"""An idle media worker sleeps through its long poll, and still answers the next call at once.

A worker's loop thread is its process's main thread; each time it waits in `libHandleEvents`
and wakes up again, the kernel counts a voluntary context switch (`/proc/PID/task/PID/status`).
Polling at `poll_ms` (10 ms here) is 100 wake-ups a second; an idle worker should wake about
once per `idle_poll_ms` plus once per Kamailio probe.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from runtime.voice import Supervisor
from tests.runtime.voice.conftest import bank_settings
from tests.runtime.voice.helpers import call, cdrs_of, prompt_ms
from tests.runtime.voice.rtp_meter import RtpMeter, StreamStats
from tests.runtime.voice.sipp import Scenario

POOL_PORT = 62200
RTP_BASE = 62400
IDLE_POLL_MS = 1000
"""The idle wait under test (the setting's default keeps the busy poll)."""
CALLER_PORT, CALLER_MEDIA, METER_PORT = 62300, 62310, 62320
WELCOME = "Thank you for calling Acme Bank."
MENU = ("For your account balance, press 1 or say balance. For card services, press 2. To speak "
        "with a banker, press 0.")
WINDOW_S = 3.0
SETTLE_S = 2.5
"""After a call: the file players' grace and pjsua's closing of the null sound device."""


def loop_wakeups(pid: int) -> int:
    """How many times the worker's loop thread has slept and woken so far."""
    status = Path(f"/proc/{pid}/task/{pid}/status").read_text()
    for line in status.splitlines():
        if line.startswith("voluntary_ctxt_switches:"):
            return int(line.split()[1])
    raise AssertionError(f"no context switch count for {pid}")


def wakeups_over(pid: int, seconds: float) -> int:
    before = loop_wakeups(pid)
    time.sleep(seconds)
    return loop_wakeups(pid) - before


def idle_limit(pool: Supervisor) -> float:
    """Wake-ups an idle worker may have in WINDOW_S: twice one per long poll and one per probe
    (a probe restarts the wait), plus a few for anything else."""
    settings = pool.settings
    expected = WINDOW_S * (1000 / settings.idle_poll_ms + 1 / settings.probe_interval_s)
    return 2 * expected + 5


def busy_floor(pool: Supervisor) -> float:
    """An eighth of the wake-ups of polling at `poll_ms` for WINDOW_S (a loaded machine
    stretches each poll), still well above what an idle worker may have."""
    return WINDOW_S * 1000 / pool.settings.poll_ms / 8


@pytest.fixture(scope="module")
def pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Supervisor]:
    folder = tmp_path_factory.mktemp("idle")
    supervisor = Supervisor(bank_settings(folder, POOL_PORT, workers=1, rtp_base=RTP_BASE,
                                          idle_poll_ms=IDLE_POLL_MS))
    supervisor.start()
    try:
        yield supervisor
    finally:
        supervisor.stop()


def worker_pid(pool: Supervisor) -> int:
    (pid,) = pool.worker_pids()
    assert pid is not None
    return pid


@pytest.fixture(scope="module")
def idle_call(pool: Supervisor) -> dict[str, Any]:
    """A call to the worker after it sat idle for longer than its long poll: what the caller
    heard, and the worker's wake-ups before, during and after the call."""
    pid = worker_pid(pool)
    time.sleep(SETTLE_S)
    result: dict[str, Any] = {"idle_before": wakeups_over(pid, WINDOW_S)}
    time.sleep(2.5 * pool.settings.idle_poll_ms / 1000)
    meter = RtpMeter([METER_PORT])
    scenario = Scenario("after-idle", [("pause", 9000), ("bye",)], ani="+15551236201",
                        audio_port=str(METER_PORT))
    runner = threading.Thread(target=lambda: result.setdefault("run", call(
        pool, scenario, port=CALLER_PORT, media_port=CALLER_MEDIA, timeout_s=60)))
    try:
        runner.start()
        time.sleep(2.0)
        result["during"] = wakeups_over(pid, WINDOW_S)
        runner.join(90)
    finally:
        result["audio"] = meter.stop()[METER_PORT]
    time.sleep(SETTLE_S)
    result["idle_after"] = wakeups_over(pid, WINDOW_S)
    return result


def counts(idle_call: dict[str, Any]) -> dict[str, int]:
    return {key: idle_call[key] for key in ("idle_before", "during", "idle_after")}


def test_an_idle_worker_sleeps_through_its_long_poll(pool: Supervisor,
                                                     idle_call: dict[str, Any]) -> None:
    assert idle_call["idle_before"] <= idle_limit(pool), counts(idle_call)


def test_a_worker_that_sat_idle_answers_and_plays_its_prompt(pool: Supervisor,
                                                             idle_call: dict[str, Any]) -> None:
    run = idle_call["run"]
    assert run.returncode == 0, run.errors
    stats: StreamStats = idle_call["audio"]
    expected = prompt_ms(pool, WELCOME, MENU)
    assert stats.packets > 300
    assert abs(stats.sound_ms - expected) < expected * 0.25, (stats.sound_ms, expected)
    (record,) = cdrs_of(pool, "+15551236201")
    assert record["path"] == ["vip_lookup", "outage_check", "hours_check", "welcome",
                              "main_menu", "post_wrapup"]
    assert record["disposition"] == "hangup"


def test_a_worker_with_a_call_polls_at_poll_ms(pool: Supervisor,
                                               idle_call: dict[str, Any]) -> None:
    assert idle_call["during"] >= busy_floor(pool), counts(idle_call)


def test_a_worker_goes_back_to_its_long_poll_after_the_call(pool: Supervisor,
                                                            idle_call: dict[str, Any]) -> None:
    assert idle_call["idle_after"] <= idle_limit(pool), counts(idle_call)
