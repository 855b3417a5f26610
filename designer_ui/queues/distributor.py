"""The distributor: one round brings interactions in line with the channels' runtimes, takes
back offers nobody answered (RONA), gives up on interactions past their queue's maximum wait
or outside its hours (`designer_ui.queues.hours`), and offers waiting interactions to ready
agents.

A round is one database transaction that starts by taking the lease (`designer_ui.queues.lease`)
and ends with a commit, so only the lease holder changes anything and a round cut short by a
crash changes nothing at all. `DistributorThread` runs rounds every `QUEUE_TICK_SECONDS` in
each Designer process; only the holder's rounds act.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa

from designer_ui.models.base import utcnow
from designer_ui.models.queues import (
    ABANDONED,
    CONNECTED,
    ENDED,
    OFFERED,
    OPEN_STATES,
    WAITING,
    AgentProfile,
    Interaction,
    Queue,
)
from designer_ui.models.users import User
from designer_ui.queues.bridge import QUEUED, WITH_AGENT, ChannelBridge
from designer_ui.queues.hours import CLOSED, QueueHours
from designer_ui.queues.lease import DbSession, hold_lease
from designer_ui.queues.matching import Available, Waiting, match, required_skills
from runtime.blocking import run_blocking

log = logging.getLogger(__name__)
RONA_REASON = "RONA"
WRAP_UP_UNTIL = "until "
"""The reason of an automatic wrap-up says when it ends; the round makes the agent ready then."""
DEFAULT_TICK_S = 1.0
DEFAULT_LEASE_S = 3.0
MAX_OPEN_PER_ROUND = 5000


@dataclass(frozen=True)
class DistributorSettings:
    """`QUEUE_TICK_SECONDS` (how often a round runs, default 1) and `QUEUE_LEASE_SECONDS`
    (how long a lease lasts unrenewed, default 3): a dead holder is replaced within
    lease + tick seconds."""

    tick_s: float = DEFAULT_TICK_S
    lease_s: float = DEFAULT_LEASE_S

    @classmethod
    def from_config(cls, config: dict[str, object]) -> DistributorSettings:
        tick = float(str(config.get("QUEUE_TICK_SECONDS") or os.environ.get(
            "QUEUE_TICK_SECONDS") or DEFAULT_TICK_S))
        lease = float(str(config.get("QUEUE_LEASE_SECONDS") or os.environ.get(
            "QUEUE_LEASE_SECONDS") or DEFAULT_LEASE_S))
        if not 0.05 <= tick <= 60 or not tick < lease <= 300:
            raise ValueError("QUEUE_TICK_SECONDS is 0.05-60 and less than QUEUE_LEASE_SECONDS "
                             "(at most 300)")
        return cls(tick, lease)


@dataclass
class RoundReport:
    held: bool
    offers: list[tuple[int, int]] = field(default_factory=list)
    rona: list[tuple[int, int]] = field(default_factory=list)


def default_holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Distributor:
    def __init__(self, holder: str, bridges: Sequence[ChannelBridge], *,
                 lease_s: float = DEFAULT_LEASE_S,
                 before_commit: Callable[[RoundReport], None] | None = None):
        self.holder = holder
        self.bridges = {bridge.channel: bridge for bridge in bridges}
        self.lease_s = lease_s
        self.before_commit = before_commit
        self.gave_up: list[tuple[str, str, str]] = []

    def round(self, session: DbSession, now: datetime | None = None) -> RoundReport:
        """One distribution round in its own transaction; nothing happens without the lease."""
        now = now or utcnow()
        self.gave_up = []
        if not hold_lease(session, self.holder, now, self.lease_s):
            session.rollback()
            return RoundReport(held=False)
        report = RoundReport(held=True)
        queues = {q.id: q for q in session.execute(sa.select(Queue)).scalars()}
        self._sync(session, queues, now)
        self._take_back_unanswered(session, now, report)
        self._give_up_overdue(session, queues, now)
        self._refresh_agents(session, queues, now)
        self._offer(session, queues, now, report)
        if self.before_commit is not None:
            self.before_commit(report)
        session.commit()
        for channel, session_id, status in self.gave_up:
            self._tell(channel, session_id, status)
        return report

    # -- keeping rows in line with the runtimes ------------------------------------------

    def _sync(self, session: DbSession, queues: dict[int, Queue], now: datetime) -> None:
        by_name = {q.name: q for q in queues.values()}
        open_rows = list(session.execute(
            sa.select(Interaction).where(Interaction.state.in_(OPEN_STATES))
            .limit(MAX_OPEN_PER_ROUND)).scalars())
        agents = {u.username: u.id for u in session.execute(sa.select(User)).scalars()}
        known = {row.active_key for row in open_rows}
        for row in open_rows:
            bridge = self.bridges.get(row.channel)
            if bridge is None:
                continue
            place = bridge.place(row.session_id)
            if place.where == WITH_AGENT:
                if row.state != CONNECTED:
                    row.state, row.offered_to, row.offer_expires_at = CONNECTED, None, None
                    row.agent_id = agents.get(place.agent or "", row.agent_id)
                    row.answered_at = row.answered_at or now
            elif place.where == QUEUED and row.state != CONNECTED:
                continue
            else:  # ended, back in its flow, or queued anew after its agent
                known.discard(row.active_key)
                self._finish(session, queues, row, now)
        for bridge in self.bridges.values():
            for queued in bridge.queued_sessions():
                key = f"{bridge.channel}:{queued.session_id}"
                queue = by_name.get(queued.queue)
                if key in known or queue is None:
                    continue
                session.add(Interaction(
                    active_key=key, queue_id=queue.id, channel=bridge.channel,
                    session_id=queued.session_id,
                    skills=required_skills(queue.skills, queued.skills),
                    environment=queued.environment,
                    priority=queued.priority, state=WAITING,
                    enqueued_at=_from_epoch(queued.since), declined_by=[],
                    data=dict(queued.data)))
                known.add(key)
        session.flush()

    def _finish(self, session: DbSession, queues: dict[int, Queue], row: Interaction,
                now: datetime) -> None:
        """The interaction is over: answered ones end (their agent idles or wraps up), the
        others were abandoned."""
        if row.state != CONNECTED:
            self._close(row, ABANDONED, now)
            return
        self._close(row, ENDED, now)
        profile = session.get(AgentProfile, row.agent_id) if row.agent_id else None
        if profile is None:
            return
        profile.idle_since = now
        queue = queues.get(row.queue_id)
        if queue is not None and queue.wrap_up_seconds > 0 and profile.state in ("ready", "busy"):
            until = now + timedelta(seconds=queue.wrap_up_seconds)
            profile.state, profile.reason, profile.state_since = (
                "wrap_up", WRAP_UP_UNTIL + until.isoformat(), now)

    @staticmethod
    def _close(row: Interaction, state: str, now: datetime) -> None:
        row.state, row.active_key, row.ended_at = state, None, now
        row.offered_to, row.offer_expires_at = None, None

    # -- offers ----------------------------------------------------------------------------

    def _take_back_unanswered(self, session: DbSession, now: datetime,
                              report: RoundReport) -> None:
        """RONA: an offer nobody accepted in time goes back to waiting, without that agent,
        and the agent becomes not ready."""
        expired = session.execute(sa.select(Interaction).where(
            Interaction.state == OFFERED, Interaction.offer_expires_at < now)).scalars()
        for row in expired:
            agent_id = row.offered_to
            row.state, row.offered_to, row.offer_expires_at = WAITING, None, None
            if agent_id is not None:
                row.declined_by = [*row.declined_by, agent_id]
                report.rona.append((row.id, agent_id))
                profile = session.get(AgentProfile, agent_id)
                if profile is not None and profile.state in ("ready", "busy"):
                    profile.state, profile.reason, profile.state_since = (
                        "not_ready", RONA_REASON, now)

    def _give_up_overdue(self, session: DbSession, queues: dict[int, Queue],
                         now: datetime) -> None:
        """Past its queue's maximum wait, or its queue closed: the interaction gives up.

        One that reached its queue while the queue was closed hears `closed`; one that was
        waiting when the queue closed hears the queue's `at_max_wait`, as at the maximum wait.
        """
        hours = QueueHours(session)
        rows = session.execute(sa.select(Interaction).where(
            Interaction.state.in_((WAITING, OFFERED)))).scalars()
        for row in rows:
            queue = queues.get(row.queue_id)
            if queue is None:
                continue
            if row.enqueued_at + timedelta(seconds=queue.max_wait_seconds) <= now:
                status, reason = queue.at_max_wait, "max_wait"
            elif not hours.is_open(queue, row.environment, now):
                closed_on_arrival = not hours.is_open(queue, row.environment, row.enqueued_at)
                status = CLOSED if closed_on_arrival else queue.at_max_wait
                reason = CLOSED
            else:
                continue
            self._close(row, ABANDONED, now)
            row.data = {**row.data, "gave_up": status, "gave_up_reason": reason}
            self.gave_up.append((row.channel, row.session_id, status))

    def _refresh_agents(self, session: DbSession, queues: dict[int, Queue],
                        now: datetime) -> None:
        """Busy when full on every channel, ready again when not; wrap-up ends on time."""
        loads = _loads(session)
        for profile in session.execute(sa.select(AgentProfile)).scalars():
            available = _available(profile, loads.get(profile.user_id, {}))
            full = not any(available.room(channel) > 0 for channel in available.channels)
            if profile.state == "ready" and full and available.channels:
                profile.state, profile.state_since = "busy", now
            elif profile.state == "busy" and not full:
                profile.state, profile.state_since = "ready", now
                if not loads.get(profile.user_id):
                    profile.idle_since = now
            elif profile.state == "wrap_up" and profile.reason.startswith(WRAP_UP_UNTIL):
                until = datetime.fromisoformat(profile.reason.removeprefix(WRAP_UP_UNTIL))
                if until <= now:
                    profile.state, profile.reason, profile.state_since = "ready", "", now

    def _offer(self, session: DbSession, queues: dict[int, Queue], now: datetime,
               report: RoundReport) -> None:
        waiting_rows = {row.id: row for row in session.execute(
            sa.select(Interaction).where(Interaction.state == WAITING)
            .limit(MAX_OPEN_PER_ROUND)).scalars()}
        if not waiting_rows:
            return
        loads = _loads(session)
        profiles = {p.user_id: p for p in session.execute(sa.select(AgentProfile).where(
            AgentProfile.state.in_(("ready", "busy")))).scalars()}
        agents = [_available(p, loads.get(p.user_id, {})) for p in profiles.values()]
        waiting = [Waiting(row.id, row.channel, row.skills, row.priority,
                           row.enqueued_at.timestamp(), frozenset(row.declined_by),
                           row.environment)
                   for row in waiting_rows.values()]
        for offer in match(waiting, agents):
            row = waiting_rows[offer.interaction]
            queue = queues.get(row.queue_id)
            rona_s = queue.rona_seconds if queue is not None else 15
            changed = session.execute(
                sa.update(Interaction)
                .where(Interaction.id == row.id, Interaction.state == WAITING)
                .values(state=OFFERED, offered_to=offer.agent, offered_at=now,
                        offer_expires_at=now + timedelta(seconds=rona_s))
                .execution_options(synchronize_session="fetch"))
            if changed.rowcount == 1:  # type: ignore[attr-defined]
                report.offers.append((row.id, offer.agent))

    def _tell(self, channel: str, session_id: str, status: str) -> None:
        bridge = self.bridges.get(channel)
        if bridge is None:
            return
        try:
            bridge.give_up(session_id, status)
        except Exception:
            log.exception("could not end the queue wait of %s session %s", channel, session_id)


def _loads(session: DbSession) -> dict[int, dict[str, int]]:
    """Per agent and channel: interactions they are offered or connected with."""
    loads: dict[int, dict[str, int]] = {}
    rows = session.execute(sa.select(Interaction.offered_to, Interaction.agent_id,
                                     Interaction.state, Interaction.channel).where(
        Interaction.state.in_((OFFERED, CONNECTED)))).all()
    for offered_to, agent_id, state, channel in rows:
        who = offered_to if state == OFFERED else agent_id
        if who is not None:
            per = loads.setdefault(who, {})
            per[channel] = per.get(channel, 0) + 1
    return loads


def _available(profile: AgentProfile, load: dict[str, int]) -> Available:
    return Available(profile.user_id, dict(profile.skills), frozenset(profile.channels),
                     dict(profile.capacity), load, profile.idle_since.timestamp(),
                     frozenset(profile.environments))


def _from_epoch(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=utcnow().tzinfo)


class DistributorThread:
    """Runs rounds in the background of one Designer process."""

    def __init__(self, run_round: Callable[[], RoundReport], interval_s: float):
        self.run_round = run_round
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="queue-distributor",
                                            daemon=True)
            self._thread.start()

    def wake(self) -> None:
        """Run the next round now instead of at the end of the interval."""
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _loop(self) -> None:
        failing = False
        while True:
            self._wake.wait(self.interval_s)
            self._wake.clear()
            if self._stop.is_set():
                return
            try:
                # SQL in an OS thread: under gevent a lease write waiting for SQLite's lock
                # would otherwise stall every request of the worker
                run_blocking(self.run_round)
                failing = False
            except Exception:
                if not failing:  # once per outage, not every second
                    log.exception("a queue distribution round failed; retrying every round")
                failing = True
