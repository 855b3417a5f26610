"""What a dialer does with callbacks: claim the due ones, record each attempt's SIP result,
retry by the queue's policy, and mark the call connected and completed.

A claim is a conditional UPDATE (`state = queued` → `dialing`) committed before anything is
dialled: on PostgreSQL the second of two concurrent claimers waits for the first's row lock,
re-reads the row, finds it no longer queued and moves on, so no callback is dialled twice at
once. A dialer that dies mid-call leaves its callbacks in `dialing`; `recover` returns them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from designer_ui.callbacks.analytics_events import CallbackObserver
from designer_ui.callbacks.queue_rules import DbSession, find_queue, rules_of
from designer_ui.callbacks.settings import CallbackSettings
from designer_ui.models.callbacks import (
    COMPLETED,
    CONNECTED,
    DIALING,
    EXPIRED,
    FAILED,
    QUEUED,
    SCHEDULED,
    CallbackAttempt,
    CallbackRequest,
)
from runtime.callbacks import CallbackRefused, check_number

LOST = "lost"
"""The reason of a connected callback whose call's end was never reported."""


@dataclass(frozen=True)
class Claim:
    callback_id: int
    attempt_id: int
    number: str
    caller_id: str
    queue: str
    data: dict[str, object]


class CallbackDialing:
    def __init__(self, session: DbSession, settings: CallbackSettings, holder: str,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC),
                 events: CallbackObserver | None = None):
        self.session = session
        self.settings = settings
        self.holder = holder
        self.now = now
        self.events = events

    def release_due(self) -> int:
        """Scheduled callbacks whose time has come join the queue; stale ones expire."""
        now = self.now()
        released = self.session.execute(sa.update(CallbackRequest).where(
            CallbackRequest.state == SCHEDULED, CallbackRequest.due_at <= now)
            .values(state=QUEUED, updated_at=now)).rowcount  # type: ignore[attr-defined]
        stale = now - timedelta(minutes=self.settings.expire_minutes)
        self.session.execute(sa.update(CallbackRequest).where(
            CallbackRequest.state == QUEUED, CallbackRequest.due_at < stale)
            .values(state=EXPIRED, updated_at=now,
                    reason=f"not dialled within {self.settings.expire_minutes} minutes"))
        self.session.commit()
        return int(released)

    def claim(self, limit: int = 1, queue: str | None = None) -> list[Claim]:
        """Up to `limit` due callbacks, now `dialing` and owned by this dialer, each with an
        open attempt row; committed before they are returned."""
        self.release_due()
        now = self.now()
        query = (sa.select(CallbackRequest.id).where(CallbackRequest.state == QUEUED,
                                                     CallbackRequest.due_at <= now)
                 .order_by(CallbackRequest.due_at, CallbackRequest.id).limit(limit * 4))
        if queue is not None:
            query = query.where(CallbackRequest.queue == queue)
        claims: list[Claim] = []
        for callback_id in self.session.execute(query).scalars().all():
            if len(claims) >= limit:
                break
            claim = self._claim_one(callback_id, now)
            if claim is not None:
                claims.append(claim)
        return claims

    def _claim_one(self, callback_id: int, now: datetime) -> Claim | None:
        won = self.session.execute(sa.update(CallbackRequest).where(
            CallbackRequest.id == callback_id, CallbackRequest.state == QUEUED)
            .values(state=DIALING, claimed_by=self.holder, updated_at=now,
                    attempts_made=CallbackRequest.attempts_made + 1)).rowcount  # type: ignore[attr-defined]
        if not won:
            self.session.rollback()
            return None
        callback = self.session.get(CallbackRequest, callback_id)
        assert callback is not None
        try:
            check_number(callback.number, self.settings.rules_for(callback.environment))
        except CallbackRefused as refused:
            callback.state, callback.reason = FAILED, refused.message[:500]
            self.session.commit()
            if self.events is not None:
                self.events.failed(callback, None)
            return None
        attempt = CallbackAttempt(callback_id=callback_id, number=callback.number,
                                  dialer=self.holder, started_at=now, result="dialing", reason="")
        self.session.add(attempt)
        self.session.commit()
        if self.events is not None:
            self.events.dialed(callback)
        return Claim(callback_id, attempt.id, callback.number, callback.caller_id, callback.queue,
                     dict(callback.data or {}))

    def attempt_result(self, attempt_id: int, sip_code: int, reason: str = "") -> CallbackRequest:
        """The SIP outcome of an attempt: 2xx connects; a failure listed in the queue's retry
        codes goes back to the queue for another attempt while attempts remain."""
        now = self.now()
        attempt = self.session.get(CallbackAttempt, attempt_id)
        if attempt is None:
            raise LookupError(f"there is no callback attempt {attempt_id}")
        callback = self.session.get(CallbackRequest, attempt.callback_id)
        assert callback is not None
        attempt.ended_at, attempt.sip_code, attempt.reason = now, sip_code, reason[:200]
        if 200 <= sip_code < 300:
            attempt.result, callback.state = "connected", CONNECTED
        else:
            attempt.result = "failed"
            self._after_failure(callback, sip_code, reason, now)
        callback.updated_at = now
        self.session.commit()
        if self.events is not None:
            if callback.state == CONNECTED:
                self.events.connected(callback, sip_code)
            elif callback.state == FAILED:
                self.events.failed(callback, sip_code)
        return callback

    def _after_failure(self, callback: CallbackRequest, sip_code: int, reason: str,
                       now: datetime) -> None:
        try:
            rules = rules_of(self.session, find_queue(self.session, callback.queue))
            retry_codes, attempts = set(rules.retry_sip_codes), rules.max_attempts
            interval = rules.retry_interval_seconds
        except CallbackRefused:
            retry_codes, attempts, interval = set(), 0, 0
        said = f"SIP {sip_code}" + (f" {reason}" if reason else "")
        if sip_code in retry_codes and callback.attempts_made < attempts:
            callback.state, callback.claimed_by = QUEUED, None
            callback.due_at = now + timedelta(seconds=interval)
            callback.reason = f"attempt {callback.attempts_made} failed: {said}"[:500]
        else:
            callback.state = FAILED
            callback.reason = f"{said} after {callback.attempts_made} attempt(s)"[:500]

    def finish(self, callback_id: int, *, abandoned: bool = False) -> CallbackRequest:
        """A connected callback's call ended (`abandoned`: the customer left before an agent)."""
        callback = self.session.get(CallbackRequest, callback_id)
        if callback is None or callback.state != CONNECTED:
            raise LookupError(f"callback {callback_id} is not connected")
        callback.state = COMPLETED
        callback.reason = "abandoned after connect" if abandoned else ""
        callback.updated_at = self.now()
        self.session.commit()
        if abandoned and self.events is not None:
            self.events.abandoned(callback)
        return callback

    def recover_connected(self, older_than_s: int) -> int:
        """Callbacks left `connected` by a worker that died (or whose end was never recorded):
        connected longer than any call lasts, so no call is live; they are completed with
        reason `lost` (the customer was reached: never dialled again). One conditional UPDATE,
        so a late `finish` from a worker finds nothing to finish."""
        now = self.now()
        lost = self.session.execute(sa.update(CallbackRequest).where(
            CallbackRequest.state == CONNECTED,
            CallbackRequest.updated_at < now - timedelta(seconds=older_than_s))
            .values(state=COMPLETED, reason=LOST, updated_at=now)).rowcount  # type: ignore[attr-defined]
        self.session.commit()
        return int(lost)

    def recover(self, older_than_s: int = 300) -> int:
        """Callbacks left `dialing` by a dialer that died: their open attempt is closed as lost
        and they go back to the queue (or fail, like any attempt, when none remain)."""
        now = self.now()
        stuck = self.session.execute(sa.select(CallbackAttempt).join(
            CallbackRequest, CallbackRequest.id == CallbackAttempt.callback_id).where(
            CallbackRequest.state == DIALING, CallbackAttempt.result == "dialing",
            CallbackAttempt.started_at < now - timedelta(seconds=older_than_s))).scalars().all()
        for attempt in stuck:
            callback = self.session.get(CallbackRequest, attempt.callback_id)
            assert callback is not None
            attempt.ended_at, attempt.result, attempt.reason = now, "failed", "dialer lost"
            self._after_failure(callback, 503, "dialer lost", now)
        self.session.commit()
        if self.events is not None:
            for attempt in stuck:
                lost = self.session.get(CallbackRequest, attempt.callback_id)
                if lost is not None and lost.state == FAILED:
                    self.events.failed(lost, 503)
        return len(stuck)
