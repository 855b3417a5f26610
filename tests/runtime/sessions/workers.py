"""Code the store tests run in child processes (importable, for the spawn start method)."""

from __future__ import annotations

from multiprocessing.connection import Connection
from multiprocessing.synchronize import Barrier

from runtime.sessions import VISITOR, Message, StaleSessionError, open_session_store


def race_to_save(url: str, session_id: str, name: str, barrier: Barrier, result: Connection
                 ) -> None:
    """Read the session, wait for the others, then try to advance it from that version."""
    store = open_session_store(url)
    try:
        record = store.load(session_id)
        barrier.wait(timeout=30)
        try:
            store.save(record, [Message(VISITOR, "text", name, 0.0, client_message_id=name)])
            result.send(("won", name))
        except StaleSessionError:
            result.send(("stale", name))
    finally:
        store.close()
        result.close()
