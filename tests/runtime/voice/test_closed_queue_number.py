"""A phone number that leads straight into a voice queue, called while the queue is closed:
the media worker runs the built-in queue-entry flow, enqueues the call, the distributor's round
gives it up with `closed` (the queue's hours say closed), the worker's next poll feeds the
route that result, and the caller hears why before the flow hangs up — within seconds, not
after the queue's maximum wait. SIPp places the call; the worker reads the Designer's SQLite
database as in production."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from flask import Flask

from designer_ui.extensions import db
from designer_ui.models.queues import ABANDONED, Interaction
from designer_ui.queues import distributor_for, run_round
from runtime.voice import Supervisor
from tests.designer_ui.conftest import add_token, add_user
from tests.designer_ui.helpers import Api
from tests.runtime.voice.designer_rig import designer_source, sqlite_designer
from tests.runtime.voice.helpers import call, cdrs_of, pool_settings, running
from tests.runtime.voice.sipp import Scenario

POOL_PORT = 59000
CALLER_PORT, CALLER_MEDIA = 59510, 59520
NUMBER = "+18005550990"
ANI = "+15551290001"


@pytest.fixture(scope="module")
def designer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    with sqlite_designer(tmp_path_factory.mktemp("closed-queue-designer"),
                         "closed-queue-secret") as app:
        admin = Api(app.test_client(), token=add_token(app, add_user(
            app, "boss", ["admin", "developer", "business"])))
        hours = admin.put("business/hours/never?environment=test",
                          json={"schedule": {"mon-sun": "closed"}})
        assert hours.status_code == 200, hours.json
        queue = admin.post("queues", json={"name": "night-desk", "channels": ["voice"],
                                           "hours": "never", "max_wait_seconds": 600})
        assert queue.status_code == 201, queue.json
        entry = admin.post("entry-points", json={"kind": "phone", "address": NUMBER,
                                                 "queue": "night-desk", "environment": "test"})
        assert entry.status_code == 201, entry.json
        yield app


@pytest.fixture(scope="module")
def pool(designer: Flask, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Supervisor]:
    folder = tmp_path_factory.mktemp("closed-queue-voice")
    settings = pool_settings(folder, POOL_PORT, designer_source(designer, folder),
                             kamailio="off")
    with running(settings) as supervisor:
        yield supervisor


def _rounds(app: Flask, stop: threading.Event, errors: list[str]) -> None:
    distributor = distributor_for(app, holder="closed-queue-test")
    while not stop.wait(0.3):
        try:
            run_round(app, distributor)
        except Exception as exc:  # reported by the test
            errors.append(repr(exc))


def test_a_call_to_a_closed_queue_number_hears_why_and_ends(designer: Flask,
                                                            pool: Supervisor) -> None:
    stop, errors = threading.Event(), []
    rounds = threading.Thread(target=_rounds, args=(designer, stop, errors), daemon=True)
    rounds.start()
    started = time.monotonic()
    try:
        run = call(pool, Scenario("closed", [("wait_bye", 30000)], ani=ANI),
                   port=CALLER_PORT, media_port=CALLER_MEDIA, service=NUMBER.lstrip("+"),
                   timeout_s=45)
    finally:
        stop.set()
        rounds.join(10)
    assert errors == []
    assert run.returncode == 0, (run.stdout, run.errors)  # the flow hung up on the caller
    assert time.monotonic() - started < 30  # not the queue's 600 s maximum wait
    (record,) = cdrs_of(pool, ANI, wait_s=15)
    assert record["flow_id"] == "queue-entry" and record["environment"] == "test"
    assert record["path"] == ["entered", "to_queue", "unavailable"]
    (routed,) = record["transfers"]
    assert routed["mode"] == "queue" and routed["status"] == "closed"
    with designer.app_context():
        (row,) = db.session.execute(db.select(Interaction)).scalars()
        assert (row.state, row.data["gave_up"], row.data["gave_up_reason"]) == (
            ABANDONED, "closed", "closed")

