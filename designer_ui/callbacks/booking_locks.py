"""What serialises bookings that compete for one place: a slot's capacity, or a number's
limit of open callbacks in a queue.

On PostgreSQL each is a transaction-level advisory lock on that slot or that number, so
bookings of different slots and numbers run side by side (a lock on the whole queue made every
booking of a queue wait for the one before it). Locks of one transaction are taken in a fixed
order (a number before a slot), so two bookings cannot wait for each other.

SQLite has one writer at a time, but its driver runs reads outside any transaction until the
first write: two bookings could both count a free place and both insert. There, taking a lock
starts the write transaction at once (a write that changes nothing), so the count that follows
is made holding the database's write lock.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

import sqlalchemy as sa

from designer_ui.callbacks.queue_rules import DbSession

LOCK_STATEMENT = sa.text("SELECT pg_advisory_xact_lock(:key)")
SQLITE_WRITE_LOCK = sa.text("UPDATE queues SET id = id WHERE 0")


def lock_key(*parts: object) -> int:
    """A signed 64-bit key, the same in every process (Python's `hash` is salted)."""
    digest = hashlib.blake2b("\x1f".join(map(str, ("callback", *parts))).encode(),
                             digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _lock(session: DbSession, key: int) -> None:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(LOCK_STATEMENT, {"key": key})
    elif dialect == "sqlite":
        session.execute(SQLITE_WRITE_LOCK)


def lock_number(session: DbSession, queue_id: int, number: str) -> None:
    """Until the transaction ends, no other booking counts this number's open callbacks."""
    _lock(session, lock_key("number", queue_id, number))


def lock_slot(session: DbSession, queue_id: int, start: datetime) -> None:
    """Until the transaction ends, no other booking counts this slot's places."""
    _lock(session, lock_key("slot", queue_id, start.isoformat()))
