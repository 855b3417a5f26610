"""The callback dialer: one process at a time turns due callbacks into dial orders.

Every tick the dialer takes (or renews) its lease (a `distributor_lease` row named
`callback_dialer`, the queues' lease pattern), requeues callbacks whose dialer died
(`CallbackDialing.recover`), completes as `lost` those left connected longer than any call
lasts (`recover_connected`), releases scheduled callbacks whose time has come, and claims as many
due ones as the pace allows from queues that are open now: `CALLBACK_CALLS_PER_MINUTE` caps any
sliding minute and spreads the dials evenly over it (`dial_pace`: one every 60/pace seconds, a
burst of about one tick's worth), worked out from the attempts started in the last minute, so a
restarted dialer, or one taking the lease over, keeps the same rhythm. A claim is
the order: its attempt row, `dialing` and owned by `order:<holder>`, committed before any worker
can see it. Voice workers take orders with a conditional update (`dial_orders`), dial, and report
the SIP result; nothing is sent to them, so a dialer or worker that dies loses nothing.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import Flask

from designer_ui.callbacks.analytics_events import CallbackObserver
from designer_ui.callbacks.dial_pace import WINDOW, burst_for, dials_allowed
from designer_ui.callbacks.dialer_settings import DialerSettings
from designer_ui.callbacks.dialing import CallbackDialing
from designer_ui.callbacks.queue_rules import DbSession, queue_view
from designer_ui.callbacks.settings import CallbackSettings
from designer_ui.extensions import db
from designer_ui.models.callbacks import QUEUED, CallbackAttempt, CallbackRequest
from designer_ui.queues.distributor import DistributorThread
from designer_ui.queues.lease import hold_lease
from runtime.callbacks import CallbackRefused

log = logging.getLogger(__name__)
LEASE_NAME = "callback_dialer"
ORDER_PREFIX = "order:"
"""Attempts whose `dialer` starts with this are orders no voice worker has taken yet."""


@dataclass(frozen=True)
class TickReport:
    held: bool
    recovered: int = 0
    ordered: int = 0
    closed_queues: tuple[str, ...] = ()
    lost: int = 0
    """Connected callbacks completed as `lost` (no live call any more)."""


class CallbackDialer:
    def __init__(self, holder: str, callbacks: CallbackSettings, settings: DialerSettings,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC),
                 events: CallbackObserver | None = None):
        self.holder = holder
        self.callbacks = callbacks
        self.settings = settings
        self.clock = clock
        self.events = events
        """Told each dial, each callback recovery fails and each number refused at the claim
        (the application's analytics: `callback_events(app)`)."""

    def tick(self, session: DbSession) -> TickReport:
        now = self.clock()
        if not hold_lease(session, self.holder, now, self.settings.lease_s, LEASE_NAME):
            session.rollback()
            return TickReport(held=False)
        session.commit()
        dialing = CallbackDialing(session, self.callbacks, ORDER_PREFIX + self.holder,
                                  now=self.clock, events=self.events)
        recovered = dialing.recover(self.settings.recover_s)
        lost = dialing.recover_connected(self.settings.connected_max_s)
        dialing.release_due()
        settings = self.settings
        budget = dials_allowed(self._recent_starts(session, now), now,
                               settings.calls_per_minute,
                               burst_for(settings.calls_per_minute, settings.tick_s))
        ordered, closed = 0, []
        for queue, environment in self._due_queues(session, now):
            if budget <= 0:
                break
            if not self._open(session, queue, environment, now):
                closed.append(queue)
                continue
            claims = dialing.claim(budget, queue=queue)
            budget -= len(claims)
            ordered += len(claims)
        session.commit()
        return TickReport(True, recovered, ordered, tuple(closed), lost)

    @staticmethod
    def _recent_starts(session: DbSession, now: datetime) -> list[datetime]:
        """When the dials of the last minute started, whichever dialer ordered them."""
        return list(session.execute(sa.select(CallbackAttempt.started_at).where(
            CallbackAttempt.started_at > now - WINDOW)).scalars())

    @staticmethod
    def _due_queues(session: DbSession, now: datetime) -> list[tuple[str, str]]:
        """Queues with due callbacks, the longest-waiting first, each with the environment of
        its oldest due callback (whose business hours decide)."""
        rows = session.execute(sa.select(CallbackRequest.queue, CallbackRequest.environment,
                                         sa.func.min(CallbackRequest.due_at).label("first"))
                               .where(CallbackRequest.state == QUEUED,
                                      CallbackRequest.due_at <= now)
                               .group_by(CallbackRequest.queue, CallbackRequest.environment)
                               .order_by(sa.text("first"))).all()
        seen: dict[str, str] = {}
        for queue, environment, _first in rows:
            seen.setdefault(str(queue), str(environment))
        return list(seen.items())

    @staticmethod
    def _open(session: DbSession, queue: str, environment: str, now: datetime) -> bool:
        """Open now by its business hours; a queue that is gone or has broken hours is not
        dialled for (its callbacks expire by `CALLBACK_EXPIRE_MINUTES`)."""
        try:
            return queue_view(session, queue, environment).hours.is_open(now)
        except CallbackRefused as refused:
            log.warning("callbacks: not dialling for queue '%s': %s", queue, refused.message)
            return False


def default_holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def dialer_for(app: Flask, holder: str | None = None) -> CallbackDialer:
    from designer_ui.callbacks import callback_events, settings_of

    return CallbackDialer(holder or default_holder(), settings_of(app),
                          DialerSettings.from_config(app.config), events=callback_events(app))


def run_tick(app: Flask, dialer: CallbackDialer) -> TickReport:
    with app.app_context():
        try:
            return dialer.tick(db.session)
        finally:
            db.session.remove()


def start_dialer_thread(app: Flask) -> DistributorThread:
    """The dialer in the background of a Designer process (the lease lets one act)."""
    dialer = dialer_for(app)
    thread = DistributorThread(lambda: run_tick(app, dialer), dialer.settings.tick_s)  # type: ignore[arg-type, return-value]
    thread.start()
    return thread
