"""The dialer loop without SIP: one dialer at a time under its lease, the pace limit, queue
hours, dial orders that a worker takes once and that recovery takes back, callbacks left
connected by a dead worker, and the analytics events of a dialer run."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import sessionmaker

from designer_ui.analytics.sink import running_writer
from designer_ui.analytics.tables import TABLES
from designer_ui.callbacks.booking import BookingRequest, CallbackBooking
from designer_ui.callbacks.dial_orders import DesignerDialDesk, session_scope
from designer_ui.callbacks.dialer_loop import CallbackDialer, TickReport, dialer_for
from designer_ui.callbacks.dialer_settings import DialerSettings
from designer_ui.callbacks.settings import CallbackSettings
from designer_ui.callbacks.voice import desk_events
from designer_ui.extensions import db
from designer_ui.models import CallbackAttempt, CallbackRequest
from tests.designer_ui.callbacks.helpers import add_queue, next_weekday
from tests.designer_ui.helpers import Api

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


def ordered_each_second(app: Flask, dialers: Callable[[], CallbackDialer], moment: list[datetime],
                        seconds: int, step_s: float = 1.0) -> list[tuple[float, int]]:
    """Tick every `step_s` for `seconds` (a new dialer from `dialers` each tick, or the same
    one): (seconds from the start, orders) for every tick."""
    start, ticks = moment[0], []
    while moment[0] < start + timedelta(seconds=seconds):
        ticks.append(((moment[0] - start).total_seconds(), tick(app, dialers()).ordered))
        moment[0] += timedelta(seconds=step_s)
    return ticks


def busiest_minute(ticks: list[tuple[float, int]]) -> int:
    return max(sum(count for at, count in ticks if start <= at < start + 60)
               for start, _ in ticks)


def test_a_backlog_is_dialled_evenly_at_the_pace(app: Flask) -> None:
    """60 a minute with a backlog of 200: about one dial a second (a burst of two at first),
    9-11 in every 10 s, never a minute's worth in one tick, and no sliding minute over the
    pace (the burst's extra dial is taken back as the minute turns)."""
    add_queue(app, "support", hours=None)
    moment = [datetime.now(UTC)]
    book(app, 200, "support", lambda: moment[0])
    dialer = CallbackDialer("d", SETTINGS, DialerSettings(calls_per_minute=60, tick_s=1),
                            clock=lambda: moment[0])
    ticks = ordered_each_second(app, lambda: dialer, moment, 120)
    assert [count for _, count in ticks[:5]] == [2, 1, 1, 1, 1]
    assert max(count for _, count in ticks) == 2
    per_ten_s = [sum(count for at, count in ticks if start <= at < start + 10)
                 for start in range(0, 120, 10)]
    assert per_ten_s[0] == 11 and set(per_ten_s[1:]) <= {9, 10, 11}
    assert sum(per_ten_s[:6]) == sum(per_ten_s[6:]) == busiest_minute(ticks) == 60


def test_late_ticks_keep_the_pace_without_going_over_it(app: Flask) -> None:
    """Ticks 1.5 s apart (a busy process) still dial 60 a minute: the burst covers the dial a
    late tick would miss, and no sliding minute goes over the pace."""
    add_queue(app, "support", hours=None)
    moment = [datetime.now(UTC)]
    book(app, 200, "support", lambda: moment[0])
    dialer = CallbackDialer("d", SETTINGS, DialerSettings(calls_per_minute=60, tick_s=1),
                            clock=lambda: moment[0])
    ticks = ordered_each_second(app, lambda: dialer, moment, 120, step_s=1.5)
    assert max(count for _, count in ticks) == 2
    assert busiest_minute(ticks) == 60
    assert sum(count for at, count in ticks if 60 <= at < 120) == 60


def test_the_pace_holds_across_restarts_and_a_lease_takeover(app: Flask) -> None:
    """The rhythm comes from the attempts in the database: a dialer started anew every tick
    dials exactly as one that runs on, and a dialer taking the lease over goes on at the pace
    instead of ordering a minute's worth."""
    add_queue(app, "support", hours=None)
    moment = [datetime.now(UTC)]
    book(app, 300, "support", lambda: moment[0])
    settings = DialerSettings(calls_per_minute=60, tick_s=1, lease_s=15)
    restarted = ordered_each_second(
        app, lambda: CallbackDialer("d", SETTINGS, settings, clock=lambda: moment[0]),
        moment, 30)
    assert [count for _, count in restarted] == [2] + [1] * 29
    moment[0] += timedelta(seconds=15)  # "d" died; its lease runs out
    successor = CallbackDialer("e", SETTINGS, settings, clock=lambda: moment[0])
    taken_over = ordered_each_second(app, lambda: successor, moment, 30)
    assert [count for _, count in taken_over][:4] == [2, 1, 1, 1]
    assert busiest_minute(restarted + [(at + 45, count) for at, count in taken_over]) <= 60


def test_the_pace_caps_a_minute_when_a_tick_is_long(app: Flask) -> None:
    """A 30 s tick at 10 a minute: a tick orders about its five (six, the burst, then the four
    the minute has left), and no sliding minute holds more than ten."""
    add_queue(app, "support", hours=None)
    moment = [datetime.now(UTC)]
    book(app, 40, "support", lambda: moment[0])
    settings = DialerSettings(calls_per_minute=10, tick_s=30)
    dialer = CallbackDialer("d", SETTINGS, settings, clock=lambda: moment[0])
    ticks = ordered_each_second(app, lambda: dialer, moment, 150, step_s=30)
    assert [count for _, count in ticks] == [6, 4, 6, 4, 6]
    assert busiest_minute(ticks) <= 10


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


def test_an_order_a_worker_hands_back_is_an_order_again(app: Flask) -> None:
    """A worker whose lines filled up while it took orders hands the extra ones back: another
    worker takes them; only the worker that holds an order can hand it back, and only while
    it is open."""
    add_queue(app, "support", hours=None)
    now = datetime.now(UTC)
    [callback_id] = book(app, 1, "support", lambda: now)
    settings = DialerSettings(flows={"support": "returning"})
    assert tick(app, CallbackDialer("d", SETTINGS, settings, clock=lambda: now)).ordered == 1
    desk = desk_of(app, settings, lambda: now)
    [order] = desk.take("voice:a", 2)
    assert desk.hand_back(order.attempt_id, "voice:b") is False  # not b's
    assert desk.hand_back(order.attempt_id, "voice:a") is True
    assert desk.take("voice:a", 0) == []
    [again] = desk.take("voice:b", 2)
    assert (again.callback_id, again.attempt_id) == (callback_id, order.attempt_id)
    with app.app_context():
        attempt = db.session.get(CallbackAttempt, order.attempt_id)
        row = db.session.get(CallbackRequest, callback_id)
        assert attempt is not None and row is not None
        assert (attempt.dialer, row.claimed_by, row.attempts_made) == ("voice:b", "voice:b", 1)
    assert desk.result(again.attempt_id, 486, "busy")
    assert desk.hand_back(again.attempt_id, "voice:b") is False  # closed: not an order again
    assert desk.take("voice:c", 2) == []


def desk_of(app: Flask, settings: DialerSettings, clock: Callable[[], datetime],
            *, events: bool = False) -> DesignerDialDesk:
    """The desk as a voice worker builds it (`designer_dial_desk`): its own sessions on the
    Designer database and, with `events`, its own analytics writer on it."""
    with app.app_context():
        factory = sessionmaker(db.engine, expire_on_commit=False)
    return DesignerDialDesk(session_scope(factory), SETTINGS, settings, clock=clock,
                            events=desk_events(factory) if events else None)


def state_of(app: Flask, callback_id: int) -> tuple[str, str, list[tuple[str, str]]]:
    with app.app_context():
        row = db.session.get(CallbackRequest, callback_id)
        assert row is not None
        attempts = db.session.execute(sa.select(CallbackAttempt.result, CallbackAttempt.reason)
                                      .where(CallbackAttempt.callback_id == callback_id)
                                      .order_by(CallbackAttempt.id)).all()
        return row.state, row.reason, [(result, reason) for result, reason in attempts]


def test_a_dialer_run_writes_its_events_and_the_report_counts_them(
        app: Flask, as_role: Callable[..., Api], monkeypatch: pytest.MonkeyPatch) -> None:
    """The serving dialer (`dialer_for(app)`) writes the dials; the workers' desk writes the
    connects, failures and abandons; the Callbacks report counts the run."""
    monkeypatch.setitem(app.config, "CALLBACK_CALLS_PER_MINUTE", 600)  # three in one tick
    writer = running_writer(app)
    if writer is not None:
        writer.flush(15)  # other tests' events are written (and emptied) before this one
    with app.app_context():
        for table in TABLES.__dict__.values():
            db.session.execute(table.delete())
        db.session.commit()
    add_queue(app, "support", hours=None)
    answered, rejected, left = book(app, 3, "support", lambda: datetime.now(UTC))
    assert tick(app, dialer_for(app, "serving")).ordered == 3
    desk = desk_of(app, DialerSettings(), lambda: datetime.now(UTC), events=True)
    orders = {order.callback_id: order for order in desk.take("voice:a", 3)}
    assert desk.result(orders[answered].attempt_id, 200, "connected")
    assert desk.finish(answered, abandoned=False)
    assert desk.result(orders[rejected].attempt_id, 603, "rejected")
    assert desk.result(orders[left].attempt_id, 200, "connected")
    assert desk.finish(left, abandoned=True)
    assert desk.events is not None
    assert desk.events.sink.flush(15)  # type: ignore[attr-defined]
    app_writer = running_writer(app)
    assert app_writer is not None and app_writer.flush(15)
    table = TABLES.callback_events
    with app.app_context():
        events = db.session.execute(sa.select(table.c.callback_id, table.c.kind,
                                              table.c.sip_code)).all()
    assert sorted(events) == sorted([
        (answered, "callback_dialed", None), (answered, "callback_connected", 200),
        (rejected, "callback_dialed", None), (rejected, "callback_failed", 603),
        (left, "callback_dialed", None), (left, "callback_connected", 200),
        (left, "callback_abandoned", None)])
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    span = f"from={today.isoformat()}&to={(today + timedelta(days=1)).isoformat()}"
    rows = as_role("business").get("analytics/callbacks?" + span.replace("+", "%2B")).json
    assert rows is not None
    [row] = rows
    assert {name: row[name] for name in ("accepted", "dialed", "connected", "completed",
                                         "abandoned_after_connect", "failed")} == {
        "accepted": 3, "dialed": 3, "connected": 2, "completed": 2,
        "abandoned_after_connect": 1, "failed": 1}
    assert row["failed_by_reason"] == {"SIP 603 rejected": 1}


def test_a_new_dialer_recovers_what_a_dead_dialer_and_worker_left(app: Flask) -> None:
    """Dialer A orders three callbacks and dies; a worker took two of them (answered one, then
    died with the other ringing); the third was never taken. Dialer B, taking the lease over,
    closes the two open attempts as lost and requeues them by the retry policy, leaves the
    connected one until no call can still be live, then completes it as `lost`; the dead
    worker's late reports change nothing, and no callback ever has two open attempts."""
    add_queue(app, "support", hours=None)
    start = datetime.now(UTC)
    moment = [start]

    def clock() -> datetime:
        return moment[0]

    connected, ringing, untaken = book(app, 3, "support", clock)
    settings = DialerSettings(recover_s=120, order_s=60, lease_s=15, connected_max_s=3600,
                              calls_per_minute=600)
    assert tick(app, CallbackDialer("a", SETTINGS, settings, clock=clock)).ordered == 3
    desk = desk_of(app, settings, clock)
    orders = {order.callback_id: order for order in desk.take("voice:dead", 2)}
    assert set(orders) == {connected, ringing}
    assert desk.result(orders[connected].attempt_id, 200, "connected")
    successor = CallbackDialer("b", SETTINGS, settings, clock=clock)
    moment[0] = start + timedelta(seconds=16)  # A's lease ran out; nothing is old enough yet
    assert tick(app, successor) == TickReport(held=True)
    moment[0] = start + timedelta(seconds=121)
    report = tick(app, successor)
    assert (report.recovered, report.ordered, report.lost) == (2, 0, 0)
    for callback_id in (ringing, untaken):
        state, reason, attempts = state_of(app, callback_id)
        assert (state, attempts) == ("queued", [("failed", "dialer lost")])
        assert reason == "attempt 1 failed: SIP 503 dialer lost"
    assert state_of(app, connected)[0] == "connected"
    assert desk.result(orders[ringing].attempt_id, 486, "busy") is False  # too late
    moment[0] = start + timedelta(seconds=121 + 301)  # the retry interval passed
    assert tick(app, successor).ordered == 2
    with app.app_context():
        open_attempts = db.session.execute(
            sa.select(CallbackAttempt.callback_id, sa.func.count()).where(
                CallbackAttempt.result == "dialing").group_by(CallbackAttempt.callback_id)).all()
    assert sorted(open_attempts) == sorted([(ringing, 1), (untaken, 1)])
    moment[0] = start + timedelta(seconds=3601)
    assert tick(app, successor).lost == 1
    assert state_of(app, connected)[:2] == ("completed", "lost")
    assert desk.finish(connected, abandoned=False) is False  # its worker is long gone
