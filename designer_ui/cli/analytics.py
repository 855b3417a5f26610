"""`designer analytics purge`: delete analytics older than the retention period (the server
process also does this on a schedule), and `designer analytics status`."""

from __future__ import annotations

import json
import time

import click


@click.group("analytics")
def analytics_group() -> None:
    """Designer Analytics maintenance (uses DATABASE_URL / DESIGNER_INSTANCE)."""


@analytics_group.command("purge")
@click.option("--days", type=click.IntRange(1, 1096), default=None,
              help="Keep this many days (default: ANALYTICS_RETENTION_DAYS, 90).")
@click.option("--dry-run", is_flag=True, help="Only count what would be deleted.")
def purge_command(days: int | None, dry_run: bool) -> None:
    """Delete analytics of sessions older than the retention period."""
    from designer_ui.analytics.retention import purge_expired
    from designer_ui.app import create_app

    config = {"ANALYTICS_PURGE_INTERVAL_S": 0, "BOT_CREDENTIALS_KEY_REQUIRED": False}
    if days is not None:
        config["ANALYTICS_RETENTION_DAYS"] = days
    app = create_app(config)
    result = purge_expired(app, dry_run=dry_run)
    verb = "Would delete" if dry_run else "Deleted"
    cutoff = time.strftime("%Y-%m-%d %H:%M:%SZ", time.gmtime(result.cutoff))
    click.echo(f"{verb} {result.sessions} sessions, {result.events} events and "
               f"{result.rollup_rows} roll-up rows older than {cutoff}; "
               f"{result.held_sessions} sessions kept by legal holds.")


@analytics_group.command("status")
def status_command() -> None:
    """Print the retention period and how much analytics the database holds."""
    import sqlalchemy as sa

    from designer_ui.analytics.settings import retention_days
    from designer_ui.analytics.tables import TABLES
    from designer_ui.app import create_app
    from designer_ui.extensions import db

    app = create_app({"ANALYTICS_PURGE_INTERVAL_S": 0, "BOT_CREDENTIALS_KEY_REQUIRED": False})
    with app.app_context(), db.engine.connect() as conn:
        counts = {table.name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                  for table in (TABLES.sessions, TABLES.events, TABLES.session_minutes,
                                TABLES.block_hours)}
        oldest = conn.execute(sa.select(sa.func.min(TABLES.sessions.c.started_at))).scalar_one()
    click.echo(json.dumps({"retention_days": retention_days(app), "rows": counts,
                           "oldest_session": None if oldest is None else
                           time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(oldest))}, indent=2))
