"""The distributor's lease and rounds on a real database: one holder at a time, takeover when
the holder stops renewing, no interaction offered twice by two distributors at once, and a
holder killed in the middle of a round loses nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session

from designer_ui.extensions import db
from designer_ui.models.base import utcnow
from designer_ui.models.queues import OFFERED, WAITING, AgentProfile, Interaction, Queue
from designer_ui.queues.distributor import Distributor, RoundReport
from tests.designer_ui.conftest import add_user, build_app

ROOT = Path(__file__).resolve().parents[3]


def seed(app: Flask, agents: int, interactions: int, *, ready: bool = True) -> list[int]:
    """A voice queue, agents (voice, one call each) and waiting calls; the agents' ids."""
    ids = [add_user(app, f"agent{n}", ["agent"]) for n in range(agents)]
    with app.app_context():
        queue = Queue(name="calls", channels=["voice"], skills={}, in_queue_flows={},
                      rona_seconds=15)
        db.session.add(queue)
        db.session.flush()
        now = utcnow()
        for n, user_id in enumerate(ids):
            db.session.add(AgentProfile(
                user_id=user_id, skills={}, channels=["voice"], capacity={"voice": 1},
                state="ready" if ready else "offline", reason="", state_since=now,
                idle_since=now - timedelta(seconds=100 - n)))
        for n in range(interactions):
            db.session.add(Interaction(
                active_key=f"voice:call-{n}", queue_id=queue.id, channel="voice",
                session_id=f"call-{n}", skills={}, priority=0, state=WAITING,
                enqueued_at=now - timedelta(seconds=60 - n), declined_by=[], data={}))
        db.session.commit()
    return ids


def offered(app: Flask) -> list[tuple[str, int | None]]:
    with app.app_context():
        rows = db.session.execute(sa.select(Interaction.session_id, Interaction.offered_to)
                                  .where(Interaction.state == OFFERED)).all()
        return sorted((row[0], row[1]) for row in rows)


def test_only_the_holder_acts_and_another_takes_over(app: Flask) -> None:
    first_agent, _ = seed(app, agents=2, interactions=1)
    a, b = Distributor("node-a", [], lease_s=3.0), Distributor("node-b", [], lease_s=3.0)
    now = utcnow()
    with app.app_context():
        assert a.round(db.session, now).held
        assert not b.round(db.session, now + timedelta(seconds=2.9)).held
        assert b.round(db.session, now + timedelta(seconds=3.1)).held
        assert not a.round(db.session, now + timedelta(seconds=3.2)).held
    assert offered(app) == [("call-0", first_agent)]


@pytest.fixture(scope="module")
def pg_app(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[Flask]:
    app = build_app("postgresql", tmp_path_factory.mktemp("queues-pg"), request)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def pg(pg_app: Flask) -> Iterator[Flask]:
    from tests.designer_ui.conftest import empty_tables

    with pg_app.app_context():
        empty_tables()
    yield pg_app
    with pg_app.app_context():
        empty_tables()


def test_two_concurrent_distributors_never_offer_twice(pg: Flask) -> None:
    seed(pg, agents=3, interactions=6)
    reports: list[RoundReport] = []
    lock = threading.Lock()

    def run(holder: str) -> None:
        distributor = Distributor(holder, [], lease_s=3.0)
        with pg.app_context():
            engine = db.engine
        deadline = time.monotonic() + 1.5
        while time.monotonic() < deadline:
            with Session(engine) as session:
                report = distributor.round(session)
            with lock:
                reports.append(report)

    threads = [threading.Thread(target=run, args=(f"node-{n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    made = [offer for report in reports for offer in report.offers]
    now_offered = offered(pg)
    assert len(made) == len(now_offered) == 3
    assert len({session for session, _ in now_offered}) == 3
    assert len({agent for _, agent in now_offered}) == 3
    assert any(not report.held for report in reports)


def test_a_holder_killed_mid_offer_is_replaced_within_5_s_and_loses_nothing(pg: Flask) -> None:
    agents = seed(pg, agents=1, interactions=1, ready=False)
    with pg.app_context():
        url = db.engine.url.render_as_string(hide_password=False)
        options = pg.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]["options"]
    search_path = options.split("search_path=")[1].split()[0]
    with subprocess.Popen(
            [sys.executable, "-m", "tests.designer_ui.queues.distributor_worker", url,
             search_path], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)}) as worker:
        _kill_mid_offer_and_take_over(pg, worker, agents[0])


def _kill_mid_offer_and_take_over(pg: Flask, worker: subprocess.Popen[str], agent: int) -> None:
    try:
        assert worker.stdout is not None and worker.stdin is not None
        assert worker.stdout.readline().strip() == "held"
        with pg.app_context():
            db.session.get(AgentProfile, agent).state = "ready"  # type: ignore[union-attr]
            db.session.commit()
        worker.stdin.write("go\n")
        worker.stdin.flush()
        assert worker.stdout.readline().strip() == "offering 1"
        killed_at = time.monotonic()
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        assert offered(pg) == []  # the dead round's offer was never committed
        successor = Distributor("successor", [], lease_s=3.0)
        with pg.app_context():
            engine = db.engine
        while True:
            with Session(engine) as session:
                report = successor.round(session)
            if report.held:
                break
            assert time.monotonic() - killed_at < 5.0, "nobody took over within 5 s"
            time.sleep(0.2)
        assert time.monotonic() - killed_at < 5.0
        assert report.offers and offered(pg) == [("call-0", agent)]
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
