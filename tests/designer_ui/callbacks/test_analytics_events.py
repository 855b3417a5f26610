"""Callback analytics events: the booking API and the dialer write accepted, scheduled, dialled,
connected, failed (with the reason) and abandoned events through the application's analytics
sink; they create no analytics session; a replay counts once; and the Callbacks report counts
the offers flows made (live sessions only), in JSON and CSV."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask

from designer_ui.analytics.sink import analytics_sink, running_writer
from designer_ui.analytics.tables import TABLES
from designer_ui.callbacks import callback_events
from designer_ui.callbacks.dialing import CallbackDialing
from designer_ui.callbacks.settings import CallbackSettings
from designer_ui.extensions import db
from interpreter.engine.effects import AnalyticsEvent
from runtime.analytics.context import AnalyticsContext
from tests.designer_ui.callbacks.helpers import add_queue, iso, next_weekday
from tests.designer_ui.helpers import Api

SETTINGS = CallbackSettings()


def _flush(app: Flask) -> None:
    writer = running_writer(app)
    assert writer is not None and writer.flush(15), "analytics were not written in time"


@pytest.fixture
def clean(app: Flask) -> Iterator[Flask]:
    """Other tests' events still in the writer are written and removed first."""
    writer = running_writer(app)
    if writer is not None:
        writer.flush(15)
    with app.app_context():
        for table in TABLES.__dict__.values():
            db.session.execute(table.delete())
        db.session.commit()
    yield app


def _events(app: Flask) -> list[tuple[int | None, str, int | None, str | None]]:
    table = TABLES.callback_events
    with app.app_context():
        rows = db.session.execute(sa.select(table.c.callback_id, table.c.kind, table.c.sip_code,
                                            table.c.reason).order_by(table.c.callback_id,
                                                                     table.c.seq)).all()
    return [tuple(row) for row in rows]  # type: ignore[misc]


def _span() -> str:
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return f"from={today.isoformat()}&to={(today + timedelta(days=1)).isoformat()}".replace(
        "+", "%2B")


def test_booking_and_dialling_write_the_life_cycle_events(
        clean: Flask, as_role: Callable[..., Api]) -> None:
    app = clean
    add_queue(app, "support", hours=None)
    add_queue(app)
    api = as_role("business")
    scheduled = api.post("callbacks", json={"number": "+14155550123", "queue": "callbacks",
                                            "desired_time": iso(next_weekday(10))}).json["id"]
    moved = api.patch(f"callbacks/{scheduled}", json={"desired_time": iso(next_weekday(11))})
    assert moved.status_code == 200, moved.json
    ids = [api.post("callbacks", json={"number": f"+1415555{index:04d}", "queue": "support"}
                    ).json["id"] for index in range(3)]
    with app.app_context():
        dialer = CallbackDialing(db.session, SETTINGS, "dialer-1", events=callback_events(app))
        claims = {claim.callback_id: claim for claim in dialer.claim(limit=3)}
        assert dialer.attempt_result(claims[ids[0]].attempt_id, 200).state == "connected"
        dialer.finish(ids[0], abandoned=True)
        assert dialer.attempt_result(claims[ids[1]].attempt_id, 404, "Not Found").state == "failed"
        assert dialer.attempt_result(claims[ids[2]].attempt_id, 200).state == "connected"
        dialer.finish(ids[2])
    _flush(app)
    assert _events(app) == [
        (scheduled, "callback_accepted", None, None),
        (scheduled, "callback_scheduled", None, None),
        (scheduled, "callback_scheduled", None, None),  # the reschedule
        (ids[0], "callback_accepted", None, None),
        (ids[0], "callback_abandoned", None, None),
        (ids[0], "callback_connected", 200, None),
        (ids[0], "callback_dialed", None, None),
        (ids[1], "callback_accepted", None, None),
        (ids[1], "callback_failed", 404, "SIP 404 Not Found after 1 attempt(s)"),
        (ids[1], "callback_dialed", None, None),
        (ids[2], "callback_accepted", None, None),
        (ids[2], "callback_connected", 200, None),
        (ids[2], "callback_dialed", None, None),
    ]
    with app.app_context():
        sessions = db.session.execute(sa.select(sa.func.count()).select_from(
            TABLES.sessions)).scalar_one()
        stored = db.session.execute(sa.select(TABLES.callback_events.c.queue,
                                              TABLES.callback_events.c.origin).distinct()).all()
    assert sessions == 0  # life-cycle events are no flow sessions
    assert sorted(stored) == [("callbacks", "live"), ("support", "live")]


def test_a_replayed_life_cycle_event_is_stored_once(clean: Flask) -> None:
    app = clean
    add_queue(app, "support", hours=None)
    from designer_ui.callbacks.booking import BookingRequest, CallbackBooking

    with app.app_context():
        events = callback_events(app)
        callback = CallbackBooking(db.session, SETTINGS, events=events).book(
            BookingRequest(queue="support", number="+14155550123"))
        events.accepted(callback)  # the same event again, as a spool replay would
    _flush(app)
    assert [kind for _, kind, _, _ in _events(app)] == ["callback_accepted"]


def _offer(app: Flask, session_id: str, queue: str, origin: str = "live") -> None:
    context = AnalyticsContext(session_id, "offers", "1", "voice", "live", "", origin)
    now = datetime.now(UTC).timestamp()
    analytics_sink(app).record([
        AnalyticsEvent(1, "session_start", None, now, {"flow": "offers", "version": "1",
                                                       "channel": "voice"}),
        AnalyticsEvent(2, "block_entered", "offer", now, None),
        AnalyticsEvent(3, "callback_offered", "offer", now, {"queue": queue,
                                                             "mode": "immediate"})], context)


def test_the_report_counts_offers_from_the_analytics_events(
        clean: Flask, as_role: Callable[..., Api]) -> None:
    app = clean
    add_queue(app, "support", hours=None)
    _offer(app, "call-1", "support")
    _offer(app, "call-2", "support")
    _offer(app, "call-2", "support")  # a replay of the same events
    _offer(app, "call-3", "billing")
    _offer(app, "sim-1", "support", origin="simulator")  # not a real offer
    api = as_role("business")
    assert api.post("callbacks", json={"number": "+14155550123", "queue": "support"}
                    ).status_code == 201
    _flush(app)
    rows = {row["queue"]: row for row in api.get(f"analytics/callbacks?{_span()}").json}
    assert (rows["support"]["offered"], rows["support"]["accepted"]) == (2, 1)
    assert (rows["billing"]["offered"], rows["billing"]["accepted"]) == (1, 0)
    only = api.get(f"analytics/callbacks?{_span()}&queue=billing").json
    assert [(row["queue"], row["offered"]) for row in only] == [("billing", 1)]
    csv = api.get(f"analytics/callbacks?{_span()}&format=csv").get_data(as_text=True)
    header, *lines = csv.splitlines()
    assert header.startswith("queue,day,offered,accepted,")
    assert sorted(line.split(",")[0] + ":" + line.split(",")[2] for line in lines) == [
        "billing:1", "support:2"]
    with app.app_context():
        events = db.session.execute(sa.select(sa.func.count()).select_from(TABLES.events).where(
            TABLES.events.c.kind == "callback_offered")).scalar_one()
    assert events == 4  # the offer also stays in its session's events (live and simulator)
