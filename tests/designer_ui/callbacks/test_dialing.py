"""The dialer's side: atomic claims under concurrent dialers, the retry policy by SIP result,
connect and completion, the Callbacks report (JSON and CSV), and a worker-style service over
its own engine registering a `callback` block's request."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session, sessionmaker

from designer_ui.callbacks.booking import BookingRequest, CallbackBooking
from designer_ui.callbacks.dialing import CallbackDialing
from designer_ui.callbacks.flow_requests import DesignerCallbackService
from designer_ui.callbacks.settings import CallbackSettings
from designer_ui.extensions import db
from designer_ui.models import CallbackAttempt, CallbackRequest
from interpreter.engine.effects import Callback
from runtime.effects.connectors import CallbackContext
from tests.designer_ui.callbacks.helpers import add_queue
from tests.designer_ui.helpers import Api

SETTINGS = CallbackSettings()


def _book_now(app: Flask, count: int, queue: str = "support") -> list[int]:
    with app.app_context():
        booking = CallbackBooking(db.session, SETTINGS)
        return [booking.book(BookingRequest(queue=queue, number=f"+1415555{index:04d}")).id
                for index in range(count)]


def test_two_dialers_never_claim_the_same_callback(app: Flask) -> None:
    add_queue(app, "support", hours=None)
    ids = _book_now(app, 24)
    with app.app_context():
        sessions = sessionmaker(db.engine, expire_on_commit=False)
    claimed: dict[str, list[int]] = {"a": [], "b": []}
    start = threading.Barrier(2)

    def dial(name: str) -> None:
        with sessions() as session:
            dialer = CallbackDialing(session, SETTINGS, name)
            start.wait()
            while claims := dialer.claim(limit=2):
                claimed[name] += [claim.callback_id for claim in claims]

    threads = [threading.Thread(target=dial, args=(name,)) for name in claimed]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    together = claimed["a"] + claimed["b"]
    assert sorted(together) == sorted(ids) and len(set(together)) == len(together)
    with app.app_context():
        rows = db.session.execute(sa.select(CallbackRequest)).scalars().all()
        assert {(row.state, row.attempts_made) for row in rows} == {("dialing", 1)}
        assert db.session.execute(sa.select(sa.func.count()).select_from(CallbackAttempt)
                                  ).scalar_one() == 24


def test_retries_follow_the_queue_policy_then_fail_with_the_reason(app: Flask) -> None:
    add_queue(app, "support", hours=None)
    callback_id, = _book_now(app, 1)
    clock = [datetime.now(UTC)]
    with app.app_context():
        dialer = CallbackDialing(db.session, SETTINGS, "dialer-1", now=lambda: clock[0])
        for attempt in range(1, 4):
            claim, = dialer.claim()
            assert claim.callback_id == callback_id
            after = dialer.attempt_result(claim.attempt_id, 486, "Busy Here")
            if attempt < 3:
                assert after.state == "queued" and after.attempts_made == attempt
                assert dialer.claim() == []  # not before the retry interval
                clock[0] += timedelta(seconds=301)
        assert after.state == "failed"
        assert after.reason == "SIP 486 Busy Here after 3 attempt(s)"
        attempts = db.session.execute(sa.select(CallbackAttempt.sip_code, CallbackAttempt.result)
                                      ).all()
        assert [tuple(row) for row in attempts] == [(486, "failed")] * 3


def test_connected_then_abandoned_shows_in_the_report(app: Flask,
                                                     as_role: Callable[..., Api]) -> None:
    add_queue(app, "support", hours=None)
    first, second = _book_now(app, 2)
    with app.app_context():
        dialer = CallbackDialing(db.session, SETTINGS, "dialer-1")
        claims = {claim.callback_id: claim for claim in dialer.claim(limit=2)}
        assert dialer.attempt_result(claims[first].attempt_id, 200).state == "connected"
        assert dialer.finish(first, abandoned=True).state == "completed"
        assert dialer.attempt_result(claims[second].attempt_id, 404, "Not Found").state == "failed"
    api = as_role("business")
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    span = f"from={today.isoformat()}&to={(today + timedelta(days=1)).isoformat()}".replace(
        "+", "%2B")
    rows = api.get(f"analytics/callbacks?{span}").json
    assert len(rows) == 1, rows
    row = rows[0]
    assert (row["queue"], row["accepted"], row["immediate"], row["dialed"], row["connected"],
            row["completed"], row["abandoned_after_connect"], row["failed"]) == (
        "support", 2, 2, 2, 1, 1, 1, 1)
    assert row["failed_by_reason"] == {"SIP 404 Not Found": 1}
    csv = api.get(f"analytics/callbacks?{span}&format=csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    lines = csv.get_data(as_text=True).splitlines()
    assert lines[0].startswith("queue,day,offered,accepted,immediate")
    assert lines[1].startswith("support,") and lines[1].endswith("SIP 404 Not Found: 1")
    too_long = api.get("analytics/callbacks?from=2020-01-01T00:00:00Z&to=2021-01-01T00:00:00Z")
    assert too_long.status_code == 400


def test_a_worker_style_service_registers_a_block_request_once(app: Flask) -> None:
    add_queue(app, "support", hours=None)
    with app.app_context():
        factory = sessionmaker(db.engine, expire_on_commit=False)

    def scope() -> Session:
        return factory()

    service = DesignerCallbackService(scope, SETTINGS)  # type: ignore[arg-type]
    effect = Callback("book", "immediate", "+14155550123", None, "support", {"order": "A1"})
    context = CallbackContext(environment="live", channel="voice", session_id="call-1")
    first = service.register(effect, context)
    again = service.register(effect, context)  # a resumed call repeats the request
    assert first.status == "success" and again.status == "success"
    assert first.detail == again.detail
    refused = service.register(Callback("book", "scheduled", "+14155550123", "tomorrow",
                                        "support"), context)
    assert (refused.status, refused.detail) == (
        "failed", "'tomorrow' is not a time like 2026-12-01T10:00:00+01:00.")
    with app.app_context():
        row, = db.session.execute(sa.select(CallbackRequest)).scalars().all()
        assert (row.session_id, row.origin, row.data) == ("call-1", "flow", {"order": "A1"})
