"""When a queue is open: its business-hours set (and the special days of the same name) in the
interaction's environment, on the schedule's local clock.

A queue without `hours` is always open. A queue naming hours its environment does not have, or
hours that cannot be read, counts as open too (and says so in the log once per round): a
misconfigured set must not turn every caller away. The distributor asks once per queue and
environment in a round (`QueueHours` keeps the answers for that round).
"""

from __future__ import annotations

import logging
from datetime import datetime

import sqlalchemy as sa

from designer_ui.models.business import BusinessHoursRecord, SpecialDaysRecord
from designer_ui.models.queues import Queue
from designer_ui.queues.lease import DbSession
from interpreter.business_calendar import (
    ScheduleError,
    SpecialDays,
    WeeklySchedule,
    business_status,
    parse_schedule,
    parse_special_days,
)

log = logging.getLogger(__name__)
CLOSED = "closed"
"""The route result of an interaction that reached its queue outside the queue's hours."""
CLOSED_MESSAGE = "the queue '{queue}' is closed"

Schedule = tuple[WeeklySchedule, SpecialDays] | None


class QueueHours:
    """Open or closed, per queue and environment, for one distribution round."""

    def __init__(self, session: DbSession):
        self.session = session
        self._schedules: dict[tuple[str, str], Schedule] = {}

    def is_open(self, queue: Queue, environment: str, moment: datetime) -> bool:
        if not queue.hours:
            return True
        schedule = self._schedule(queue.hours, environment)
        if schedule is None:
            return True
        weekly, special = schedule
        try:
            return business_status(weekly, special, moment) == "open"
        except ScheduleError:  # a time zone this system does not know: counts as open
            self._schedules[(queue.hours, environment)] = None
            return True

    def _schedule(self, name: str, environment: str) -> Schedule:
        key = (name, environment)
        if key not in self._schedules:
            self._schedules[key] = self._read(name, environment)
        return self._schedules[key]

    def _read(self, name: str, environment: str) -> Schedule:
        record = self.session.execute(sa.select(BusinessHoursRecord).where(
            BusinessHoursRecord.environment == environment,
            BusinessHoursRecord.name == name)).scalar_one_or_none()
        if record is None:
            log.warning("queue hours '%s' do not exist in %s: the queue counts as open",
                        name, environment)
            return None
        special = self.session.execute(sa.select(SpecialDaysRecord).where(
            SpecialDaysRecord.environment == environment,
            SpecialDaysRecord.name == name)).scalar_one_or_none()
        try:
            return (parse_schedule(record.schedule),
                    parse_special_days(special.days if special is not None else []))
        except ScheduleError as exc:
            log.warning("queue hours '%s' in %s cannot be used (%s): the queue counts as open",
                        name, environment, exc.message)
            return None
