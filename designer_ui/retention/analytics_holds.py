"""Which analytics sessions legal holds keep from the analytics purge.

An analytics session is kept when a hold names its session id, its flow or its entry point, or,
for a voice call (whose analytics session id is the call record's id), the call's SIP Call-ID,
caller or called number. Chat visitor ids are not in the analytics tables: a hold on one keeps
the chat transcript (see `chat_holds`), and a hold on the session id keeps its analytics too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import cast

import sqlalchemy as sa

from designer_ui.analytics.tables import TABLES
from designer_ui.models.calls import VoiceCallRecord
from designer_ui.retention.holds import HeldValues
from runtime.analytics.sql_dialect import chunks

CALLS = cast(sa.Table, VoiceCallRecord.__table__)


def held_sessions(conn: sa.Connection, held: HeldValues, session_ids: Sequence[str]) -> set[str]:
    """The ids among `session_ids` (analytics sessions) that a hold keeps."""
    if not held or not session_ids:
        return set()
    t = TABLES
    kept: set[str] = set()
    for part in chunks(session_ids):
        places = {session_id: (flow, entry) for session_id, flow, entry in conn.execute(
            sa.select(t.sessions.c.session_id, t.dimensions.c.flow_id,
                      t.dimensions.c.entry_point)
            .join(t.dimensions, t.dimensions.c.id == t.sessions.c.dim_id, isouter=True)
            .where(t.sessions.c.session_id.in_(list(part))))}
        kept |= _matching(conn, held, part, places)
    return kept


def survey_sessions(conn: sa.Connection, held: HeldValues,
                    older_than: float) -> tuple[list[str], set[str]]:
    """Sessions with survey answers older than `older_than`, and those of them a hold keeps."""
    t = TABLES
    rows = conn.execute(
        sa.select(t.survey_results.c.session_id, t.survey_results.c.flow_id,
                  t.dimensions.c.entry_point).distinct()
        .join(t.dimensions, t.dimensions.c.id == t.survey_results.c.dim_id, isouter=True)
        .where(t.survey_results.c.ts < older_than)).all()
    places = {session_id: (flow, entry) for session_id, flow, entry in rows}
    kept: set[str] = set()
    for part in chunks(list(places)):
        kept |= _matching(conn, held, part, places)
    return list(places), kept


def _matching(conn: sa.Connection, held: HeldValues, session_ids: Iterable[str],
              places: dict[str, tuple[str | None, str | None]]) -> set[str]:
    ids = list(session_ids)
    calls = {row["id"]: row for row in conn.execute(
        sa.select(CALLS.c.id, CALLS.c.sip_call_id, CALLS.c.ani, CALLS.c.dnis, CALLS.c.flow_id)
        .where(CALLS.c.id.in_(ids))).mappings()}
    kept = set()
    for session_id in ids:
        flow, entry_point = places.get(session_id, (None, None))
        call = calls.get(session_id)
        if held.names(ids=(session_id,), flow=flow, numbers=(entry_point,)) or (
                call is not None and held.keeps(call)):
            kept.add(session_id)
    return kept
