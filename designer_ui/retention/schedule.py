"""The scheduled purge: every server process runs a daemon thread, but one purge runs per
RETENTION_PURGE_INTERVAL_S (a day by default) across all nodes.

The nodes share a row of the lease table (`distributor_lease`, name `retention-purge`): a
node purges only when its conditional UPDATE moves the row's `expires_at` from the past to
now + interval, which exactly one node can do per interval on PostgreSQL and SQLite alike.
Each thread tries every RETENTION_PURGE_CHECK_S (at most an hour), so a purge that was due
while its node was down runs soon on another.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import UTC, datetime, timedelta
from typing import cast

import sqlalchemy as sa
from flask import Flask
from sqlalchemy.exc import IntegrityError

from designer_ui.extensions import db
from designer_ui.models.queues import DistributorLease
from designer_ui.retention.service import purge_expired
from runtime.blocking import run_blocking

log = logging.getLogger("designer_ui.retention")
LEASE_NAME = "retention-purge"
LEASE = cast(sa.Table, DistributorLease.__table__)
FIRST_CHECK_S = 60.0
MAX_CHECK_S = 3600.0


def claim_purge(engine: sa.Engine, holder: str, now: datetime, interval_s: float) -> bool:
    """True when this node may purge now: the last purge (by anyone) is an interval old."""
    until = now + timedelta(seconds=interval_s)
    with engine.begin() as conn:
        taken = conn.execute(LEASE.update().where(LEASE.c.name == LEASE_NAME,
                                                  LEASE.c.expires_at < now)
                             .values(holder=holder, expires_at=until))
        if taken.rowcount == 1:
            return True
        if conn.execute(sa.select(LEASE.c.name).where(LEASE.c.name == LEASE_NAME)).first():
            return False
    try:
        with engine.begin() as conn:
            conn.execute(LEASE.insert().values(name=LEASE_NAME, holder=holder,
                                               expires_at=until))
    except IntegrityError:
        return False
    return True


class ScheduledPurge:
    """A daemon thread that claims the day's purge and runs it when the claim succeeds."""

    def __init__(self, app: Flask, interval_s: float, holder: str | None = None):
        self.app = app
        self.interval_s = interval_s
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="retention-purge", daemon=True)

    def start(self) -> ScheduledPurge:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def run_once(self, now: datetime | None = None) -> bool:
        """Claim and purge; True when this node purged."""
        moment = now or datetime.now(UTC)
        with self.app.app_context():
            engine = db.engine
        if not claim_purge(engine, self.holder, moment, self.interval_s):
            return False
        try:
            report = purge_expired(self.app, now=moment, by="schedule")
        except Exception:
            with engine.begin() as conn:  # let the next check (on any node) try again
                conn.execute(LEASE.update().where(LEASE.c.name == LEASE_NAME,
                                                  LEASE.c.holder == self.holder)
                             .values(expires_at=moment))
            raise
        log.info("retention: %s", report.summary())
        return True

    def _run(self) -> None:
        delay = min(FIRST_CHECK_S, self.interval_s)
        while not self._stop.wait(delay):
            delay = min(self.interval_s, MAX_CHECK_S)
            try:
                run_blocking(self.run_once)  # an OS thread, not gevent's hub
            except Exception:
                log.exception("retention: the scheduled purge failed; trying again later")
