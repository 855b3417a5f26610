"""Callback slots: the times a queue can take scheduled callbacks, from its business hours and
special days on the queue's local clock. Pure functions; the service counts bookings."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from interpreter.business_calendar import SpecialDays, WeeklySchedule, business_status


@dataclass(frozen=True)
class OpeningHours:
    """A queue's hours (None: always open) and the time zone its slots are cut in."""

    schedule: WeeklySchedule | None
    special_days: SpecialDays | None
    timezone: str

    def is_open(self, moment: datetime) -> bool:
        if self.schedule is None:
            return True
        return business_status(self.schedule, self.special_days, moment,
                               self.timezone) == "open"

    def slot_open(self, start: datetime, minutes: int) -> bool:
        """Open for the whole slot: at its start and in its last second."""
        end = start + timedelta(minutes=minutes) - timedelta(seconds=1)
        return self.is_open(start) and self.is_open(end)


def slot_start(moment: datetime, minutes: int, timezone: str) -> datetime:
    """The start of the slot `moment` falls in, slots being cut from local midnight."""
    local = moment.astimezone(ZoneInfo(timezone))
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    offset = (local - midnight) // timedelta(minutes=minutes)
    return (midnight + offset * timedelta(minutes=minutes)).astimezone(moment.tzinfo)


def slots_between(hours: OpeningHours, start: datetime, end: datetime,
                  minutes: int) -> Iterator[datetime]:
    """Starts of the open slots that begin in [start, end), in order."""
    first = slot_start(start, minutes, hours.timezone)
    if first < start:
        first += timedelta(minutes=minutes)
    step = timedelta(minutes=minutes)
    moment = first
    while moment < end:
        if hours.slot_open(moment, minutes):
            yield moment
        moment += step
