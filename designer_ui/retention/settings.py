"""Retention periods of call records and recordings, and the scheduled purge's settings.

A period is written `N days` or `N months` (a bare number means days). Months are calendar
months: three months before 31 May is 28 (or 29) February, not 90 days before. Settings are
keys of `create_app({...})` or `DESIGNER_<KEY>` in the environment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import Flask

MAX_DAYS = 3660
MAX_MONTHS = 120
"""Ten years either way: the longest period any setting may ask for."""

DEFAULTS: dict[str, Any] = {
    "CALL_RECORD_RETENTION": "90 days",
    "RECORDING_RETENTION": "90 days",
    "RETENTION_PURGE_INTERVAL_S": 24 * 3600,
    "RETENTION_PURGE_BATCH": 500,
    "LEGAL_HOLDS_MAX": 10_000,
}
PERIOD = re.compile(r"^\s*(\d{1,5})\s*(day|days|month|months)?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Period:
    count: int
    unit: str  # "days" or "months"

    def before(self, moment: datetime) -> datetime:
        """The moment `count` days or calendar months before `moment` (the purge's cut-off)."""
        if self.unit == "days":
            return moment - timedelta(days=self.count)
        return months_before(moment, self.count)

    def __str__(self) -> str:
        return f"{self.count} {self.unit if self.count != 1 else self.unit[:-1]}"


def months_before(moment: datetime, months: int) -> datetime:
    """Calendar months back, the day clamped to the target month's length (31 Mar - 1 → 28/29
    Feb)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    following = datetime(year + (month == 12), month % 12 + 1, 1)
    last_day = (following - timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


def parse_period(value: object, setting: str) -> Period:
    """`90`, `90 days`, `1 day`, `6 months`; anything else is a clear error naming the key."""
    match = PERIOD.match(str(value)) if isinstance(value, (int, str)) else None
    if match is None or isinstance(value, bool):
        raise ValueError(f"{setting} must be 'N days' or 'N months', not {value!r}")
    count = int(match.group(1))
    unit = "months" if (match.group(2) or "days").lower().startswith("month") else "days"
    limit = MAX_MONTHS if unit == "months" else MAX_DAYS
    if not 1 <= count <= limit:
        raise ValueError(f"{setting} must be between 1 and {limit} {unit}, not {count}")
    return Period(count, unit)


def apply_defaults(app: Flask) -> None:
    """Fill in what was not configured and check it; tests run no scheduled purge unless they
    ask for one."""
    no_schedule = app.config.get("TESTING") and "RETENTION_PURGE_INTERVAL_S" not in app.config
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    if no_schedule:
        app.config["RETENTION_PURGE_INTERVAL_S"] = 0
    call_records(app)
    recordings(app)
    interval = float(app.config["RETENTION_PURGE_INTERVAL_S"])
    if interval != 0 and not 60 <= interval <= 7 * 24 * 3600:
        raise ValueError("RETENTION_PURGE_INTERVAL_S must be 0 (off) or 60 to 604800 seconds")
    if not 1 <= int(app.config["RETENTION_PURGE_BATCH"]) <= 10_000:
        raise ValueError("RETENTION_PURGE_BATCH must be between 1 and 10000")
    if not 1 <= int(app.config["LEGAL_HOLDS_MAX"]) <= 1_000_000:
        raise ValueError("LEGAL_HOLDS_MAX must be between 1 and 1000000")


def call_records(app: Flask) -> Period:
    return parse_period(app.config["CALL_RECORD_RETENTION"], "CALL_RECORD_RETENTION")


def recordings(app: Flask) -> Period:
    return parse_period(app.config["RECORDING_RETENTION"], "RECORDING_RETENTION")
