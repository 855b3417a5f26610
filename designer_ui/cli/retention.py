"""`designer retention purge [--dry-run]`: delete call records, recordings, analytics and chat
transcripts past their retention (legal holds keep theirs), printing what each purge removed and
what holds kept; `designer retention status`: the settings, the holds and how much is stored.
The server also purges once a day on its own."""

from __future__ import annotations

import json

import click


def _app() -> object:
    from designer_ui.app import create_app

    # building the app starts no scheduled purge (that waits for a first request)
    return create_app({"ANALYTICS_PURGE_INTERVAL_S": 0, "QUEUE_DISTRIBUTOR": "off",
                       "BOT_CREDENTIALS_KEY_REQUIRED": False})


@click.group("retention")
def retention_group() -> None:
    """Retention of call records and recordings (uses DATABASE_URL / DESIGNER_INSTANCE)."""


@retention_group.command("purge")
@click.option("--dry-run", is_flag=True, help="Only count what would be deleted.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def purge_command(dry_run: bool, as_json: bool) -> None:
    """Delete call records, recordings, analytics and chat transcripts older than their
    retention, but for what legal holds keep."""
    from flask import Flask

    from designer_ui.retention.service import purge_expired

    app = _app()
    assert isinstance(app, Flask)
    report = purge_expired(app, dry_run=dry_run, by="cli")
    click.echo(json.dumps(report.to_dict(), indent=2) if as_json else report.summary())


@retention_group.command("status")
def status_command() -> None:
    """Print the retention settings, the legal holds and the oldest call record."""
    import sqlalchemy as sa
    from flask import Flask

    from designer_ui.extensions import db
    from designer_ui.models import LegalHold, VoiceCallRecord
    from designer_ui.models.calls import epoch_iso
    from designer_ui.retention import settings

    app = _app()
    assert isinstance(app, Flask)
    with app.app_context():
        calls, oldest = db.session.execute(sa.select(
            sa.func.count(), sa.func.min(VoiceCallRecord.started_at))).one()
        holds = [hold.to_dict() for hold in db.session.execute(
            sa.select(LegalHold).order_by(LegalHold.id)).scalars()]
    click.echo(json.dumps({
        "call_record_retention": str(settings.call_records(app)),
        "recording_retention": str(settings.recordings(app)),
        "purge_interval_s": float(app.config["RETENTION_PURGE_INTERVAL_S"]),
        "call_records": int(calls), "oldest_call": epoch_iso(oldest),
        "legal_holds": holds}, indent=2))
