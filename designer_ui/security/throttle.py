"""Slows down password guessing without letting a stranger lock anyone out.

Failed log-ins are counted in `login_throttle` under three keys: the account together with
the client address, the client address alone, and the account alone. Each key lets a few
failures through freely; after that, every further attempt under the key must wait a delay
that grows with each failure (answered 429 with `Retry-After`, never by sleeping). The
account-alone key allows far more failures and grows slowly up to a low cap, so a stranger
hammering an account slows mostly themselves. Guesses spread over many addresses do reach
the account-wide delay, and it would keep the owner out too; so an attempt from a known device
of the account (`designer_ui.security.known_devices`) is counted under that device instead of
under the account alone, with the per-client rules. The owner, from a browser they logged in
with before, still gets in. A success clears the account-with-address and the device keys.

Counting is atomic: an attempt first reserves its place with one conditional UPDATE, then the
password is checked. Guesses sent at the same moment therefore cannot all pass as "free": once
a key's free failures are used up, only one attempt at a time may be in flight under it, and
the next must wait for that one's delay. A reservation left by a crashed worker lapses after
`IN_FLIGHT_SECONDS`. Counters are forgotten after `LOGIN_FAILURE_WINDOW_SECONDS` without a
failed attempt.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa
from flask import current_app, request
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from designer_ui.errors import ApiError
from designer_ui.extensions import db
from designer_ui.models import LoginThrottle
from designer_ui.models.base import utcnow

IN_FLIGHT_SECONDS = 30
MAX_KEY_PART = 90
TABLE = cast(sa.Table, LoginThrottle.__table__)


@dataclass(frozen=True)
class Policy:
    """How many failures a key allows freely, and how the delay after each further one grows."""

    free_failures: int
    first_delay_s: float
    growth: float
    max_delay_s: float

    def delay_after(self, failures: int) -> float:
        if failures < self.free_failures:
            return 0.0
        exponent = min(failures - self.free_failures, 64)
        return min(self.max_delay_s, self.first_delay_s * self.growth ** exponent)


def policies(config: Mapping[str, Any]) -> dict[str, Policy]:
    first = float(config["LOGIN_FIRST_DELAY_SECONDS"])
    most = float(config["LOGIN_MAX_DELAY_SECONDS"])
    return {
        "client": Policy(int(config["LOGIN_MAX_FAILURES"]), first, 2.0, most),
        "address": Policy(int(config["LOGIN_MAX_FAILURES_PER_ADDRESS"]), first, 2.0, most),
        "account": Policy(int(config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]), first, 1.2,
                          float(config["LOGIN_ACCOUNT_MAX_DELAY_SECONDS"])),
    }


def client_address() -> str:
    """The caller's address; with `TRUSTED_PROXY_HOPS` = n, the n-th address from the right of
    `X-Forwarded-For` (what the last trusted proxy saw)."""
    hops = int(current_app.config.get("TRUSTED_PROXY_HOPS", 0) or 0)
    if hops > 0:
        forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",")
                     if part.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops][:MAX_KEY_PART]
    return (request.remote_addr or "unknown")[:MAX_KEY_PART]


@dataclass
class Reservation:
    key: str
    policy: Policy
    attempt: int


@dataclass
class LoginAttempt:
    """One log-in attempt's places under its keys; report how it ended exactly once."""

    reservations: list[Reservation] = field(default_factory=list)

    def failed(self) -> None:
        now = utcnow()
        for held in self.reservations:
            values: dict[str, Any] = {"last_attempt_at": now}
            if held.attempt >= held.policy.free_failures:
                values["next_allowed_at"] = now + timedelta(
                    seconds=held.policy.delay_after(held.attempt))
            db.session.execute(sa.update(TABLE).where(TABLE.c.key == held.key).values(**values))
        window = timedelta(seconds=int(current_app.config["LOGIN_FAILURE_WINDOW_SECONDS"]))
        _forget_stale(now - window, now)
        db.session.commit()

    def succeeded(self) -> None:
        for held in self.reservations:
            if held.key.startswith(("client:", "device:")):
                db.session.execute(sa.delete(TABLE).where(TABLE.c.key == held.key))
            else:
                _release(held)
        db.session.commit()


