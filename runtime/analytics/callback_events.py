"""Callback events: one row per step of a callback's life, for the Callbacks report.

Two kinds of source feed it through the same analytics sink:

- the engine: the `callback` block reports `callback_offered` when a flow (an entry flow or a
  queue's in-queue flow) offers a callback; that event also stays in the session's events;
- the callback service (the booking API, the dialer): `callback_accepted`, `callback_scheduled`,
  `callback_dialed`, `callback_connected`, `callback_failed` and `callback_abandoned`, written
  on the life-cycle channel `callback` under the pseudo-session `callback-<id>`. Those are
  facts about a callback, not about a flow session, so they are kept here only: they create no
  session record and no roll-up.

A row is keyed like its event (`session_id`, `seq`) and written only when new, so a replayed
batch never counts twice. `day` (whole UTC days since the epoch) lets the report group in SQL
on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa

from runtime.analytics.records import EventRecord
from runtime.analytics.sql_dialect import insert_ignore

CALLBACK_CHANNEL = "callback"
"""The channel of the callback service's own events (their context has no flow)."""
OFFERED = "callback_offered"
LIFE_CYCLE = ("callback_accepted", "callback_scheduled", "callback_dialed", "callback_connected",
              "callback_failed", "callback_abandoned")
CALLBACK_EVENTS = frozenset((OFFERED, *LIFE_CYCLE))
COLUMNS = ("session_id", "seq", "ts", "day", "origin", "environment", "kind", "queue",
           "callback_id", "reason", "sip_code")


def callback_events_table(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "callback_events", metadata,
        sa.Column("session_id", sa.String(128), primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("ts", sa.Float, nullable=False),
        sa.Column("day", sa.Integer, nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("environment", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("queue", sa.String(100)),
        sa.Column("callback_id", sa.Integer),
        sa.Column("reason", sa.String(100)),
        sa.Column("sip_code", sa.Integer),
        sa.Index("ix_callback_events_ts", "ts"),
        sa.Index("ix_callback_events_kind_day", "kind", "day"),
    )


def is_life_cycle(record: EventRecord) -> bool:
    """An event of the callback service rather than of a flow session."""
    return record.context.channel == CALLBACK_CHANNEL


def _text(value: Any, limit: int) -> str | None:
    return None if value in (None, "") else str(value)[:limit]


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def callback_row(record: EventRecord) -> tuple[Any, ...]:
    data: Mapping[str, Any] = record.data or {}
    context = record.context
    return (context.session_id, record.seq, record.ts, int(record.ts // 86400), context.origin,
            context.environment, record.kind, _text(data.get("queue"), 100),
            _int(data.get("callback_id")), _text(data.get("reason"), 100),
            _int(data.get("sip_code")))


def store_callback_events(conn: sa.Connection, table: sa.Table,
                          records: Iterable[EventRecord]) -> int:
    """Insert the rows of the callback events among `records` (already stored ones are left
    alone); returns how many were offered to the table."""
    rows = sorted((callback_row(record) for record in records if record.kind in CALLBACK_EVENTS),
                  key=lambda row: (row[0], row[1]))
    unique = list({(row[0], row[1]): row for row in rows}.values())
    insert_ignore(conn, table, COLUMNS, unique, ["session_id", "seq"])
    return len(unique)
