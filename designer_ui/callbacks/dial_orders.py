"""Dial orders as voice workers see them: take one (a conditional update of its attempt row),
report its SIP result, and finish its call.

The dialer loop (`dialer_loop`) leaves each claimed callback's open attempt owned by
`order:<dialer>`; a worker with a free line takes it by rewriting that owner to its own name
in one `UPDATE … WHERE dialer = 'order:…'`, committed before it dials, so two workers never
dial one order. An order older than `CALLBACK_ORDER_SECONDS` is not taken: recovery requeues it.
A worker whose lines filled up while it took orders hands the extra ones back (`hand_back`:
owned by `order:<worker>`, an order again).
A result that comes after recovery closed the attempt is ignored (the attempt is not open).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from designer_ui.callbacks.analytics_events import CallbackObserver
from designer_ui.callbacks.dialer_loop import ORDER_PREFIX
from designer_ui.callbacks.dialer_settings import DialerSettings
from designer_ui.callbacks.dialing import CallbackDialing
from designer_ui.callbacks.settings import CallbackSettings
from designer_ui.models.callbacks import CONNECTED, DIALING, CallbackAttempt, CallbackRequest
from runtime.voice.dialer import DialOrder

Scope = Callable[[], AbstractContextManager[Session]]


class DesignerDialDesk:
    def __init__(self, scope: Scope, callbacks: CallbackSettings, settings: DialerSettings,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC),
                 events: CallbackObserver | None = None):
        self.scope = scope
        self.callbacks = callbacks
        self.settings = settings
        self.clock = clock
        self.events = events
        """Told each connect, failure and abandon (the workers' `designer_dial_desk` writes
        them to the Designer's analytics tables)."""

    def take(self, worker: str, limit: int) -> list[DialOrder]:
        if limit <= 0:
            return []
        now = self.clock()
        orders: list[DialOrder] = []
        with self.scope() as session:
            rows = session.execute(
                sa.select(CallbackAttempt.id, CallbackAttempt.dialer).join(
                    CallbackRequest, CallbackRequest.id == CallbackAttempt.callback_id)
                .where(CallbackRequest.state == DIALING, CallbackAttempt.result == "dialing",
                       CallbackAttempt.dialer.startswith(ORDER_PREFIX),
                       CallbackAttempt.started_at >= now - timedelta(
                           seconds=self.settings.order_s))
                .order_by(CallbackAttempt.id).limit(limit)).all()
            for attempt_id, owner in rows:
                won = session.execute(sa.update(CallbackAttempt).where(
                    CallbackAttempt.id == attempt_id, CallbackAttempt.dialer == owner)
                    .values(dialer=worker[:200])).rowcount  # type: ignore[attr-defined]
                if not won:
                    session.rollback()
                    continue
                attempt = session.get(CallbackAttempt, attempt_id)
                assert attempt is not None
                callback = session.get(CallbackRequest, attempt.callback_id)
                assert callback is not None
                callback.claimed_by = worker[:200]
                session.commit()
                orders.append(DialOrder(
                    callback_id=callback.id, attempt_id=attempt_id, number=callback.number,
                    caller_id=callback.caller_id, queue=callback.queue,
                    environment=callback.environment, data=dict(callback.data or {}),
                    attempt=callback.attempts_made, flow=self.settings.flow_for(callback.queue),
                    priority_boost=self.settings.priority_boost))
        return orders

    def hand_back(self, attempt_id: int, worker: str) -> bool:
        """An order `worker` took but will not place (its lines filled up meanwhile) is an
        order again, for any worker, until `CALLBACK_ORDER_SECONDS` after it was claimed; False
        when the worker no longer owned it open."""
        owner = (ORDER_PREFIX + worker)[:200]
        with self.scope() as session:
            returned = session.execute(sa.update(CallbackAttempt).where(
                CallbackAttempt.id == attempt_id, CallbackAttempt.dialer == worker[:200],
                CallbackAttempt.result == "dialing").values(dialer=owner)).rowcount  # type: ignore[attr-defined]
            if returned:
                session.execute(sa.update(CallbackRequest).where(
                    CallbackRequest.id == sa.select(CallbackAttempt.callback_id).where(
                        CallbackAttempt.id == attempt_id).scalar_subquery(),
                    CallbackRequest.claimed_by == worker[:200]).values(claimed_by=owner))
            session.commit()
            return bool(returned)

    def result(self, attempt_id: int, sip_code: int, reason: str = "") -> bool:
        """Record the attempt's outcome; False when it was no longer open (recovered)."""
        with self.scope() as session:
            attempt = session.get(CallbackAttempt, attempt_id)
            if attempt is None or attempt.result != "dialing":
                return False
            CallbackDialing(session, self.callbacks, attempt.dialer, now=self.clock,
                            events=self.events).attempt_result(attempt_id, sip_code, reason)
            return True

    def finish(self, callback_id: int, *, abandoned: bool) -> bool:
        with self.scope() as session:
            callback = session.get(CallbackRequest, callback_id)
            if callback is None or callback.state != CONNECTED:
                return False
            CallbackDialing(session, self.callbacks, callback.claimed_by or "",
                            now=self.clock, events=self.events
                            ).finish(callback_id, abandoned=abandoned)
            return True


def session_scope(factory: Callable[[], Session]) -> Scope:
    @contextmanager
    def scope() -> Iterator[Session]:
        with factory() as session:
            yield session

    return scope