def begin_attempt(username: str, address: str, *, device: str | None = None) -> LoginAttempt:
    """Reserve this attempt under every key, or raise 429 saying how long to wait.

    `device` is the id of a known device of the account (from its cookie): such an attempt is
    counted under that device, with the per-client rules, instead of under the account alone.
    """
    db.session.commit()  # no read transaction of this request may hold SQLite back
    config = current_app.config
    rules = policies(config)
    keys = [(f"client:{username}|{address}", rules["client"]), (f"address:{address}",
            rules["address"])]
    if device is None:
        keys.append((f"account:{username}", rules["account"]))
    else:
        keys.append((f"device:{username}|{device}", rules["client"]))
    now = utcnow()
    window = timedelta(seconds=int(config["LOGIN_FAILURE_WINDOW_SECONDS"]))
    db.session.execute(sa.delete(TABLE).where(
        TABLE.c.key.in_([key for key, _ in keys]), TABLE.c.last_attempt_at < now - window,
        sa.or_(TABLE.c.next_allowed_at.is_(None), TABLE.c.next_allowed_at <= now)))
    db.session.commit()
    attempt = LoginAttempt()
    for key, policy in keys:
        reserved = _reserve(key, policy, now)
        if reserved is None:
            wait = _seconds_until_allowed(key, now)
            for held in attempt.reservations:
                _release(held)
            db.session.commit()
            raise ApiError(429, f"Too many failed log-ins; wait {wait} s before trying again.",
                           code="too_many_requests", headers={"Retry-After": str(wait)},
                           details={"retry_after": wait})
        attempt.reservations.append(reserved)
    return attempt


def _reserve(key: str, policy: Policy, now: datetime) -> Reservation | None:
    _insert_missing(key, now)
    gate = now + timedelta(seconds=IN_FLIGHT_SECONDS)
    closes_gate = TABLE.c.attempts + 1 >= policy.free_failures
    row = db.session.execute(
        sa.update(TABLE)
        .where(TABLE.c.key == key,
               sa.or_(TABLE.c.attempts + 1 < policy.free_failures,
                      TABLE.c.next_allowed_at.is_(None), TABLE.c.next_allowed_at <= now))
        .values(attempts=TABLE.c.attempts + 1, last_attempt_at=now,
                next_allowed_at=sa.case((closes_gate, sa.bindparam("gate", gate,
                                                                   type_=TABLE.c.next_allowed_at.type)),
                                        else_=TABLE.c.next_allowed_at))
        .returning(TABLE.c.attempts)).first()
    db.session.commit()
    return None if row is None else Reservation(key, policy, int(row[0]))


def _insert_missing(key: str, now: datetime) -> None:
    values = {"key": key, "attempts": 0, "next_allowed_at": None, "last_attempt_at": now}
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        db.session.execute(postgresql.insert(TABLE).values(**values).on_conflict_do_nothing(
            index_elements=["key"]))
        return
    if dialect == "sqlite":
        db.session.execute(sqlite.insert(TABLE).values(**values).on_conflict_do_nothing(
            index_elements=["key"]))
        return
    if db.session.execute(sa.select(TABLE.c.key).where(TABLE.c.key == key)).first() is None:
        try:
            with db.session.begin_nested():
                db.session.execute(sa.insert(TABLE).values(**values))
        except IntegrityError:
            pass


def _release(held: Reservation) -> None:
    """Give back a place that did not end in a failure."""
    values: dict[str, Any] = {"attempts": sa.case((TABLE.c.attempts > 0, TABLE.c.attempts - 1),
                                                  else_=0)}
    if held.attempt >= held.policy.free_failures:
        values["next_allowed_at"] = utcnow()
    db.session.execute(sa.update(TABLE).where(TABLE.c.key == held.key).values(**values))


def _seconds_until_allowed(key: str, now: datetime) -> int:
    allowed = db.session.execute(sa.select(TABLE.c.next_allowed_at)
                                 .where(TABLE.c.key == key)).scalar()
    if allowed is None:
        return 1
    return max(1, math.ceil((allowed - now).total_seconds()))


def _forget_stale(before: datetime, now: datetime) -> None:
    db.session.execute(sa.delete(TABLE).where(
        TABLE.c.last_attempt_at < before,
        sa.or_(TABLE.c.next_allowed_at.is_(None), TABLE.c.next_allowed_at <= now)))
