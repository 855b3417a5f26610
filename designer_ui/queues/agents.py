"""What agents do with the queue model: their profile and state, the offers the distributor
made them, accepting or declining one.

An accept is a conditional UPDATE (`state = offered AND offered_to = me`), so an offer the
distributor has just taken back (RONA) cannot be accepted any more, and two clicks take it once.
The channel's runtime then hands the session to the agent (for chat: `ChatHost.accept`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from designer_ui.errors import ApiError
from designer_ui.models.base import utcnow
from designer_ui.models.environments import ENVIRONMENTS
from designer_ui.models.queues import (
    AGENT_STATES,
    CONNECTED,
    OFFERED,
    WAITING,
    AgentProfile,
    Interaction,
    Queue,
)
from designer_ui.models.users import User
from designer_ui.queues.lease import DbSession
from designer_ui.queues.matching import DEFAULT_CAPACITY

SETTABLE_STATES = ("offline", "ready", "not_ready", "wrap_up")
"""States an agent sets; `busy` is the distributor's (full on every channel)."""
MAX_REASON = 100

Handover = Callable[[Interaction, User], None]
"""Hands an accepted interaction to the agent in its channel's runtime; raises to refuse."""


def profile_of(session: DbSession, user: User) -> AgentProfile:
    """The agent's profile, created (offline, both channels, default capacity, every
    environment) on first use."""
    profile = session.get(AgentProfile, user.id)
    if profile is None:
        now = utcnow()
        profile = AgentProfile(user_id=user.id, skills={}, channels=["chat", "voice"],
                               capacity=dict(DEFAULT_CAPACITY),
                               environments=list(ENVIRONMENTS), state="offline", reason="",
                               state_since=now, idle_since=now)
        session.add(profile)
        session.flush()
    return profile


def set_state(session: DbSession, user: User, state: str, reason: str = "",
              now: datetime | None = None) -> AgentProfile:
    if state not in SETTABLE_STATES:
        raise ApiError(400, f"An agent's state is one of {', '.join(SETTABLE_STATES)}.",
                       code="invalid_state")
    now = now or utcnow()
    profile = profile_of(session, user)
    if state != profile.state or reason != profile.reason:
        if state == "ready" and profile.state in ("offline", "not_ready"):
            profile.idle_since = now
        profile.state, profile.reason, profile.state_since = state, reason[:MAX_REASON], now
    if state != "ready":
        _take_back_offers(session, user.id)
    return profile


def offers_for(session: DbSession, user_id: int) -> list[Interaction]:
    return list(session.execute(sa.select(Interaction).where(
        Interaction.state == OFFERED, Interaction.offered_to == user_id)
        .order_by(Interaction.offered_at)).scalars())


def accept_offer(session: DbSession, interaction_id: int, user: User, handover: Handover,
                 now: datetime | None = None) -> Interaction:
    now = now or utcnow()
    taken = session.execute(
        sa.update(Interaction)
        .where(Interaction.id == interaction_id, Interaction.state == OFFERED,
               Interaction.offered_to == user.id)
        .values(state=CONNECTED, agent_id=user.id, answered_at=now, offered_to=None,
                offer_expires_at=None)
        .execution_options(synchronize_session=False))
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise ApiError(409, "This offer is no longer yours (it rang out or was withdrawn).",
                       code="offer_gone")
    interaction = session.get(Interaction, interaction_id)
    assert interaction is not None
    session.refresh(interaction)
    try:
        handover(interaction, user)
    except Exception:
        session.rollback()
        raise
    session.commit()
    return interaction


def decline_offer(session: DbSession, interaction_id: int, user: User) -> None:
    row = session.execute(sa.select(Interaction).where(
        Interaction.id == interaction_id, Interaction.state == OFFERED,
        Interaction.offered_to == user.id)).scalar_one_or_none()
    if row is None:
        raise ApiError(409, "This offer is no longer yours.", code="offer_gone")
    row.state, row.offered_to, row.offer_expires_at = WAITING, None, None
    row.declined_by = [*row.declined_by, user.id]
    session.commit()


def _take_back_offers(session: DbSession, user_id: int) -> None:
    """An agent who is no longer ready gives back what was offered to them."""
    for row in offers_for(session, user_id):
        row.state, row.offered_to, row.offer_expires_at = WAITING, None, None


def offer_dict(session: DbSession, row: Interaction) -> dict[str, Any]:
    queue = session.get(Queue, row.queue_id)
    return {**row.to_dict(), "queue": queue.name if queue else None}


__all__ = ["AGENT_STATES", "accept_offer", "decline_offer", "offers_for", "profile_of",
           "set_state"]
