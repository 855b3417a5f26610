"""One retention purge under the app's settings: call records and recordings, analytics
(docs/analytics.md) and chat transcripts (docs/chat-runtime.md), each on its own retention and
each honouring legal holds. It is reported in the audit log (`retention.purge`, with the counts
of every part) so every purge, by hand or on schedule, leaves a trace."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from flask import Flask

from designer_ui.analytics.retention import purge_expired as purge_analytics
from designer_ui.extensions import db
from designer_ui.retention import settings
from designer_ui.retention.chat_purge import purge_chat_transcripts
from designer_ui.retention.purge import PurgeReport, purge_calls
from designer_ui.retention.report import AnalyticsPurged, ChatPurged, iso_epoch
from designer_ui.services import audit

log = logging.getLogger("designer_ui.retention")


def purge_expired(app: Flask, *, now: datetime | None = None, dry_run: bool = False,
                  by: str = "cli") -> PurgeReport:
    """Purge (or count, dry) what retention allows; `by` says who ran it: cli or schedule."""
    moment = now or datetime.now(UTC)
    with app.app_context():
        report = purge_calls(db.engine, call_records=settings.call_records(app),
                             recordings=settings.recordings(app), now=moment, dry_run=dry_run,
                             batch=int(app.config["RETENTION_PURGE_BATCH"]))
    analytics = purge_analytics(app, moment.timestamp(), dry_run=dry_run)
    report.analytics = AnalyticsPurged(iso_epoch(analytics.cutoff), analytics.sessions,
                                       analytics.events, analytics.rollup_rows,
                                       analytics.held_sessions)
    try:
        chat = purge_chat_transcripts(app, moment.timestamp(), dry_run=dry_run)
    except Exception as exc:  # the chat store (Redis) may be away: report it, keep the rest
        log.exception("retention: the chat transcript purge failed")
        report.errors.append(f"chat: {exc}")
        chat = None
    if chat is not None:
        report.chat = ChatPurged(iso_epoch(chat.cutoff), chat.purged, chat.held)
    if not dry_run:
        with app.app_context():
            audit.record("retention.purge", "retention", username=None, by=by,
                         **report.to_dict())
            db.session.commit()
    return report
