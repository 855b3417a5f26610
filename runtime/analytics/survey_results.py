"""Survey results: one row per answer a `survey` block reported, for the Surveys view.

The engine reports each answer as a `survey_answer` event; the writer stores it as a row here
in the same transaction as the event itself (only when the event is new, so a replayed batch
never counts an answer twice). A row keeps what the Surveys view groups and filters by: the
interaction (session), its dimensions (origin, flow, version, environment, channel, entry
point, through `dim_id`), the module the survey ran in, the queue and agent when the session
knew them, the question and its answer: `score` is the number of a scale answer (1 for yes,
0 for no), `answer` the answer as text (a free-text answer in full, up to the block's cap).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa

from runtime.analytics.context import AnalyticsContext
from runtime.analytics.records import EventRecord
from runtime.analytics.sql_dialect import insert_ignore

SURVEY_EVENT = "survey_answer"
MAX_ANSWER = 2000
"""The longest answer stored (the survey block caps free text at this or lower)."""
COLUMNS = ("session_id", "seq", "ts", "dim_id", "flow_id", "flow_version", "module", "block",
           "survey", "question", "type", "scale", "score", "answer", "queue", "agent")


def survey_results_table(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "survey_results", metadata,
        sa.Column("session_id", sa.String(128), primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("ts", sa.Float, nullable=False),
        sa.Column("dim_id", sa.BigInteger, nullable=False),
        sa.Column("flow_id", sa.String(64), nullable=False),
        sa.Column("flow_version", sa.String(32), nullable=False),
        sa.Column("module", sa.String(100)),
        sa.Column("block", sa.String(64)),
        sa.Column("survey", sa.String(64), nullable=False),
        sa.Column("question", sa.String(64), nullable=False),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("scale", sa.SmallInteger),
        sa.Column("score", sa.Float),
        sa.Column("answer", sa.Text),
        sa.Column("queue", sa.String(100)),
        sa.Column("agent", sa.String(100)),
        sa.Index("ix_survey_results_ts", "ts"),
        sa.Index("ix_survey_results_flow_ts", "flow_id", "ts"),
    )


def _text(value: Any, limit: int) -> str | None:
    return None if value in (None, "") else str(value)[:limit]


def _score(kind: str, answer: Any) -> float | None:
    if kind == "yes_no":
        return 1.0 if answer == "yes" else 0.0 if answer == "no" else None
    if kind == "scale" and isinstance(answer, int | float) and not isinstance(answer, bool):
        return float(answer)
    return None


def survey_row(record: EventRecord, dim_id: int) -> tuple[Any, ...] | None:
    """The survey result of one `survey_answer` event (None when its data is unusable)."""
    data: Mapping[str, Any] = record.data or {}
    question, kind = _text(data.get("question"), 64), _text(data.get("type"), 16)
    if not question or not kind:
        return None
    scale = data.get("scale")
    context: AnalyticsContext = record.context
    return (context.session_id, record.seq, record.ts, dim_id, context.flow_id,
            context.flow_version, record.module, record.block,
            _text(data.get("survey"), 64) or record.block or "", question, kind,
            scale if isinstance(scale, int) and not isinstance(scale, bool) else None,
            _score(kind, data.get("answer")), _text(data.get("answer"), MAX_ANSWER),
            _text(data.get("queue"), 100), _text(data.get("agent"), 100))


def store_survey_results(conn: sa.Connection, table: sa.Table,
                         records: Iterable[tuple[EventRecord, int]]) -> int:
    """Insert the survey results of the new `survey_answer` events; returns how many."""
    rows = [row for record, dim_id in records
            if (row := survey_row(record, dim_id)) is not None]
    rows.sort(key=lambda row: (row[0], row[1]))
    insert_ignore(conn, table, COLUMNS, rows, ["session_id", "seq"])
    return len(rows)
