"""The voice worker's analytics sink, straight into the Designer database.

The voice settings name a sink as `module:function`; `runtime.analytics.voice:database_sink`
builds an `AnalyticsWriter` over `DATABASE_URL` (or `ANALYTICS_DATABASE_URL`), with the
writer settings from the environment and a spool named after the worker, so a killed worker's
last batch is replayed and its losses reported when it restarts.
"""

from __future__ import annotations

import os

from runtime.analytics.settings import WriterSettings
from runtime.analytics.sql_store import SqlAnalyticsStore
from runtime.analytics.writer import AnalyticsWriter


def database_sink() -> AnalyticsWriter:
    url = os.environ.get("ANALYTICS_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if not url:
        raise RuntimeError("set DATABASE_URL (or ANALYTICS_DATABASE_URL) to the Designer "
                           "database for voice analytics")
    settings = WriterSettings.from_env()
    return AnalyticsWriter(SqlAnalyticsStore.from_url(url), batch_size=settings.batch_size,
                           flush_interval_ms=settings.flush_interval_ms,
                           queue_size=settings.queue_size, spool_dir=settings.spool_dir,
                           spool_name="voice")
