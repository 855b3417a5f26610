"""The voice workers' side of queues: put a call in a queue, see how its wait goes, say where
the call is. The media workers reach the Designer database through their flow source
(`designer_ui.voice_source`), so the interaction row itself is the channel: the worker inserts
it when a `route` block names a voice queue, refreshes `data.voice` (where the call is and when
the worker last saw it) on every poll, and reads back the distributor's and the agent's
decisions (offered, accepted by whom, given up). `VoiceBridge` reads the same rows for the
distributor, so a worker that dies simply stops refreshing and its calls are noticed as gone.
"""

from __future__ import annotations

import os
import threading
import time
import weakref
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa

from designer_ui.errors import ApiError
from designer_ui.models.base import utcnow
from designer_ui.models.environments import ENVIRONMENTS
from designer_ui.models.queues import (
    ABANDONED,
    CONNECTED,
    DEFAULT_INTERACTION_ENVIRONMENT,
    ENDED,
    OFFERED,
    WAITING,
    AgentProfile,
    Interaction,
    Queue,
)
from designer_ui.models.users import User
from designer_ui.queues.estimator import WaitEstimator
from designer_ui.queues.lease import DbSession
from designer_ui.queues.matching import required_skills

VOICE = "voice"
DEFAULT_AGENT_URI = "sip:agent-{username}@127.0.0.1"
"""Where an agent's phone is: agents register with Kamailio as `agent-<username>`."""
DEFAULT_STALE_S = 15.0
HANDOVER_STALE_S = 15.0
"""A call its worker has not polled for this long is not handed to an agent."""
HISTORY_ROWS = 200
"""How many recently finished interactions of a queue teach the wait estimate."""
ESTIMATOR_TTL_S = 5.0
"""How long a worker reuses a queue's learnt estimator before reading its history again (the
history moves by whole calls; staffing and position are read on every poll)."""
SEEN_REFRESH_S = 5.0
"""How often at most a poll rewrites the call's `seen` time (a write; the distributor counts a
call gone only after `VOICE_STALE_SECONDS`, at least 2 s, so the refresh is kept below a third
of that)."""
AGENT_DECLINED = "declined"
"""Requeue reasons: the agent's phone declined the call (603); the agent keeps their state,
as after declining an offer on the desk."""
AGENT_UNREACHABLE = "unreachable"
"""The agent's phone did not answer, was busy or is not registered: the agent becomes not
ready (as after a ring-out), so the next calls go to others."""
AGENT_LOST = "lost"
"""The agent's phone went away mid-call (browser closed, network gone): not ready."""
NOT_READY_REASONS = {AGENT_UNREACHABLE: "Phone did not answer", AGENT_LOST: "Phone lost mid-call"}


@dataclass(frozen=True)
class QueueTicket:
    interaction: int
    queue: str
    in_queue_flow: str | None


@dataclass(frozen=True)
class WaitStatus:
    """One poll's answer: still waiting (position, estimate), answered (agent's address), or
    over (`result`: the route result the flow hears, e.g. `failed` past the maximum wait)."""

    state: str
    position: int = 0
    ewt_s: float = 0.0
    agent: str | None = None
    agent_uri: str | None = None
    result: str | None = None


def voice_queue(session: DbSession, name: str) -> Queue | None:
    queue = session.execute(sa.select(Queue).where(Queue.name == name)).scalar_one_or_none()
    return queue if queue is not None and VOICE in (queue.channels or []) else None


def enqueue(session: DbSession, session_id: str, queue: Queue, skills: tuple[str, ...],
            priority: int, data: dict[str, Any], now: datetime | None = None,
            environment: str = DEFAULT_INTERACTION_ENVIRONMENT) -> QueueTicket:
    """Queue the call in the environment of its dialled number (unknown ones count as live)."""
    now = now or utcnow()
    if environment not in ENVIRONMENTS:
        environment = DEFAULT_INTERACTION_ENVIRONMENT
    row = Interaction(active_key=f"{VOICE}:{session_id}", queue_id=queue.id, channel=VOICE,
                      environment=environment,
                      session_id=session_id, skills=required_skills(queue.skills, skills),
                      priority=priority, state=WAITING, enqueued_at=now, declined_by=[],
                      data={**data, VOICE: {"where": "queued", "seen": now.timestamp()}})
    session.add(row)
    session.commit()
    return QueueTicket(row.id, queue.name, (queue.in_queue_flows or {}).get(VOICE))


