"""The `callback` block's requests, answered by the booking service: the chat runtime, the voice
workers and the simulator all register (or, for the simulator, dry-run) through here, so a
refusal is the same everywhere and says why (the flow's `system.LastError`)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime

from designer_ui.callbacks.analytics_events import CallbackObserver
from designer_ui.callbacks.booking import BookingRequest, CallbackBooking
from designer_ui.callbacks.queue_rules import DbSession
from designer_ui.callbacks.settings import CallbackSettings
from interpreter.engine.effects import Callback
from interpreter.engine.events import CallbackResult
from runtime.callbacks import CallbackRefused
from runtime.effects.connectors import CallbackContext

log = logging.getLogger(__name__)
SessionScope = Callable[[], AbstractContextManager[DbSession]]


def booking_request(effect: Callback, context: CallbackContext) -> BookingRequest:
    desired = None
    if effect.mode == "scheduled":
        try:
            desired = datetime.fromisoformat(str(effect.when or ""))
        except ValueError:
            raise CallbackRefused("invalid_time", f"'{effect.when}' is not a time like "
                                  "2026-12-01T10:00:00+01:00.") from None
    kind = "scheduled" if effect.mode == "scheduled" else (
        "in_queue" if context.in_queue else "immediate")
    key = f"{context.channel}:{context.session_id}:{effect.block}" if context.session_id else None
    return BookingRequest(queue=effect.queue, number=effect.number, kind=kind, desired=desired,
                          data=dict(effect.data), idempotency_key=key,
                          environment=context.environment, origin="flow",
                          session_id=context.session_id or None)


class DesignerCallbackService:
    """`runtime.effects.CallbackService` over the Designer's database. `dry_run` checks every
    rule without storing anything (the simulator)."""

    def __init__(self, sessions: SessionScope, settings: CallbackSettings, *,
                 dry_run: bool = False, events: CallbackObserver | None = None):
        self.sessions = sessions
        self.settings = settings
        self.dry_run = dry_run
        self.events = events

    def register(self, effect: Callback, context: CallbackContext | None = None) -> CallbackResult:
        context = context or CallbackContext()
        try:
            request = booking_request(effect, context)
            with self.sessions() as session:
                booking = CallbackBooking(session, self.settings, events=self.events)
                try:
                    callback = booking.book(request, dry_run=self.dry_run)
                except CallbackRefused as refused:
                    existing = refused.details.get("callback_id")
                    if refused.code == "duplicate" and existing is not None:
                        return CallbackResult("success", str(existing))  # a retried turn
                    raise
                return CallbackResult("success", "" if self.dry_run else str(callback.id))
        except CallbackRefused as refused:
            return CallbackResult("failed", refused.message)
        except Exception:
            log.exception("callbacks: registering a callback failed")
            return CallbackResult("failed", "the callback service is unavailable")
