"""A worker killed in the middle of a load run loses only its own calls and comes back."""

from __future__ import annotations

import os
import re
import signal
import threading
import time

import pytest

from runtime.voice import Supervisor
from runtime.voice.supervisor import sip_ping
from tests.runtime.voice.conftest import bank_settings
from tests.runtime.voice.helpers import call, cdrs_of
from tests.runtime.voice.sipp import Scenario, SippRun

POOL_PORT = 43000


def totals(run: SippRun) -> tuple[int, int]:
    def last(label: str) -> int:
        found = re.findall(rf"{label}\s+\|\s+\d+\s+\|\s+(\d+)", run.stdout)
        return int(found[-1]) if found else -1

    return last("Successful call"), last("Failed call")


@pytest.fixture(scope="module")
def pool(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    supervisor = Supervisor(bank_settings(tmp_path_factory.mktemp("pool"), POOL_PORT, workers=3))
    supervisor.start()
    yield supervisor
    supervisor.stop()


def test_sigkill_drops_only_that_workers_calls(pool: Supervisor) -> None:
    scenario = Scenario("load", [("pause", 3000), ("bye",)], ani="+15551238801")
    result: dict[str, SippRun] = {}
    # At most as many calls at once as the two surviving workers hold: the killed worker's
    # callers get a BYE at once (their slots free up), and a pool short of a worker must
    # answer calls beyond its remaining capacity 503 until the worker is back.
    surviving = (pool.settings.workers - 1) * pool.settings.calls_per_worker
    runner = threading.Thread(target=lambda: result.setdefault("run", call(
        pool, scenario, port=43510, media_port=43520, calls=30, rate=5, limit=surviving,
        timeout_s=60, extra=["-recv_timeout", "6000"])))
    runner.start()
    time.sleep(2.5)
    victim = pool.worker_pids()[1]
    assert victim is not None
    os.kill(victim, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        pool.check()
        pids = pool.worker_pids()
        if pids[1] is not None and pids[1] != victim:
            break
        time.sleep(0.1)
    runner.join(90)
    successful, failed = totals(result["run"])
    assert pool.worker_pids()[1] not in (None, victim)
    assert pool.workers[1].restarts == 1
    assert 1 <= failed <= pool.settings.calls_per_worker, result["run"].stdout[-2000:]
    assert successful == 30 - failed
    assert sip_ping("127.0.0.1", pool.settings.worker_sip_port(1))

    time.sleep(pool.settings.probe_interval_s * 2 + 0.5)
    again = call(pool, Scenario("after", [("pause", 500), ("bye",)], ani="+15551238802"),
                 port=43530, media_port=43540, calls=6, rate=10, limit=6, timeout_s=30)
    assert totals(again) == (6, 0)
    workers = {record["worker"] for record in cdrs_of(pool, "+15551238802", count=6)}
    assert workers == {0, 1, 2}
