"""Booking callbacks: availability, book, reschedule, cancel — one set of rules for the REST API,
the `callback` block on chat and voice, and the simulator's dry runs.

Works on a plain SQLAlchemy session (the Flask app's, or a voice worker's own), and commits every
change before returning, so what a caller was told is what the database holds.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from designer_ui.callbacks.analytics_events import CallbackObserver
from designer_ui.callbacks.booking_locks import lock_number, lock_slot
from designer_ui.callbacks.queue_rules import DbSession, QueueView, estimated_wait_s, queue_view
from designer_ui.callbacks.settings import CallbackSettings
from designer_ui.callbacks.slots import slot_start, slots_between
from designer_ui.models.callbacks import (
    CANCELLED,
    KINDS,
    OPEN_STATES,
    QUEUED,
    SCHEDULED,
    CallbackRequest,
)
from runtime.callbacks import CallbackRefused, check_number

ChangeNote = Callable[[CallbackRequest], None]
"""Called with a changed callback just before its change is committed."""


@dataclass(frozen=True)
class BookingRequest:
    queue: str | None
    number: str
    kind: str = "immediate"
    desired: datetime | None = None
    data: dict[str, Any] = field(default_factory=dict)
    idempotency_key: str | None = None
    environment: str = "live"
    origin: str = "api"
    session_id: str | None = None
    created_by: str | None = None


@dataclass(frozen=True)
class Slot:
    start: datetime
    end: datetime
    capacity: int
    booked: int

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.booked)

    def to_dict(self) -> dict[str, Any]:
        return {"start": _iso(self.start), "end": _iso(self.end), "capacity": self.capacity,
                "booked": self.booked, "free": self.free}


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


class CallbackBooking:
    def __init__(self, session: DbSession, settings: CallbackSettings,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC),
                 events: CallbackObserver | None = None):
        self.session = session
        self.settings = settings
        self.now = now
        self.events = events

    # -- availability ------------------------------------------------------------------------

    def availability(self, queue: str, start: datetime, end: datetime,
                     environment: str = "live") -> list[Slot]:
        if end <= start:
            raise CallbackRefused("invalid_range", "'to' must be after 'from'.")
        if end - start > timedelta(days=self.settings.availability_max_days):
            raise CallbackRefused("invalid_range", "Ask for at most "
                                  f"{self.settings.availability_max_days} days of slots at once.")
        view = queue_view(self.session, queue, environment)
        return self._slots(view, max(start, self.now()), end)

    def _slots(self, view: QueueView, start: datetime, end: datetime) -> list[Slot]:
        minutes = view.rules.slot_minutes
        starts = list(slots_between(view.hours, start, end, minutes))
        booked = self._booked(view.queue.name, starts)
        length = timedelta(minutes=minutes)
        return [Slot(moment, moment + length, view.rules.slot_capacity, booked.get(moment, 0))
                for moment in starts]

    def _booked(self, queue: str, starts: list[datetime]) -> dict[datetime, int]:
        if not starts:
            return {}
        rows = self.session.execute(
            sa.select(CallbackRequest.slot_start, sa.func.count()).where(
                CallbackRequest.queue == queue, CallbackRequest.state.in_(OPEN_STATES),
                CallbackRequest.slot_start >= starts[0], CallbackRequest.slot_start <= starts[-1])
            .group_by(CallbackRequest.slot_start)).all()
        return {moment: count for moment, count in rows if moment is not None}

    def next_free(self, view: QueueView, after: datetime) -> list[Slot]:
        """Up to `next_free_slots` free slots from `after`, searching the booking window."""
        limit = self.settings.next_free_slots
        horizon = self.now() + timedelta(days=self.settings.booking_days)
        found: list[Slot] = []
        start = max(after, self.now())
        while start < horizon and len(found) < limit:
            end = min(start + timedelta(days=7), horizon)
            found += [slot for slot in self._slots(view, start, end) if slot.free][:limit - len(found)]
            start = end
        return found

    # -- booking -----------------------------------------------------------------------------

    def book(self, request: BookingRequest, *, dry_run: bool = False) -> CallbackRequest:
        """Store a callback (or, `dry_run`, only check it would be accepted); CallbackRefused
        with the reason when a rule says no."""
        if request.kind not in KINDS:
            raise CallbackRefused("invalid_kind", f"'{request.kind}' is not a callback kind "
                                  f"({', '.join(KINDS)}).")
        self._check_data(request.data)
        number = check_number(request.number, self.settings.rules_for(request.environment))
        try:
            if request.idempotency_key is not None:
                self._not_repeated(request.idempotency_key)
            view = queue_view(self.session, request.queue, request.environment)
            if not dry_run:
                lock_number(self.session, view.queue.id, number)
            self._within_open_limit(view, number)
            now = self.now()
            if request.kind == "scheduled":
                slot = self._scheduled_slot(view, request.desired, now)
                due: datetime = max(slot, now)
            else:
                slot, due = None, self._immediate_due(view, now)
            callback = CallbackRequest(
                kind=request.kind, state=SCHEDULED if request.kind == "scheduled" else QUEUED,
                queue=view.queue.name, number=number,
                caller_id=self.settings.caller_id_for(request.environment),
                environment=request.environment, due_at=due, slot_start=slot,
                data=dict(request.data), origin=request.origin, session_id=request.session_id,
                idempotency_key=request.idempotency_key, attempts_made=0, reason="",
                created_by=request.created_by, created_at=now, updated_at=now)
            if dry_run:
                self.session.rollback()
                return callback
            self.session.add(callback)
            self.session.commit()
            if self.events is not None:
                self.events.accepted(callback)
            return callback
        except IntegrityError:
            self.session.rollback()
            raise CallbackRefused("duplicate", "A callback with this idempotency key was just "
                                  "booked.") from None
        except BaseException:
            self.session.rollback()
            raise

    def _check_data(self, data: dict[str, Any]) -> None:
        size = len(json.dumps(data, default=str).encode())
        if size > self.settings.data_max_bytes:
            raise CallbackRefused("data_too_large", f"The attached data takes {size} bytes; at "
                                  f"most {self.settings.data_max_bytes} are kept "
                                  "(CALLBACK_DATA_MAX_BYTES).")

    def _not_repeated(self, key: str) -> None:
        existing = self.session.execute(sa.select(CallbackRequest.id).where(
            CallbackRequest.idempotency_key == key)).scalar_one_or_none()
        if existing is not None:
            raise CallbackRefused("duplicate", f"Callback {existing} was already booked with "
                                  "this idempotency key.", callback_id=existing)

    def _within_open_limit(self, view: QueueView, number: str) -> None:
        limit = view.rules.max_open_per_number
        count = self.session.execute(sa.select(sa.func.count()).select_from(CallbackRequest).where(
            CallbackRequest.queue == view.queue.name, CallbackRequest.number == number,
            CallbackRequest.state.in_(OPEN_STATES))).scalar_one()
        if count >= limit:
            raise CallbackRefused("too_many_open", f"{number} already has {count} open "
                                  f"callbacks in '{view.queue.name}' (at most {limit}).")

    def _immediate_due(self, view: QueueView, now: datetime) -> datetime:
        """Keeping the caller's place: due when their virtual position reaches the front."""
        wait = estimated_wait_s(self.session, view.queue, now)
        minimum = view.rules.min_wait_minutes * 60
        if minimum and wait < minimum:
            raise CallbackRefused("wait_too_short", f"The expected wait in '{view.queue.name}' "
                                  f"is {round(wait / 60)} min; callbacks are offered only when "
                                  f"it is over {view.rules.min_wait_minutes} min.")
        if not view.hours.is_open(now):
            nearest = self.next_free(view, now)
            raise CallbackRefused("queue_closed", f"'{view.queue.name}' is closed now; "
                                  "schedule the callback instead.",
                                  next_free=[slot.to_dict() for slot in nearest])
        return now + timedelta(seconds=wait)

    def _scheduled_slot(self, view: QueueView, desired: datetime | None,
                        now: datetime) -> datetime:
        if desired is None:
            raise CallbackRefused("missing_time", "A scheduled callback needs the desired time.")
        if desired.utcoffset() is None:
            raise CallbackRefused("invalid_time", "Give the desired time with its UTC offset, "
                                  "like 2026-12-01T10:00:00+01:00.")
        if desired <= now:
            raise CallbackRefused("past_time", f"{_iso(desired)} is in the past.")
        if desired > now + timedelta(days=self.settings.booking_days):
            raise CallbackRefused("too_far", "Callbacks are booked at most "
                                  f"{self.settings.booking_days} days ahead.")
        minutes = view.rules.slot_minutes
        start = slot_start(desired, minutes, view.hours.timezone).astimezone(UTC)
        if not view.hours.slot_open(start, minutes):
            raise CallbackRefused("slot_closed", f"'{view.queue.name}' is closed at "
                                  f"{_iso(desired)}.", next_free=self._free_after(view, start))
        lock_slot(self.session, view.queue.id, start)
        booked = self._booked(view.queue.name, [start]).get(start, 0)
        if booked >= view.rules.slot_capacity:
            raise CallbackRefused("slot_full", f"The slot at {_iso(start)} is full "
                                  f"({view.rules.slot_capacity} callbacks).",
                                  next_free=self._free_after(view, start))
        return start

    def _free_after(self, view: QueueView, start: datetime) -> list[dict[str, Any]]:
        return [slot.to_dict() for slot in self.next_free(view, start)]

    # -- changes -----------------------------------------------------------------------------

    def reschedule(self, callback: CallbackRequest, desired: datetime, *,
                   on_change: ChangeNote | None = None) -> CallbackRequest:
        """Move an open callback to the slot of `desired`; `on_change` adds what goes with the
        move (an audit entry) to the same transaction."""
        if callback.state not in (SCHEDULED, QUEUED):
            raise CallbackRefused("not_changeable", f"Callback {callback.id} is "
                                  f"{callback.state}; only scheduled or queued ones move.")
        try:
            view = queue_view(self.session, callback.queue, callback.environment)
            previous = callback.slot_start
            callback.slot_start = None  # its own place does not count against the new slot
            self.session.flush()
            try:
                slot = self._scheduled_slot(view, desired, self.now())
            except CallbackRefused:
                callback.slot_start = previous
                raise
            callback.kind, callback.state = "scheduled", SCHEDULED
            callback.slot_start, callback.due_at = slot, max(slot, self.now())
            if on_change is not None:
                on_change(callback)
            self.session.commit()
            if self.events is not None:
                self.events.rescheduled(callback)
            return callback
        except BaseException:
            self.session.rollback()
            raise

    def cancel(self, callback: CallbackRequest, reason: str = "cancelled", *,
               on_change: ChangeNote | None = None) -> CallbackRequest:
        """Cancel an open callback; the conditional update loses to a dialer's claim.
        `on_change` adds what goes with the cancellation to the same transaction."""
        done = self.session.execute(
            sa.update(CallbackRequest).where(CallbackRequest.id == callback.id,
                                             CallbackRequest.state.in_((SCHEDULED, QUEUED)))
            .values(state=CANCELLED, reason=reason[:500], updated_at=self.now())).rowcount  # type: ignore[attr-defined]
        if done and on_change is not None:
            on_change(callback)
        self.session.commit()
        self.session.refresh(callback)
        if not done:
            raise CallbackRefused("not_changeable", f"Callback {callback.id} is "
                                  f"{callback.state} and can no longer be cancelled.")
        return callback
