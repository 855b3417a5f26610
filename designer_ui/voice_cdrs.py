"""The voice workers' CDR store in the Designer database, so every call shows on the Calls page.

A worker names it as its CDR store (`--cdr designer_ui.voice_cdrs:designer_cdr_store`); the
runtime never imports the Designer. The store writes one `voice_calls` row per call (an upsert
by record id) over a plain SQLAlchemy engine, from the worker's thread pool, each save in its own
short transaction. The database is `VOICE_CDR_DATABASE_URL`, else `DATABASE_URL`. Records are
stored as the worker made them: keys of secure inputs arrive masked and stay masked.
"""

from __future__ import annotations

import os
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from designer_ui.models.calls import VoiceCallRecord
from runtime.voice.cdr import CallDetailRecord

TABLE: sa.Table = VoiceCallRecord.__table__  # type: ignore[assignment]
TEXT_FIELDS = ("sip_call_id", "ani", "dnis", "environment", "disposition", "ended_by")
JSON_FIELDS = ("path", "milestones", "dtmf", "recordings", "transfers", "metrics")


def _clip(value: str, column: str) -> str:
    length = getattr(TABLE.c[column].type, "length", None)
    return value[:length] if length else value


def record_row(record: CallDetailRecord) -> dict[str, Any]:
    """A CDR as a `voice_calls` row (strings clipped to their columns)."""
    data = record.to_json()
    row: dict[str, Any] = {column.name: data[column.name] for column in TABLE.columns}
    for name in (*TEXT_FIELDS, "id"):
        row[name] = _clip(str(row[name] or ""), name)
    for name in ("flow_id", "flow_version"):
        row[name] = None if row[name] is None else _clip(str(row[name]), name)
    for name in JSON_FIELDS:
        row[name] = row[name] if row[name] is not None else ({} if name == "metrics" else [])
    row["worker"] = int(row["worker"] or 0)
    return row


class DesignerCdrStore:
    """`runtime.voice.cdr.CdrStore` over the Designer's `voice_calls` table."""

    def __init__(self, database_url: str, **engine_options: Any):
        options: dict[str, Any] = {"pool_pre_ping": True, **engine_options}
        if database_url.startswith("sqlite"):
            options.setdefault("connect_args", {"timeout": 30})
        self.engine = sa.create_engine(database_url, **options)

    def save(self, record: CallDetailRecord) -> None:
        row = record_row(record)
        changes = {name: row[name] for name in row if name != "id"}
        with self.engine.begin() as conn:
            dialect = conn.dialect.name
            if dialect in ("sqlite", "postgresql"):
                module: Any = sqlite if dialect == "sqlite" else postgresql
                statement = module.insert(TABLE).values(row)
                conn.execute(statement.on_conflict_do_update(index_elements=[TABLE.c.id],
                                                             set_=changes))
            else:
                conn.execute(TABLE.delete().where(TABLE.c.id == row["id"]))
                conn.execute(TABLE.insert().values(row))

    def close(self) -> None:
        self.engine.dispose()


def designer_cdr_store() -> DesignerCdrStore:
    """The factory the voice settings name (`designer_ui.voice_cdrs:designer_cdr_store`)."""
    url = os.environ.get("VOICE_CDR_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if not url:
        raise RuntimeError("set VOICE_CDR_DATABASE_URL (or DATABASE_URL) to the Designer "
                           "database for voice call detail records")
    return DesignerCdrStore(url)
