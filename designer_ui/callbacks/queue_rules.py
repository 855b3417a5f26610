"""A queue as callbacks see it: its rules, opening hours (from the Business Controls of an
environment) and the wait a new caller can expect."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, scoped_session

from designer_ui.callbacks.slots import OpeningHours
from designer_ui.models.business import BusinessHoursRecord, SpecialDaysRecord
from designer_ui.models.callbacks import CallbackRules
from designer_ui.models.queues import WAITING, Interaction, Queue
from interpreter.business_calendar import ScheduleError, parse_schedule, parse_special_days
from runtime.callbacks import CallbackRefused

DbSession = Session | scoped_session[Any]
"""The Flask app's scoped session or a plain one (voice workers, dialers)."""


@dataclass(frozen=True)
class QueueView:
    queue: Queue
    rules: CallbackRules
    hours: OpeningHours


def rules_of(session: DbSession, queue: Queue) -> CallbackRules:
    """The queue's rules row, or an unsaved one holding the defaults."""
    rules = session.get(CallbackRules, queue.id)
    if rules is None:
        rules = CallbackRules(queue_id=queue.id)
        for column in CallbackRules.__table__.columns:
            if column.default is not None and column.name != "queue_id":
                default = column.default.arg
                setattr(rules, column.name, default(None) if callable(default) else default)
    return rules


def find_queue(session: DbSession, name: str | None, *, lock: bool = False) -> Queue:
    """The queue by name; CallbackRefused when there is none. `lock` serialises bookings of a
    queue on PostgreSQL, so two requests cannot both take a slot's last place."""
    if not name:
        raise CallbackRefused("unknown_queue", "A callback needs a queue.")
    query = sa.select(Queue).where(Queue.name == name)
    if lock:
        query = query.with_for_update()
    queue = session.execute(query).scalar_one_or_none()
    if queue is None:
        raise CallbackRefused("unknown_queue", f"There is no queue named '{name}'.")
    return queue


def opening_hours(session: DbSession, queue: Queue, rules: CallbackRules,
                  environment: str) -> OpeningHours:
    if not queue.hours:
        return OpeningHours(None, None, rules.timezone or "UTC")
    record = session.execute(sa.select(BusinessHoursRecord).where(
        BusinessHoursRecord.environment == environment,
        BusinessHoursRecord.name == queue.hours)).scalar_one_or_none()
    if record is None:
        raise CallbackRefused("no_hours", f"Queue '{queue.name}' keeps the business hours "
                              f"'{queue.hours}', which {environment} does not have.")
    special = session.execute(sa.select(SpecialDaysRecord).where(
        SpecialDaysRecord.environment == environment,
        SpecialDaysRecord.name == queue.hours)).scalar_one_or_none()
    try:
        schedule = parse_schedule(record.schedule)
        days = parse_special_days(special.days if special is not None else [])
    except ScheduleError as exc:
        raise CallbackRefused("no_hours", f"The business hours '{queue.hours}' cannot be "
                              f"used: {exc.message}") from None
    return OpeningHours(schedule, days, rules.timezone or schedule.timezone or "UTC")


def queue_view(session: DbSession, name: str | None, environment: str, *,
               lock: bool = False) -> QueueView:
    queue = find_queue(session, name, lock=lock)
    rules = rules_of(session, queue)
    return QueueView(queue, rules, opening_hours(session, queue, rules, environment))


def estimated_wait_s(session: DbSession, queue: Queue, now: datetime) -> float:
    """What a caller joining now can expect to wait: as long as the head of the queue has
    waited (a steady-state estimate that needs no handle-time history)."""
    oldest = session.execute(sa.select(sa.func.min(Interaction.enqueued_at)).where(
        Interaction.queue_id == queue.id, Interaction.state == WAITING)).scalar()
    if oldest is None:
        return 0.0
    return max(0.0, (now - oldest).total_seconds())
