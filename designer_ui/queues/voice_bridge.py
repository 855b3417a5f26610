"""The voice media workers as the distributor sees them (`ChannelBridge` for channel `voice`).

Workers insert their calls' interaction rows themselves (`designer_ui.queues.voice_desk`), so
there is nothing to pick up in `queued_sessions`; a call's place is what its worker last wrote
in `data.voice`, and a call whose worker has not polled for `VOICE_STALE_SECONDS` (default 15)
is gone (the worker died with it). Giving up needs no message: the worker's next poll reads the
closed row and feeds its flow the route result.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from designer_ui.models.base import utcnow
from designer_ui.models.queues import OPEN_STATES, Interaction
from designer_ui.models.users import User
from designer_ui.queues.bridge import ELSEWHERE, GONE, QUEUED, WITH_AGENT, QueuedSession, SessionPlace
from designer_ui.queues.lease import DbSession
from designer_ui.queues.voice_desk import VOICE, stale_before, stale_seconds

PLACES = {"queued": QUEUED, "with_agent": WITH_AGENT, "elsewhere": ELSEWHERE, "gone": GONE}


class VoiceBridge:
    channel = VOICE

    def __init__(self, session: Callable[[], DbSession], stale_s: float | None = None):
        self._session = session
        self.stale_s = stale_s if stale_s is not None else stale_seconds()

    def queued_sessions(self) -> list[QueuedSession]:
        return []

    def place(self, session_id: str) -> SessionPlace:
        session = self._session()
        row = session.execute(sa.select(Interaction).where(
            Interaction.channel == VOICE, Interaction.session_id == session_id,
            Interaction.state.in_(OPEN_STATES))).scalars().first()
        if row is None:
            return SessionPlace(GONE)
        voice = dict(row.data.get(VOICE) or {})
        where = PLACES.get(str(voice.get("where")), GONE)
        if where in (QUEUED, WITH_AGENT) and float(voice.get("seen") or 0) < stale_before(
                utcnow(), self.stale_s):
            return SessionPlace(GONE)
        if where == WITH_AGENT:
            user = session.get(User, row.agent_id) if row.agent_id else None
            return SessionPlace(WITH_AGENT, agent=user.username if user else None)
        if where == QUEUED:
            return SessionPlace(QUEUED, since=row.enqueued_at.timestamp())
        return SessionPlace(where)

    def give_up(self, session_id: str, status: str) -> None:
        """Nothing to send: the worker's next poll finds the row closed with `gave_up`."""
