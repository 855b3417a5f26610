"""Queues with business hours for the callback tests, and the next weekday at a given hour."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Flask

from designer_ui.extensions import db
from designer_ui.models import BusinessHoursRecord, Queue

OFFICE = {"mon-fri": "09:00-17:00", "timezone": "UTC"}


def add_queue(app: Flask, name: str = "callbacks", hours: str | None = "office") -> None:
    with app.app_context():
        db.session.add(Queue(name=name, channels=["voice", "chat"], hours=hours))
        if hours is not None and db.session.get(BusinessHoursRecord, ("live", hours)) is None:
            db.session.add(BusinessHoursRecord(environment="live", name=hours, schedule=OFFICE))
        db.session.commit()


def next_weekday(hour: int, minute: int = 0, weekday: int = 1) -> datetime:
    """The next `weekday` (Monday 0) at least two days ahead, at hour:minute UTC."""
    day = datetime.now(UTC).date() + timedelta(days=2)
    while day.weekday() != weekday:
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")
