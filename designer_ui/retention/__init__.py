"""Retention of call records and recordings, and legal holds (docs/retention.md).

`init_retention(app)` checks the settings and, in a server process, starts the scheduled purge
with the first request (command-line tools that build the app and exit never start it).
"""

from __future__ import annotations

import threading

from flask import Flask

from designer_ui.retention.settings import apply_defaults

EXTENSION = "designer_retention_purge"
_starting = threading.Lock()


def init_retention(app: Flask) -> None:
    apply_defaults(app)
    if float(app.config["RETENTION_PURGE_INTERVAL_S"]) > 0:
        app.before_request(lambda: _start_schedule(app))


def _start_schedule(app: Flask) -> None:
    from designer_ui.retention.schedule import ScheduledPurge

    if EXTENSION in app.extensions:
        return
    with _starting:
        if EXTENSION not in app.extensions:
            interval = float(app.config["RETENTION_PURGE_INTERVAL_S"])
            app.extensions[EXTENSION] = ScheduledPurge(app, interval).start()


__all__ = ["init_retention"]
