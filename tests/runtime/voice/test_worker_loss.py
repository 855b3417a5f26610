"""A worker killed with calls up: its callers get a BYE within 2 s, and the calls leave records.

Regression for "calls lost with a killed worker leave no trace": before, the callers heard dead
air with no BYE and there was neither a call record nor a closed analytics session.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from runtime.voice import Supervisor
from runtime.voice.call_journal import journal_folder
from tests.runtime.voice.conftest import bank_settings
from tests.runtime.voice.helpers import call, cdrs_of
from tests.runtime.voice.sipp import Scenario, SippRun

POOL_PORT = 45000
CALLS = 3


@pytest.fixture(scope="module")
def pool(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    supervisor = Supervisor(bank_settings(tmp_path_factory.mktemp("loss"), POOL_PORT,
                                          workers=1))
    supervisor.start()
    yield supervisor
    supervisor.stop()


def analytics_events(pool: Supervisor) -> list[dict[str, object]]:
    path = Path(pool.settings.analytics_path)
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_killed_workers_callers_get_bye_and_records(pool: Supervisor) -> None:
    ani = "+15551238901"
    scenario = Scenario("lost", [("wait_bye", 30000)], ani=ani)
    result: dict[str, SippRun] = {}
    finished: dict[str, float] = {}

    def run() -> None:
        result["run"] = call(pool, scenario, port=45510, media_port=45520, calls=CALLS,
                             rate=10, limit=CALLS, timeout_s=40)
        finished["at"] = time.monotonic()

    runner = threading.Thread(target=run)
    runner.start()
    journal = journal_folder(pool.settings.instance, 0)
    deadline = time.monotonic() + 20
    while len(list(journal.glob("*.jsonl"))) < CALLS and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(list(journal.glob("*.jsonl"))) == CALLS
    time.sleep(1.0)  # the flows are talking
    victim = pool.worker_pids()[0]
    assert victim is not None
    os.kill(victim, signal.SIGKILL)
    killed = time.monotonic()
    while runner.is_alive() and time.monotonic() - killed < 10:
        pool.check()
        time.sleep(0.05)
    runner.join(30)
    run_result = result["run"]
    assert run_result.returncode == 0, run_result.stdout[-2000:] + run_result.errors[-2000:]
    assert finished["at"] - killed < 2.0

    records = cdrs_of(pool, ani, count=CALLS)
    assert len(records) == CALLS
    assert {r["disposition"] for r in records} == {"worker_lost"}
    assert all(r["flow_id"] == "bank-ivr" and r["answered_at"] for r in records)
    assert not list(journal.glob("*.jsonl"))

    sessions = {r["id"] for r in records}
    events = [e for e in analytics_events(pool) if e.get("session_id") in sessions]
    for session in sessions:
        mine = sorted(int(str(e["seq"])) for e in events if e["session_id"] == session)
        assert mine == list(range(1, len(mine) + 1))
        last = max((e for e in events if e["session_id"] == session),
                   key=lambda e: int(str(e["seq"])))
        assert last["kind"] == "session_end"
        assert last["data"] == {"reason": "worker_lost"}