def _poll_statement() -> sa.Select[Any]:
    """The polled call's row and the number of calls ahead of it, in one Core statement (no
    ORM objects: hundreds of calls poll every second)."""
    table = Interaction.__table__
    ahead = table.alias("ahead")
    count = sa.select(sa.func.count()).select_from(ahead).where(
        ahead.c.queue_id == table.c.queue_id, ahead.c.state.in_((WAITING, OFFERED)),
        sa.or_(ahead.c.priority > table.c.priority,
               sa.and_(ahead.c.priority == table.c.priority,
                       ahead.c.enqueued_at < table.c.enqueued_at))).scalar_subquery()
    return sa.select(table.c.state, table.c.data, table.c.agent_id, table.c.queue_id,
                     count.label("ahead")).where(table.c.id == sa.bindparam("interaction"))


_POLL = _poll_statement()


def poll(session: DbSession, interaction_id: int, *, agent_uri: str = DEFAULT_AGENT_URI,
         now: datetime | None = None) -> WaitStatus:
    """How the wait goes; also tells the distributor the worker still has the call.

    Hundreds of calls poll every second, so a poll is one read (the row and the calls ahead),
    the staffed agents and the learnt estimator
    (reused for a few seconds); it writes only when the call's `seen` time is due a refresh."""
    now = now or utcnow()
    found = session.execute(_POLL, {"interaction": interaction_id}).one_or_none()
    if found is None:
        return WaitStatus("gone", result="failed")
    state, data, agent_id, queue_id, ahead = found
    data = data or {}
    if state in (ENDED, ABANDONED):
        return WaitStatus("over", result=str(data.get("gave_up") or "failed"))
    if state == CONNECTED:
        user = session.get(User, agent_id) if agent_id else None
        username = user.username if user is not None else ""
        return WaitStatus("answered", agent=username,
                          agent_uri=agent_uri.format(username=username))
    voice = data.get(VOICE) or {}
    if voice.get("where") != "queued" or \
            float(voice.get("seen") or 0) < stale_before(now, seen_refresh_seconds()):
        _write_seen(session, interaction_id, data, "queued", now, state)
    position = 1 + int(ahead)
    return WaitStatus(state, position, _estimators.get(session, queue_id).estimate(
        position, _staffed(session)))


def stale_seconds() -> float:
    """`VOICE_STALE_SECONDS` (2-600, default 15): a call its worker has not polled for this
    long is gone for the distributor."""
    value = float(os.environ.get("VOICE_STALE_SECONDS") or DEFAULT_STALE_S)
    if not 2 <= value <= 600:
        raise ValueError("VOICE_STALE_SECONDS is 2-600")
    return value


def seen_refresh_seconds() -> float:
    """`SEEN_REFRESH_S`, or a third of `VOICE_STALE_SECONDS` when that is shorter (a value the
    distributor refuses leaves the default)."""
    try:
        stale_s = stale_seconds()
    except ValueError:
        stale_s = DEFAULT_STALE_S
    return max(0.5, min(SEEN_REFRESH_S, stale_s / 3))


def mark(session: DbSession, interaction_id: int, where: str,
         now: datetime | None = None) -> None:
    """Where the call is now: `with_agent` (bridged), `elsewhere` (back in its flow), `gone`."""
    row = session.get(Interaction, interaction_id)
    if row is not None:
        _seen(session, row, where, now or utcnow())


def hand_to_agent(row: Interaction, now: datetime | None = None) -> None:
    """An agent accepted the call (in the accept's transaction): from now on the call counts
    as with its agent, so the distributor does not end the interaction before the worker has
    dialled the agent; a call whose worker stopped polling is refused."""
    now = now or utcnow()
    voice = dict(row.data.get(VOICE) or {})
    if float(voice.get("seen") or 0) < stale_before(now, HANDOVER_STALE_S):
        raise ApiError(409, "The caller is no longer waiting.", code="customer_left")
    row.data = {**row.data, VOICE: {"where": "with_agent", "seen": now.timestamp()}}


