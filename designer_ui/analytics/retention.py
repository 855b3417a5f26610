"""Retention: analytics older than the retention period (90 days by default, at most 36 months)
are deleted by `designer analytics purge` and by a job in the server process.

Sessions are purged by their start; their events go with them. Roll-up rows are purged by
their minute, hour or day (a daily row goes once the whole day is past the cut-off). A session
(its record, events and survey answers) that a legal hold names is kept (docs/retention.md);
roll-ups count many sessions each and go by age alone.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

import sqlalchemy as sa
from flask import Flask

from designer_ui.analytics.settings import retention_days
from designer_ui.analytics.tables import TABLES
from designer_ui.extensions import db
from designer_ui.retention.analytics_holds import held_sessions, survey_sessions
from designer_ui.retention.holds import HeldValues
from runtime.analytics.sql_dialect import chunks
from runtime.blocking import run_blocking

log = logging.getLogger("designer_ui.analytics")
DAY_S = 86400
FIRST_RUN_DELAY_S = 60.0


@dataclass(frozen=True)
class PurgeResult:
    cutoff: float
    sessions: int
    events: int
    rollup_rows: int
    held_sessions: int = 0
    """Expired sessions that legal holds kept (with their events and survey answers)."""


def purge(engine: sa.Engine, older_than: float, *, dry_run: bool = False) -> PurgeResult:
    """Delete analytics of sessions started before `older_than` (epoch seconds), but for the
    sessions a legal hold keeps."""
    t = TABLES
    old = sa.select(t.sessions.c.session_id).where(t.sessions.c.started_at < older_than)
    minute, hour, day = int(older_than // 60), int(older_than // 3600), int(older_than // 86400)
    rollups: tuple[tuple[sa.Table, sa.ColumnElement[bool]], ...] = (
               (t.session_minutes, t.session_minutes.c.minute < minute),
               (t.session_hours, t.session_hours.c.hour < hour),
               (t.duration_hours, t.duration_hours.c.hour < hour),
               (t.duration_days, t.duration_days.c.day < day),
               (t.block_hours, t.block_hours.c.hour < hour),
               (t.block_days, t.block_days.c.day < day),
               (t.callback_events, t.callback_events.c.ts < older_than))
    with engine.begin() as conn:
        held = HeldValues.load(conn)
        expired = [row[0] for row in conn.execute(old)]
        kept = held_sessions(conn, held, expired)
        ids = [session_id for session_id in expired if session_id not in kept]
        surveyed, survey_kept = survey_sessions(conn, held, older_than) if held else ([], set())
        rollups += _survey_answers(older_than, surveyed, survey_kept)
        held_count = len(kept | survey_kept)
        if dry_run:
            events = sum(conn.execute(sa.select(sa.func.count()).select_from(t.events).where(
                t.events.c.session_id.in_(list(part)))).scalar_one() for part in chunks(ids))
            rows = sum(conn.execute(sa.select(sa.func.count()).select_from(table).where(cond)
                                    ).scalar_one() for table, cond in rollups)
            return PurgeResult(older_than, len(ids), events, rows, held_count)
        events = 0
        for part in chunks(ids):
            events += conn.execute(t.events.delete().where(
                t.events.c.session_id.in_(list(part)))).rowcount
            conn.execute(t.sessions.delete().where(t.sessions.c.session_id.in_(list(part))))
        rows = sum(conn.execute(table.delete().where(cond)).rowcount for table, cond in rollups)
    return PurgeResult(older_than, len(ids), events, rows, held_count)


def _survey_answers(older_than: float, surveyed: list[str], kept: set[str]
                    ) -> tuple[tuple[sa.Table, sa.ColumnElement[bool]], ...]:
    """What to delete of the survey answers: all expired ones, or, when holds keep some
    sessions', those of the other sessions (in chunks of ids)."""
    table = TABLES.survey_results
    expired = table.c.ts < older_than
    if not kept:
        return ((table, expired),)
    free = sorted(set(surveyed) - kept)
    return tuple((table, sa.and_(expired, table.c.session_id.in_(list(part))))
                 for part in chunks(free))


def purge_expired(app: Flask, now: float | None = None, *, dry_run: bool = False) -> PurgeResult:
    cutoff = (time.time() if now is None else now) - retention_days(app) * DAY_S
    with app.app_context():
        return purge(db.engine, cutoff, dry_run=dry_run)


class RetentionJob:
    """Purges expired analytics every ANALYTICS_PURGE_INTERVAL_S seconds in a daemon thread."""

    def __init__(self, app: Flask, interval_s: float):
        self.app = app
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="analytics-retention",
                                        daemon=True)

    def start(self) -> RetentionJob:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        delay = min(FIRST_RUN_DELAY_S, self.interval_s)
        while not self._stop.wait(delay):
            delay = self.interval_s
            try:
                result = run_blocking(purge_expired, self.app)  # not on gevent's hub
                if result.sessions or result.rollup_rows or result.held_sessions:
                    log.info("analytics retention: purged %d sessions, %d events, %d roll-up "
                             "rows; %d sessions kept by legal holds", result.sessions,
                             result.events, result.rollup_rows, result.held_sessions)
            except Exception:
                log.exception("analytics retention: the purge failed; trying again later")
