"""Bookings that compete for one place are serialised, and only those: concurrent requests
never book a slot past its capacity or a number past its open limit (SQLite and PostgreSQL),
and on PostgreSQL a booking of one slot does not wait for an open booking of another."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from designer_ui.callbacks.booking import BookingRequest, CallbackBooking
from designer_ui.callbacks.booking_locks import lock_key, lock_number, lock_slot
from designer_ui.callbacks.settings import CallbackSettings
from designer_ui.extensions import db
from designer_ui.models import CallbackRequest, CallbackRules, Queue
from runtime.callbacks import CallbackRefused
from tests.designer_ui.callbacks.helpers import add_queue, next_weekday
from tests.designer_ui.conftest import build_app, empty_tables

SETTINGS = CallbackSettings()
RACERS = 8


def _rules(app: Flask, **values: int) -> int:
    with app.app_context():
        queue = db.session.execute(sa.select(Queue).where(Queue.name == "callbacks")).scalar_one()
        db.session.add(CallbackRules(queue_id=queue.id, **values))
        db.session.commit()
        return queue.id


def _race(app: Flask, requests: list[BookingRequest]) -> tuple[int, list[str]]:
    """Book all at once, each in a session of its own; bookings made and refusal codes."""
    with app.app_context():
        sessions = sessionmaker(db.engine)
    start = threading.Barrier(len(requests))
    booked: list[int] = []
    refusals: list[str] = []

    def book(request: BookingRequest) -> None:
        with sessions() as session:
            start.wait()
            try:
                booked.append(CallbackBooking(session, SETTINGS).book(request).id)
            except CallbackRefused as exc:
                refusals.append(exc.code)

    threads = [threading.Thread(target=book, args=(request,)) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return len(booked), refusals


def _stored(app: Flask) -> int:
    with app.app_context():
        return db.session.execute(sa.select(sa.func.count()).select_from(CallbackRequest)
                                  ).scalar_one()


def test_concurrent_requests_never_book_a_slot_past_its_capacity(app: Flask) -> None:
    add_queue(app)
    _rules(app, slot_capacity=3, max_open_per_number=10)
    slot = next_weekday(10)
    for _ in range(3):
        with app.app_context():
            db.session.execute(sa.delete(CallbackRequest))
            db.session.commit()
        made, refusals = _race(app, [
            BookingRequest(queue="callbacks", number=f"+1415555{index:04d}", kind="scheduled",
                           desired=slot) for index in range(RACERS)])
        assert _stored(app) == made == 3
        assert refusals == ["slot_full"] * (RACERS - 3)


def test_concurrent_requests_never_pass_a_numbers_open_limit(app: Flask) -> None:
    add_queue(app, hours=None)
    _rules(app, max_open_per_number=2)
    made, refusals = _race(app, [BookingRequest(queue="callbacks", number="+14155550123")
                                 for _ in range(RACERS)])
    assert _stored(app) == made == 2
    assert refusals == ["too_many_open"] * (RACERS - 2)


def test_lock_keys_name_one_place_each_and_are_the_same_in_every_process() -> None:
    assert lock_key("slot", 1, "2027-01-04T10:00:00+00:00") == lock_key(
        "slot", 1, "2027-01-04T10:00:00+00:00")
    keys = {lock_key("slot", 1, "a"), lock_key("slot", 2, "a"), lock_key("number", 1, "a")}
    assert len(keys) == 3 and all(-(2**63) <= key < 2**63 for key in keys)
    other_process = subprocess.run(
        [sys.executable, "-c", "from designer_ui.callbacks.booking_locks import lock_key; "
         "print(lock_key('slot', 1, 'a'))"], capture_output=True, text=True, check=True,
        env={**os.environ, "PYTHONHASHSEED": "12345"})
    assert int(other_process.stdout) == lock_key("slot", 1, "a")


# -- PostgreSQL: who waits for whom ----------------------------------------------------------


@pytest.fixture
def postgres_app(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Flask]:
    app = build_app("postgresql", tmp_path, request)
    with app.app_context():
        empty_tables()
    yield app
    with app.app_context():
        db.session.rollback()
        empty_tables()
        db.engine.dispose()


def _book_with_lock_timeout(app: Flask, request: BookingRequest) -> int:
    with app.app_context(), Session(db.engine) as session:
        session.execute(sa.text("SET lock_timeout = '3s'"))
        return CallbackBooking(session, SETTINGS).book(request).id


def test_an_open_booking_holds_only_its_own_slot_and_number(postgres_app: Flask) -> None:
    add_queue(postgres_app)
    queue_id = _rules(postgres_app, slot_capacity=3, max_open_per_number=3)
    slot, other_slot = next_weekday(10), next_weekday(11)
    with postgres_app.app_context(), Session(db.engine) as holder:
        lock_number(holder, queue_id, "+14155550001")
        lock_slot(holder, queue_id, slot)  # a booking of this slot, not yet committed

        assert _book_with_lock_timeout(postgres_app, BookingRequest(
            queue="callbacks", number="+14155550002", kind="scheduled", desired=other_slot))
        assert _book_with_lock_timeout(postgres_app, BookingRequest(
            queue="callbacks", number="+14155550003", kind="scheduled", desired=other_slot))
        with pytest.raises(OperationalError) as waited:
            _book_with_lock_timeout(postgres_app, BookingRequest(
                queue="callbacks", number="+14155550004", kind="scheduled", desired=slot))
        assert isinstance(waited.value.orig, psycopg.errors.LockNotAvailable)
        with pytest.raises(OperationalError):
            _book_with_lock_timeout(postgres_app, BookingRequest(
                queue="callbacks", number="+14155550001", kind="scheduled", desired=other_slot))
        holder.rollback()
    assert _book_with_lock_timeout(postgres_app, BookingRequest(
        queue="callbacks", number="+14155550004", kind="scheduled", desired=slot))

