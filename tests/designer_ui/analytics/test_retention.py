"""Retention: analytics older than the retention period are purged by `designer analytics
purge` and by the server's scheduled job; the period is 90 days by default, 36 months at most."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from flask import Flask

from designer_ui.analytics import RETENTION_JOB
from designer_ui.analytics.retention import RetentionJob, purge_expired
from designer_ui.analytics.tables import TABLES
from designer_ui.app import create_app
from designer_ui.cli import main
from designer_ui.extensions import db
from runtime.analytics.sql_store import SqlAnalyticsStore
from tests.runtime.analytics.helpers import SessionScript

DAY = 86400.0


def write_sessions(engine: sa.Engine, ages_in_days: list[float], now: float) -> None:
    store = SqlAnalyticsStore(engine, TABLES)
    for index, age in enumerate(ages_in_days):
        start = now - age * DAY
        script = SessionScript(f"s{index}", start).add("session_start").visit("a", "next")
        store.write(script.at(start + 30).add("session_end", reason="completed").records())


def counts(engine: sa.Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {table.name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                for table in (TABLES.sessions, TABLES.events, TABLES.session_minutes,
                              TABLES.block_hours)}


def test_purge_keeps_the_retention_period(app: Flask) -> None:
    now = time.time()
    with app.app_context():
        engine = db.engine
        write_sessions(engine, [200, 91, 89, 1], now)
        assert purge_expired(app, now, dry_run=True).sessions == 2
        assert counts(engine)["analytics_sessions"] == 4
        result = purge_expired(app, now)
        assert (result.sessions, result.events) == (2, 2 * 4)
        left = counts(engine)
    assert left["analytics_sessions"] == 2 and left["analytics_events"] == 8
    assert left["analytics_session_minutes"] == 2


def test_retention_is_configurable_up_to_36_months(tmp_path: Path) -> None:
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x", "TESTING": True,
                      "ANALYTICS_RETENTION_DAYS": 1096})
    assert app.config["ANALYTICS_PURGE_INTERVAL_S"] == 0
    with pytest.raises(ValueError, match="36 months"):
        create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x", "TESTING": True,
                    "ANALYTICS_RETENTION_DAYS": 1097})
    with app.app_context():
        db.engine.dispose()


def test_the_command_and_the_scheduled_job(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESIGNER_INSTANCE", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app({"TESTING": True})
    with app.app_context():
        engine = db.engine
        write_sessions(engine, [400, 100, 10, 2], time.time())
    runner = CliRunner()
    dry = runner.invoke(main, ["analytics", "purge", "--dry-run"])
    assert dry.exit_code == 0 and "Would delete 2 sessions, 8 events" in dry.output, dry.output
    done = runner.invoke(main, ["analytics", "purge", "--days", "5"])
    assert done.exit_code == 0 and "Deleted 3 sessions, 12 events" in done.output, done.output
    status = runner.invoke(main, ["analytics", "status"])
    assert status.exit_code == 0 and '"analytics_sessions": 1' in status.output
    write_sessions(engine, [100], time.time())
    job = RetentionJob(app, interval_s=0.05).start()
    try:
        deadline = time.monotonic() + 10
        while counts(engine)["analytics_sessions"] > 1 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        job.stop()
    assert counts(engine)["analytics_sessions"] == 1
    engine.dispose()


def test_the_server_starts_the_job_with_its_first_request(tmp_path: Path) -> None:
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x", "TESTING": True,
                      "ANALYTICS_PURGE_INTERVAL_S": 3600})
    assert RETENTION_JOB not in app.extensions
    app.test_client().get("/api/v1/openapi.json")
    job = app.extensions[RETENTION_JOB]
    job.stop()
    with app.app_context():
        db.engine.dispose()
