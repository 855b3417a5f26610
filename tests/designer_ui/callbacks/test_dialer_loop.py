"""The dialer loop without SIP: one dialer at a time under its lease, the pace limit, queue
hours, and dial orders that a worker takes once and that recovery takes back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from flask import Flask
from sqlalchemy.orm import sessionmaker

from designer_ui.callbacks.booking import BookingRequest, CallbackBooking
from designer_ui.callbacks.dial_orders import DesignerDialDesk, session_scope
from designer_ui.callbacks.dialer_loop import CallbackDialer, TickReport
from designer_ui.callbacks.dialer_settings import DialerSettings
from designer_ui.callbacks.settings import CallbackSettings
from designer_ui.extensions import db
from designer_ui.models import CallbackRequest
from tests.designer_ui.callbacks.helpers import add_queue, next_weekday

SETTINGS = CallbackSettings(caller_ids={"*": "+18005550100"})


def book(app: Flask, count: int, queue: str, now: Callable[[], datetime]) -> list[int]:
    with app.app_context():
        booking = CallbackBooking(db.session, SETTINGS, now=now)
        return [booking.book(BookingRequest(queue=queue, number=f"+1415555{n:04d}")).id
                for n in range(count)]


def tick(app: Flask, dialer: CallbackDialer) -> TickReport:
    with app.app_context():
        try:
            return dialer.tick(db.session)
        finally:
            db.session.remove()


def test_one_dialer_at_a_time_and_the_pace_limit(app: Flask) -> None:
    add_queue(app, "support", hours=None)
    moment = [datetime.now(UTC)]

    def clock() -> datetime:
        return moment[0]

    book(app, 3, "support", clock)
    settings = DialerSettings(calls_per_minute=2, flows={"*": "returning"})
    first = CallbackDialer("first", SETTINGS, settings, clock=clock)
    second = CallbackDialer("second", SETTINGS, settings, clock=clock)
    assert tick(app, first).ordered == 2
    assert tick(app, second) == TickReport(held=False)
    assert tick(app, first).ordered == 0  # two dials started in the last minute
    moment[0] += timedelta(seconds=61)
    assert tick(app, first).ordered == 1


def test_a_closed_queue_is_not_dialled_for(app: Flask) -> None:
    add_queue(app, "office")  # Monday to Friday 09:00-17:00 UTC
    booked = next_weekday(16, 55)
    book(app, 1, "office", lambda: booked)
    moment = [booked + timedelta(minutes=15)]  # 17:10: closed
    dialer = CallbackDialer("d", SETTINGS, DialerSettings(), clock=lambda: moment[0])
    report = tick(app, dialer)
    assert (report.ordered, report.closed_queues) == (0, ("office",))
    moment[0] = booked + timedelta(minutes=3)  # 16:58: still open
    assert tick(app, dialer).ordered == 1


def test_an_order_is_taken_once_and_a_late_result_is_ignored(app: Flask) -> None:
    add_queue(app, "support", hours=None)
    now = datetime.now(UTC)
    [callback_id] = book(app, 1, "support", lambda: now)
    settings = DialerSettings(flows={"support": "returning"}, priority_boost=7)
    assert tick(app, CallbackDialer("d", SETTINGS, settings, clock=lambda: now)).ordered == 1
    with app.app_context():
        factory = sessionmaker(db.engine, expire_on_commit=False)
    desk = DesignerDialDesk(session_scope(factory), SETTINGS, settings)
    [order] = desk.take("voice:a", 4)
    assert (order.callback_id, order.flow, order.priority_boost, order.caller_id) == (
        callback_id, "returning", 7, "+18005550100")
    assert desk.take("voice:b", 4) == []
    later = now + timedelta(seconds=settings.recover_s + 1)
    report = tick(app, CallbackDialer("d", SETTINGS, settings, clock=lambda: later))
    assert report.recovered == 1
    assert desk.result(order.attempt_id, 200, "connected") is False  # recovery closed it
    with app.app_context():
        row = db.session.get(CallbackRequest, callback_id)
        assert row is not None and row.state == "queued"
