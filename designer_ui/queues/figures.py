"""A queue's figures: real-time (waiting, longest wait, agents by state, service level now) and
intervals (offered, answered, abandoned, average speed of answer, handle time, service level).

Service level is the share of interactions answered within the queue's target seconds among
those answered or abandoned. "Now" is the last `SERVICE_LEVEL_WINDOW_S` seconds.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from designer_ui.models.base import isoformat
from designer_ui.models.queues import (
    ABANDONED,
    AGENT_STATES,
    ENDED,
    OFFERED,
    WAITING,
    AgentProfile,
    Interaction,
    Queue,
)
from designer_ui.queues.lease import DbSession

SERVICE_LEVEL_WINDOW_S = 3600
MAX_INTERVAL_ROWS = 200_000
MAX_BUCKETS = 672


def realtime(session: DbSession, queue: Queue, now: datetime) -> dict[str, Any]:
    waiting = session.execute(sa.select(Interaction.enqueued_at).where(
        Interaction.queue_id == queue.id,
        Interaction.state.in_((WAITING, OFFERED)))).scalars().all()
    agents = {state: 0 for state in AGENT_STATES}
    for profile in session.execute(sa.select(AgentProfile)).scalars():
        if set(profile.channels) & set(queue.channels) and all(
                profile.skills.get(name, 0) >= level for name, level in queue.skills.items()):
            agents[profile.state] = agents.get(profile.state, 0) + 1
    recent = _closed(session, queue, now - timedelta(seconds=SERVICE_LEVEL_WINDOW_S), now)
    return {"queue": queue.name, "at": isoformat(now), "waiting": len(waiting),
            "longest_wait_s": round(max(((now - t).total_seconds() for t in waiting),
                                        default=0.0), 1),
            "agents": agents, "service_level": _service_level(recent, queue.sl_seconds)}


def intervals(session: DbSession, queue: Queue, start: datetime, end: datetime,
              size_s: int) -> list[dict[str, Any]]:
    rows = _closed(session, queue, start, end)
    buckets: list[dict[str, Any]] = []
    at = start
    while at < end and len(buckets) < MAX_BUCKETS:
        until = min(end, at + timedelta(seconds=size_s))
        inside = [r for r in rows if at <= r.enqueued_at < until]
        answered = [r for r in inside if r.answered_at is not None]
        handled = [r for r in answered if r.ended_at is not None]
        buckets.append({
            "start": isoformat(at), "end": isoformat(until), "offered": len(inside),
            "answered": len(answered),
            "abandoned": sum(1 for r in inside if r.state == ABANDONED),
            "average_speed_of_answer_s": _mean(
                [(r.answered_at - r.enqueued_at).total_seconds() for r in answered]),
            "average_handle_time_s": _mean(
                [(r.ended_at - r.answered_at).total_seconds() for r in handled]),
            "service_level": _service_level(inside, queue.sl_seconds)})
        at = until
    return buckets


def _closed(session: DbSession, queue: Queue, start: datetime, end: datetime) -> list[Any]:
    """Interactions of the queue enqueued in [start, end) (open ones included)."""
    return list(session.execute(
        sa.select(Interaction.state, Interaction.enqueued_at, Interaction.answered_at,
                  Interaction.ended_at)
        .where(Interaction.queue_id == queue.id, Interaction.enqueued_at >= start,
               Interaction.enqueued_at < end)
        .limit(MAX_INTERVAL_ROWS)).all())


def _service_level(rows: list[Any], target_s: int) -> float | None:
    settled = [r for r in rows if r.answered_at is not None or r.state in (ABANDONED, ENDED)]
    if not settled:
        return None
    fast = sum(1 for r in settled if r.answered_at is not None
               and (r.answered_at - r.enqueued_at).total_seconds() <= target_s)
    return round(100.0 * fast / len(settled), 1)


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None
