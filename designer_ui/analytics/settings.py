"""The Designer's analytics settings (`DESIGNER_ANALYTICS_…` in the environment, or keys of
`create_app({...})`), and their defaults."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

MAX_RETENTION_DAYS = 1096
"""36 months."""

DEFAULTS: dict[str, Any] = {
    "ANALYTICS_ENABLED": True,
    "ANALYTICS_RECORD_SIMULATOR": True,
    "ANALYTICS_BATCH_SIZE": 1000,
    "ANALYTICS_FLUSH_INTERVAL_MS": 1000,
    "ANALYTICS_QUEUE_SIZE": 100_000,
    "ANALYTICS_SPOOL_DIR": None,
    "ANALYTICS_RETENTION_DAYS": 90,
    "ANALYTICS_PURGE_INTERVAL_S": 6 * 3600,
    "ANALYTICS_EXPORT_MAX_ROWS": 1_000_000,
}


def apply_defaults(app: Flask) -> None:
    """Fill in what was not configured; tests run no purge job unless they ask for one."""
    no_scheduled_purge = app.config.get("TESTING") and "ANALYTICS_PURGE_INTERVAL_S" not in app.config
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    if no_scheduled_purge:
        app.config["ANALYTICS_PURGE_INTERVAL_S"] = 0
    retention_days(app)


def retention_days(app: Flask) -> int:
    days = int(app.config["ANALYTICS_RETENTION_DAYS"])
    if not 1 <= days <= MAX_RETENTION_DAYS:
        raise ValueError(f"ANALYTICS_RETENTION_DAYS must be between 1 and {MAX_RETENTION_DAYS} "
                         f"(36 months), not {days}")
    return days


def spool_dir(app: Flask) -> Path:
    configured = app.config.get("ANALYTICS_SPOOL_DIR")
    return Path(configured) if configured else Path(app.instance_path) / "analytics-spool"
