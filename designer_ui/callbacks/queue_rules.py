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
    return session.get(CallbackRules, queue.id) or default_rules(queue)


def default_rules(queue: Queue) -> CallbackRules:
    """An unsaved rules row holding the defaults, for a queue that has none."""
    rules = CallbackRules(queue_id=queue.id)
    for column in CallbackRules.__table__.columns:
        if column.default is not None and column.name != "queue_id":
            default = column.default.arg
            setattr(rules, column.name, default(None) if callable(default) else default)
    return rules


def find_queue(session: DbSession, name: str | None) -> Queue:
    """The queue by name; CallbackRefused when there is none (bookings that compete for one
    place are serialised by `booking_locks`)."""
    queue = session.execute(sa.select(Queue).where(Queue.name == _named(name))
                            ).scalar_one_or_none()
    if queue is None:
        raise _unknown(name)
    return queue


def _named(name: str | None) -> str:
    if not name:
        raise CallbackRefused("unknown_queue", "A callback needs a queue.")
    return name


def _unknown(name: str | None) -> CallbackRefused:
    return CallbackRefused("unknown_queue", f"There is no queue named '{name}'.")


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


def queue_view(session: DbSession, name: str | None, environment: str) -> QueueView:
    """The queue with its rules (one query) and opening hours."""
    found = session.execute(
        sa.select(Queue, CallbackRules).outerjoin(CallbackRules, CallbackRules.queue_id == Queue.id)
        .where(Queue.name == _named(name))).one_or_none()
    if found is None:
        raise _unknown(name)
    queue, saved_rules = found
    rules = saved_rules or default_rules(queue)
    return QueueView(queue, rules, opening_hours(session, queue, rules, environment))


def estimated_wait_s(session: DbSession, queue: Queue, now: datetime) -> float:
    """What a caller joining now can expect to wait: as long as the head of the queue has
    waited (a steady-state estimate that needs no handle-time history)."""
    oldest = session.execute(sa.select(sa.func.min(Interaction.enqueued_at)).where(
        Interaction.queue_id == queue.id, Interaction.state == WAITING)).scalar()
    if oldest is None:
        return 0.0
    return max(0.0, (now - oldest).total_seconds())
