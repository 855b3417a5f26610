"""The analytics tables: events, one detail record per session, and the roll-ups.

Defined on whichever `MetaData` the caller owns: the Designer binds them to its own metadata
(migrations, tests), a voice worker writing straight to the Designer database binds them to a
private one. Times are epoch seconds (floats); roll-up buckets are whole minutes, hours or days
since the epoch (UTC), which group alike on SQLite and PostgreSQL.

- `analytics_dimensions`: origin, flow, version, environment, channel, entry point; its id is a
  hash of those six values, so every writer computes the same id without a look-up.
- `analytics_events`: primary key (session_id, seq), the event id `session_id:seq`.
- `analytics_sessions`: the session detail record, completed when the session ends.
- `analytics_session_minutes` / `_hours`: sessions started and their outcomes (dashboard).
- `analytics_duration_hours` / `_days`: a histogram of session durations (p90).
- `analytics_block_hours` / `_days`: per block: visits, ports, input outcomes, errors,
  drop-offs, time spent, milestones (canvas overlay, milestone report).
- `survey_results`: one row per survey answer (see `survey_results`).
- `callback_events`: one row per callback offered, accepted, dialled... (see `callback_events`).

Every roll-up is written at two grains. A query reads whole hours (or days) from the coarse
table and only the ragged ends of its range from the fine one, so a month costs about as much
as a day.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from runtime.analytics.callback_events import callback_events_table
from runtime.analytics.survey_results import survey_results_table

SESSION_OUTCOMES = ("contained", "routed", "abandoned", "unrouted", "errored")
SESSION_COUNTERS = ("started", "ended", *SESSION_OUTCOMES, "error_events")


@dataclass(frozen=True)
class AnalyticsTables:
    dimensions: sa.Table
    events: sa.Table
    sessions: sa.Table
    session_minutes: sa.Table
    session_hours: sa.Table
    duration_hours: sa.Table
    duration_days: sa.Table
    block_hours: sa.Table
    block_days: sa.Table
    survey_results: sa.Table
    callback_events: sa.Table


def _dimensions(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "analytics_dimensions", metadata,
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("flow_id", sa.String(64), nullable=False),
        sa.Column("flow_version", sa.String(32), nullable=False),
        sa.Column("environment", sa.String(32), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("entry_point", sa.String(200), nullable=False),
        sa.Index("ix_analytics_dimensions_flow", "flow_id", "origin"),
    )


def _events(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "analytics_events", metadata,
        sa.Column("session_id", sa.String(128), primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("ts", sa.Float, nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("block", sa.String(64)),
        sa.Column("module", sa.String(100)),
        sa.Column("data", sa.JSON),
    )


def _sessions(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "analytics_sessions", metadata,
        sa.Column("session_id", sa.String(128), primary_key=True),
        sa.Column("dim_id", sa.BigInteger, nullable=False),
        sa.Column("started_at", sa.Float, nullable=False),
        sa.Column("ended_at", sa.Float),
        sa.Column("duration_s", sa.Float),
        sa.Column("end_reason", sa.String(100)),
        sa.Column("outcome", sa.String(16), nullable=False, server_default="active"),
        sa.Column("reached_assisted", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("last_block", sa.String(64)),
        sa.Column("event_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("error_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("path", sa.Text),
        sa.Column("milestones", sa.Text),
        sa.Column("updated_at", sa.Float, nullable=False),
        sa.Index("ix_analytics_sessions_started", "started_at"),
        sa.Index("ix_analytics_sessions_dim_started", "dim_id", "started_at"),
    )


def _session_counts(metadata: sa.MetaData, name: str, grain: str) -> sa.Table:
    counters = [sa.Column(counter, sa.Integer, nullable=False, server_default="0")
                for counter in SESSION_COUNTERS]
    return sa.Table(
        name, metadata,
        sa.Column(grain, sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("dim_id", sa.BigInteger, primary_key=True, autoincrement=False),
        *counters,
        sa.Column("duration_sum", sa.Float, nullable=False, server_default="0"),
    )


def _durations(metadata: sa.MetaData, name: str, grain: str) -> sa.Table:
    return sa.Table(
        name, metadata,
        sa.Column(grain, sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("dim_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("bucket", sa.SmallInteger, primary_key=True, autoincrement=False),
        sa.Column("sessions", sa.Integer, nullable=False, server_default="0"),
    )


def _blocks(metadata: sa.MetaData, name: str, grain: str) -> sa.Table:
    return sa.Table(
        name, metadata,
        sa.Column("flow_id", sa.String(64), primary_key=True),
        sa.Column(grain, sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("dim_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("flow_version", sa.String(32), primary_key=True),
        sa.Column("block", sa.String(64), primary_key=True),
        sa.Column("metric", sa.String(16), primary_key=True),
        sa.Column("key", sa.String(100), primary_key=True),
        sa.Column("count", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("total", sa.Float, nullable=False, server_default="0"),
        sa.Index(f"ix_{name}_{grain}", grain),
    )


def analytics_tables(metadata: sa.MetaData) -> AnalyticsTables:
    """The tables on `metadata`, defined once per metadata."""
    if "analytics_events" in metadata.tables:
        return AnalyticsTables(*(metadata.tables[name] for name in TABLE_NAMES))
    return AnalyticsTables(
        _dimensions(metadata), _events(metadata), _sessions(metadata),
        _session_counts(metadata, "analytics_session_minutes", "minute"),
        _session_counts(metadata, "analytics_session_hours", "hour"),
        _durations(metadata, "analytics_duration_hours", "hour"),
        _durations(metadata, "analytics_duration_days", "day"),
        _blocks(metadata, "analytics_block_hours", "hour"),
        _blocks(metadata, "analytics_block_days", "day"), survey_results_table(metadata),
        callback_events_table(metadata))


TABLE_NAMES = ("analytics_dimensions", "analytics_events", "analytics_sessions",
               "analytics_session_minutes", "analytics_session_hours",
               "analytics_duration_hours", "analytics_duration_days",
               "analytics_block_hours", "analytics_block_days", "survey_results",
               "callback_events")
