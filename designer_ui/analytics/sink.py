"""The analytics sink of one Designer application: a writer over the Designer database.

Created on first use, so an application that never records anything starts no thread. Every
host inside the Designer process (the simulator, the chat API) reports through
`analytics_sink(app).record(events, context)`; the writer flushes at interpreter exit.
"""

from __future__ import annotations

import threading

from flask import Flask

from designer_ui.analytics.settings import spool_dir
from designer_ui.analytics.tables import TABLES
from designer_ui.extensions import db
from runtime.analytics.sink import AnalyticsSink, NullSink
from runtime.analytics.sql_store import SqlAnalyticsStore
from runtime.analytics.writer import AnalyticsWriter

EXTENSION = "designer_analytics"
_creating = threading.Lock()


def analytics_sink(app: Flask) -> AnalyticsSink:
    """The application's sink (a `NullSink` when ANALYTICS_ENABLED is false)."""
    if not app.config.get("ANALYTICS_ENABLED", True):
        return NullSink()
    writer = app.extensions.get(EXTENSION)
    if writer is not None:
        return writer
    with _creating:
        writer = app.extensions.get(EXTENSION)
        if writer is None:
            writer = app.extensions[EXTENSION] = _new_writer(app)
    return writer


def running_writer(app: Flask) -> AnalyticsWriter | None:
    """The writer if this process has started one (for status and tests)."""
    return app.extensions.get(EXTENSION)


def _new_writer(app: Flask) -> AnalyticsWriter:
    with app.app_context():
        engine = db.engine
    config = app.config
    return AnalyticsWriter(SqlAnalyticsStore(engine, TABLES),
                           batch_size=int(config["ANALYTICS_BATCH_SIZE"]),
                           flush_interval_ms=int(config["ANALYTICS_FLUSH_INTERVAL_MS"]),
                           queue_size=int(config["ANALYTICS_QUEUE_SIZE"]),
                           spool_dir=spool_dir(app), spool_name="designer")
