"""The one interface every session store offers, and the sweeps built on top of it.

A store keeps live sessions and their transcripts so any runtime node can serve any request.
Its one hard promise: a session advances only through `save`, which succeeds only against the
version that was read, and writes the new state and the step's messages as one unit. Two nodes
can therefore never both advance a session, and no acknowledged message is lost or repeated.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from runtime.sessions.errors import SessionNotFoundError, StaleSessionError
from runtime.sessions.health import StoreHealth
from runtime.sessions.records import ENDED, SYSTEM, Message, SessionRecord

DEFAULT_IDLE_TIMEOUT_S = 30 * 60.0
DEFAULT_RETENTION_DAYS = 90
SWEEP_BATCH = 200
SAVE_ATTEMPTS = 5

HoldRule = Callable[[SessionRecord], bool]
"""True for an ended session the transcript purge must keep (a legal hold names it)."""


@dataclass(frozen=True, slots=True)
class TranscriptPurge:
    """What one transcript purge deleted (sessions that ended before `cutoff`), and how many
    expired sessions legal holds kept."""

    cutoff: float
    purged: int
    held: int = 0


@dataclass(frozen=True, slots=True)
class Saved:
    """What a save wrote: the record as stored (new version) and the numbered messages."""

    record: SessionRecord
    messages: list[Message]


class SessionStore(ABC):
    """Sessions, transcripts and timers; see `SQLiteSessionStore` and `RedisSessionStore`."""

    def __init__(self, *, idle_timeout_s: float = DEFAULT_IDLE_TIMEOUT_S,
                 retention_days: float = DEFAULT_RETENTION_DAYS):
        if idle_timeout_s <= 0:
            raise ValueError("the idle timeout must be positive")
        self.idle_timeout_s = idle_timeout_s
        self.retention_days = retention_days
        self.legal_holds: Callable[[], HoldRule | None] | None = None
        """Set by a host that keeps legal holds: called once per purge, it gives the rule of
        the holds then in force (None when there are none)."""
        self.health = StoreHealth(self.describe(), self.unavailable_errors)

    unavailable_errors: tuple[type[BaseException], ...] = ()
    """Errors that mean the store is away rather than a bug: hosts answer them with 503."""

    def describe(self) -> str:
        """A name for logs and messages (never with credentials)."""
        return type(self).__name__

    def check(self) -> None:  # noqa: B027 - most stores have nothing to check
        """Raise StoreUnavailable with a clear message when the store does not answer."""

    # -- what each store implements ----------------------------------------------------------

    @abstractmethod
    def create(self, record: SessionRecord, messages: Sequence[Message] = ()) -> Saved:
        """Store a new session (its `version` must be 0) with its first messages."""

    @abstractmethod
    def load(self, session_id: str) -> SessionRecord:
        """The session as last saved; raises SessionNotFoundError."""

    @abstractmethod
    def save(self, record: SessionRecord, messages: Sequence[Message] = ()) -> Saved:
        """Replace the session and append `messages`, atomically, if nobody saved it since it
        was read. `record.version` is the version that was read; the stored one is one more.

        Raises StaleSessionError when the session moved on, DuplicateMessageError when a
        message's client_message_id is already recorded, SessionNotFoundError.
        """

    @abstractmethod
    def messages_after(self, session_id: str, after_seq: int = 0,
                       limit: int | None = None) -> list[Message]:
        """The transcript after sequence number `after_seq`, oldest first."""

    @abstractmethod
    def find_client_message(self, session_id: str, client_message_id: str) -> Message | None:
        """The visitor message recorded with this client_message_id, if any."""

    @abstractmethod
    def due_timers(self, now: float, limit: int = SWEEP_BATCH) -> list[str]:
        """Ids of sessions whose timer is due at `now`."""

    @abstractmethod
    def idle_sessions(self, idle_since: float, limit: int = SWEEP_BATCH) -> list[str]:
        """Ids of sessions not ended and not saved since `idle_since`."""

    @abstractmethod
    def sessions_with_status(self, status: str, limit: int = SWEEP_BATCH) -> list[SessionRecord]:
        """Sessions in one status (`queued` for the agent desk), least recently saved first."""

    @abstractmethod
    def purge_ended(self, ended_before: float, limit: int = SWEEP_BATCH) -> int:
        """Delete sessions (record and transcript) that ended before `ended_before`."""

    def ended_ids(self, ended_before: float, limit: int = SWEEP_BATCH, skip: int = 0
                  ) -> list[str]:
        """Ids of sessions that ended before `ended_before`, oldest first, after `skip` of them
        (the purge skips those legal holds keep). Stores that honour holds implement it."""
        raise NotImplementedError(f"{type(self).__name__} cannot keep sessions under a hold")

    def purge_sessions(self, session_ids: Sequence[str], ended_before: float) -> int:
        """Delete these sessions (record and transcript) if they ended before `ended_before`;
        returns how many went."""
        raise NotImplementedError(f"{type(self).__name__} cannot keep sessions under a hold")

    @abstractmethod
    def close(self) -> None:
        """Release connections."""

    # -- built on the above ------------------------------------------------------------------

    def load_with_client_message(self, session_id: str, client_message_id: str
                                 ) -> tuple[SessionRecord, Message | None]:
        """The session and the message recorded with this client_message_id (if any): what a
        host needs to tell a new request from a retry. Stores may fetch both at once."""
        return self.load(session_id), self.find_client_message(session_id, client_message_id)

    def append(self, session_id: str, messages: Sequence[Message], *,
               status: str | None = None, now: float | None = None) -> Saved:
        """Append messages outside a flow step (agent messages, notes), retrying on races."""
        for _ in range(SAVE_ATTEMPTS):
            record = self.load(session_id)
            changed = replace(record, status=status or record.status,
                              updated_at=now if now is not None else record.updated_at)
            if status == ENDED:
                changed = replace(changed, waiting=None, timer=None)
            try:
                return self.save(changed, messages)
            except StaleSessionError:
                continue
        raise StaleSessionError(f"session '{session_id}' kept changing; try again")

    def expire_idle(self, now: float) -> list[str]:
        """End the sessions idle for longer than `idle_timeout_s`; the ids of those ended.

        The engine is not consulted: a host that wants the flow's finalize phase to run for
        idle sessions uses `ChatHost.expire_idle`, which calls the flow first.
        """
        cutoff = now - self.idle_timeout_s
        ended: list[str] = []
        for session_id in self.idle_sessions(cutoff):
            if self._end_if_idle(session_id, cutoff, now):
                ended.append(session_id)
        return ended

    def purge_transcripts(self, older_than: float | None = None, *,
                          now: float | None = None) -> int:
        """Delete ended sessions and their transcripts older than the cutoff (by default,
        `retention_days` before `now`), but for those legal holds keep. Returns how many
        sessions were deleted."""
        return self.purge_transcripts_report(older_than, now=now).purged

    def purge_transcripts_report(self, older_than: float | None = None, *,
                                 now: float | None = None) -> TranscriptPurge:
        """`purge_transcripts`, also telling how many expired sessions legal holds kept."""
        if older_than is None:
            if now is None:
                raise ValueError("give older_than or now")
            older_than = now - self.retention_days * 86400.0
        rule = self.legal_holds() if self.legal_holds is not None else None
        if rule is not None:
            return self._purge_keeping(older_than, rule)
        total = 0
        while True:
            purged = self.purge_ended(older_than)
            total += purged
            if purged < SWEEP_BATCH:
                return TranscriptPurge(older_than, total)

    def _purge_keeping(self, older_than: float, rule: HoldRule) -> TranscriptPurge:
        """Purge in batches, oldest first; held sessions stay in front and are skipped."""
        purged = held = 0
        while True:
            ids = self.ended_ids(older_than, SWEEP_BATCH, skip=held)
            free = []
            for session_id in ids:
                try:
                    record = self.load(session_id)
                except SessionNotFoundError:
                    continue
                if rule(record):
                    held += 1
                else:
                    free.append(session_id)
            purged += self.purge_sessions(free, older_than)
            if len(ids) < SWEEP_BATCH:
                return TranscriptPurge(older_than, purged, held)

    def _end_if_idle(self, session_id: str, cutoff: float, now: float) -> bool:
        minutes = round(self.idle_timeout_s / 60)
        for _ in range(SAVE_ATTEMPTS):
            try:
                record = self.load(session_id)
            except SessionNotFoundError:
                return False
            if record.status == ENDED or record.updated_at > cutoff:
                return False
            note = Message(SYSTEM, "note", f"The conversation was closed after {minutes} minutes "
                           "without activity.", now, {"event": "ended", "reason": "idle"})
            try:
                self.save(replace(record, status=ENDED, waiting=None, timer=None, updated_at=now),
                          [note])
                return True
            except StaleSessionError:
                continue
        return False
