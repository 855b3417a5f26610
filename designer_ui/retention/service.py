"""One purge of call records and recordings under the app's settings, reported in the audit log
(`retention.purge`, with the counts) so every purge, by hand or on schedule, leaves a trace."""

from __future__ import annotations

from datetime import datetime

from flask import Flask

from designer_ui.extensions import db
from designer_ui.retention import settings
from designer_ui.retention.purge import PurgeReport, purge_calls
from designer_ui.services import audit


def purge_expired(app: Flask, *, now: datetime | None = None, dry_run: bool = False,
                  by: str = "cli") -> PurgeReport:
    """Purge (or count, dry) what retention allows; `by` says who ran it: cli or schedule."""
    with app.app_context():
        report = purge_calls(db.engine, call_records=settings.call_records(app),
                             recordings=settings.recordings(app), now=now, dry_run=dry_run,
                             batch=int(app.config["RETENTION_PURGE_BATCH"]))
        if not dry_run:
            audit.record("retention.purge", "retention", username=None, by=by,
                         **report.to_dict())
            db.session.commit()
        return report