def requeue(session: DbSession, interaction_id: int, reason: str,
            now: datetime | None = None) -> bool:
    """The call is back in its queue after its agent's phone refused it or went away: waiting
    again with its original `enqueued_at` (so at its original position), never offered to that
    agent again, the agent not ready unless they declined (`reason`: `AGENT_DECLINED`,
    `AGENT_UNREACHABLE`, `AGENT_LOST`). False when the interaction is no longer open (the
    distributor gave up on it meanwhile)."""
    if reason not in (AGENT_DECLINED, *NOT_READY_REASONS):
        raise ValueError(f"unknown requeue reason {reason!r}")
    now = now or utcnow()
    row = session.get(Interaction, interaction_id)
    if row is None:
        return False
    session.refresh(row)
    if row.state not in (OFFERED, CONNECTED, WAITING):
        return False
    agent_id = row.agent_id or row.offered_to
    declined = [*row.declined_by, *([agent_id] if agent_id and agent_id not in row.declined_by
                                    else [])]
    changed = session.execute(
        sa.update(Interaction)
        .where(Interaction.id == row.id, Interaction.state == row.state)
        .values(state=WAITING, agent_id=None, answered_at=None, offered_to=None,
                offered_at=None, offer_expires_at=None, declined_by=declined,
                data={**row.data, VOICE: {"where": "queued", "seen": now.timestamp()}})
        .execution_options(synchronize_session="fetch"))
    if changed.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        return False
    profile = session.get(AgentProfile, agent_id) if agent_id else None
    if profile is not None and reason in NOT_READY_REASONS \
            and profile.state in ("ready", "busy"):
        profile.state, profile.reason, profile.state_since = (
            "not_ready", NOT_READY_REASONS[reason], now)
    session.commit()
    return True


def estimator_for(session: DbSession, queue_id: int) -> WaitEstimator:
    """An estimator taught by the queue's recently finished interactions, oldest first."""
    rows = session.execute(
        sa.select(Interaction.state, Interaction.answered_at, Interaction.ended_at,
                  Interaction.enqueued_at)
        .where(Interaction.queue_id == queue_id, Interaction.state.in_((ENDED, ABANDONED)))
        .order_by(Interaction.ended_at.desc()).limit(HISTORY_ROWS)).all()
    estimator = WaitEstimator()
    for state, answered_at, ended_at, enqueued_at in reversed(rows):
        if ended_at is None:
            continue
        if state == ENDED and answered_at is not None:
            estimator.handled_call((ended_at - answered_at).total_seconds())
        elif state == ABANDONED:
            estimator.abandoned_call((ended_at - enqueued_at).total_seconds())
    return estimator


class _EstimatorCache:
    """Each database's learnt estimators by queue, each kept `ESTIMATOR_TTL_S` (a worker's
    polls share them; a test's fresh database never sees another's)."""

    def __init__(self) -> None:
        self._by_database: weakref.WeakKeyDictionary[Any, dict[int, tuple[float,
                                                                        WaitEstimator]]] = (
            weakref.WeakKeyDictionary())
        self._lock = threading.Lock()

    def get(self, session: DbSession, queue_id: int) -> WaitEstimator:
        database = session.get_bind()
        clock = time.monotonic()
        with self._lock:
            cached = self._by_database.setdefault(database, {}).get(queue_id)
        if cached is not None and cached[0] > clock:
            return cached[1]
        estimator = estimator_for(session, queue_id)
        with self._lock:
            self._by_database.setdefault(database, {})[queue_id] = (
                clock + ESTIMATOR_TTL_S, estimator)
        return estimator


_estimators = _EstimatorCache()


def _staffed(session: DbSession) -> int:
    """Agents working voice now (ready, busy or in wrap-up)."""
    table = AgentProfile.__table__
    rows = session.execute(sa.select(table.c.channels).where(
        table.c.state.in_(("ready", "busy", "wrap_up")))).all()
    return sum(1 for (channels,) in rows if VOICE in (channels or []))


def _seen(session: DbSession, row: Interaction, where: str, now: datetime) -> None:
    _write_seen(session, row.id, row.data, where, now, row.state)


def _write_seen(session: DbSession, interaction_id: int, data: dict[str, Any], where: str,
                now: datetime, state: str) -> None:
    """Write where the call is, unless the row's state moved on since `data` was read: an
    agent's accept (or a requeue) committed between a poll's read and its write must not be
    overwritten with the poll's older `data` (a connected call noted as queued again)."""
    table = cast(sa.Table, Interaction.__table__)
    session.execute(sa.update(table).where(table.c.id == interaction_id,
                                           table.c.state == state).values(
        data={**data, VOICE: {"where": where, "seen": now.timestamp()}}))
    session.commit()


def stale_before(now: datetime, stale_s: float) -> float:
    return (now - timedelta(seconds=stale_s)).timestamp()
