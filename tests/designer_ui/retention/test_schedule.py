"""The scheduled purge: one purge per interval across all nodes (a shared lease row), each
reported in the audit log; a failed purge lets the next check try again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Flask

from designer_ui.extensions import db
from designer_ui.models import AuditEntry
from designer_ui.retention.schedule import ScheduledPurge, claim_purge

NOW = datetime(2026, 5, 31, 3, 0, tzinfo=UTC)
DAY = 24 * 3600.0


def test_one_node_purges_per_day(app: Flask) -> None:
    first, second = ScheduledPurge(app, DAY, "node-a"), ScheduledPurge(app, DAY, "node-b")
    assert first.run_once(NOW) is True
    assert second.run_once(NOW + timedelta(minutes=5)) is False
    assert first.run_once(NOW + timedelta(hours=23)) is False  # not even the same node
    assert second.run_once(NOW + timedelta(days=1, seconds=1)) is True
    with app.app_context():
        entries = db.session.execute(db.select(AuditEntry).where(
            AuditEntry.action == "retention.purge")).scalars().all()
    assert len(entries) == 2 and all(entry.details["by"] == "schedule" for entry in entries)


def test_a_failed_purge_is_retried_at_the_next_check(app: Flask) -> None:
    saved = app.config["CALL_RECORD_RETENTION"]
    app.config["CALL_RECORD_RETENTION"] = "not a period"
    node = ScheduledPurge(app, DAY, "node-a")
    try:
        try:
            node.run_once(NOW)
        except ValueError:
            pass
        else:
            raise AssertionError("a bad setting must fail the purge")
    finally:
        app.config["CALL_RECORD_RETENTION"] = saved
    assert ScheduledPurge(app, DAY, "node-b").run_once(NOW + timedelta(minutes=1)) is True


def test_claims_race_on_one_row(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
    assert claim_purge(engine, "a", NOW, DAY) is True
    assert claim_purge(engine, "b", NOW, DAY) is False
    assert claim_purge(engine, "b", NOW + timedelta(seconds=DAY + 1), DAY) is True


def test_the_server_starts_the_schedule_with_its_first_request(app: Flask) -> None:
    from designer_ui.retention import EXTENSION, init_retention

    assert EXTENSION not in app.extensions  # tests run none unless asked
    probe = Flask("probe")
    probe.config.update(TESTING=True, RETENTION_PURGE_INTERVAL_S=3600)
    init_retention(probe)
    assert probe.config["CALL_RECORD_RETENTION"] == "90 days"
    assert len(probe.before_request_funcs[None]) == 1
