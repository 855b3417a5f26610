"""Designer Analytics: storage, API and retention of the flows' analytics events.

Hosts in the Designer process report with `analytics_sink(app).record(events, context)`;
hosts elsewhere (voice workers) write to the same database with `runtime.analytics`. See
docs/analytics.md.
"""

from __future__ import annotations

import threading

from flask import Flask

from designer_ui.analytics.settings import apply_defaults
from designer_ui.analytics.sink import analytics_sink, running_writer

RETENTION_JOB = "designer_analytics_retention"
_starting = threading.Lock()


def init_analytics(app: Flask) -> None:
    """Settings, the API blueprint and the retention job of a server process."""
    from designer_ui.analytics import (  # noqa: F401  (routes)
        routes_figures,
        routes_sessions,
        routes_surveys,
    )
    from designer_ui.analytics.blueprint import blueprint

    apply_defaults(app)
    app.register_blueprint(blueprint, url_prefix="/api/v1")
    if float(app.config["ANALYTICS_PURGE_INTERVAL_S"]) > 0:
        app.before_request(lambda: _start_retention_job(app))


def _start_retention_job(app: Flask) -> None:
    """Started by the first request a process serves, so command-line tools that build the
    application (and exit) never start it."""
    from designer_ui.analytics.retention import RetentionJob

    if RETENTION_JOB in app.extensions:
        return
    with _starting:
        if RETENTION_JOB not in app.extensions:
            interval = float(app.config["ANALYTICS_PURGE_INTERVAL_S"])
            app.extensions[RETENTION_JOB] = RetentionJob(app, interval).start()


__all__ = ["analytics_sink", "init_analytics", "running_writer"]
