"""Queue hours in the distributor (on SQLite and PostgreSQL): a queue open by its business hours
and special days in the interaction's environment keeps its callers waiting; a caller who
reaches it closed hears `closed` at the next round; a caller waiting when it closes hears the
queue's `at_max_wait`; hours the environment lacks leave the queue open. Voice calls read the
result at their next poll, as their media worker does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Flask

from designer_ui.extensions import db
from designer_ui.models import BusinessHoursRecord, SpecialDaysRecord
from designer_ui.models.queues import ABANDONED, WAITING, Interaction, Queue
from designer_ui.queues import voice_desk
from designer_ui.queues.distributor import Distributor
from designer_ui.queues.hours import QueueHours
from designer_ui.queues.voice_bridge import VoiceBridge

MONDAY_NOON = datetime(2026, 11, 30, 17, 0, tzinfo=UTC)  # 12:00 in New York
STALE_NEVER = 10.0**9
"""The calls are enqueued at fixed past times: their worker never counts as gone."""
OFFICE = {"mon-fri": "09:00-17:00", "timezone": "America/New_York"}


def _queue(hours: str | None = "office", at_max_wait: str = "failed") -> Queue:
    queue = Queue(name="support", channels=["voice"], skills={}, in_queue_flows={},
                  hours=hours, at_max_wait=at_max_wait, max_wait_seconds=86_400)
    db.session.add(queue)
    db.session.add(BusinessHoursRecord(environment="live", name="office", schedule=OFFICE))
    db.session.add(SpecialDaysRecord(environment="live", name="office",
                                     days=[{"date": "2026-12-24", "hours": "09:00-12:00"}]))
    db.session.commit()
    return queue


def test_open_and_closed_by_hours_special_days_and_environment(app: Flask) -> None:
    with app.app_context():
        queue = _queue()
        hours = QueueHours(db.session)
        assert hours.is_open(queue, "live", MONDAY_NOON)
        assert not hours.is_open(queue, "live", MONDAY_NOON + timedelta(hours=6))  # 18:00
        assert not hours.is_open(queue, "live", MONDAY_NOON + timedelta(days=5))  # Saturday
        christmas_eve = datetime(2026, 12, 24, 18, 0, tzinfo=UTC)  # Thursday 13:00 in New York
        assert not hours.is_open(queue, "live", christmas_eve)
        assert hours.is_open(queue, "live", christmas_eve - timedelta(hours=2))
        assert hours.is_open(queue, "test", MONDAY_NOON + timedelta(hours=6))  # no hours there
        queue.hours = None
        assert hours.is_open(queue, "live", MONDAY_NOON + timedelta(days=5))


def _round(distributor: Distributor, now: datetime) -> None:
    assert distributor.round(db.session, now).held


def test_a_call_reaching_a_closed_queue_hears_closed(app: Flask) -> None:
    evening = MONDAY_NOON + timedelta(hours=6)
    with app.app_context():
        queue = _queue()
        ticket = voice_desk.enqueue(db.session, "call-late", queue, (), 0, {}, now=evening)
        distributor = Distributor("node", [VoiceBridge(lambda: db.session, stale_s=STALE_NEVER)])
        _round(distributor, evening + timedelta(seconds=1))
        status = voice_desk.poll(db.session, ticket.interaction)
        assert (status.state, status.result) == ("over", "closed")
        row = db.session.get(Interaction, ticket.interaction)
        assert row is not None and row.state == ABANDONED
        assert row.data["gave_up_reason"] == "closed"


def test_a_call_waiting_at_closing_time_hears_at_max_wait(app: Flask) -> None:
    before_closing = MONDAY_NOON + timedelta(hours=4, minutes=59)  # 16:59 in New York
    with app.app_context():
        queue = _queue(at_max_wait="timeout")
        ticket = voice_desk.enqueue(db.session, "call-waiting", queue, (), 0, {},
                                    now=before_closing)
        distributor = Distributor("node", [VoiceBridge(lambda: db.session, stale_s=STALE_NEVER)])
        _round(distributor, before_closing + timedelta(seconds=30))
        row = db.session.get(Interaction, ticket.interaction)
        assert row is not None and row.state == WAITING
        _round(distributor, before_closing + timedelta(minutes=1, seconds=1))
        status = voice_desk.poll(db.session, ticket.interaction)
        assert (status.state, status.result) == ("over", "timeout")
        db.session.refresh(row)
        assert (row.data["gave_up"], row.data["gave_up_reason"]) == ("timeout", "closed")


def test_unusable_hours_count_as_open(app: Flask) -> None:
    with app.app_context():
        queue = _queue()
        db.session.add(BusinessHoursRecord(environment="dev", name="office",
                                           schedule={"mon": "nine to five"}))
        db.session.add(BusinessHoursRecord(environment="test", name="office",
                                           schedule={"mon-sun": "closed",
                                                     "timezone": "Mars/Olympus_Mons"}))
        db.session.commit()
        hours = QueueHours(db.session)
        saturday = MONDAY_NOON + timedelta(days=5)
        assert hours.is_open(queue, "dev", saturday) and hours.is_open(queue, "test", saturday)
        assert not hours.is_open(queue, "live", saturday)
