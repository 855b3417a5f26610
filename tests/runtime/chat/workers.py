"""A chat conversation that runs in a child process until the test kills it."""

from __future__ import annotations

from multiprocessing.connection import Connection

from runtime.chat import ChatHost
from runtime.effects import HttpExecutor
from runtime.sessions import open_session_store
from tests.runtime.chat.helpers import compiled_flow


def converse_until_killed(url: str, session_id: str, acks: Connection) -> None:
    """Order look-ups, forever; each client_message_id is acknowledged once its turn is saved."""
    store = open_session_store(url)
    host = ChatHost(compiled_flow(), store, http=HttpExecutor())
    index = 0
    while True:
        index += 1
        host.choose(session_id, "orders", client_message_id=f"c{index}-menu")
        acks.send(f"c{index}-menu")
        host.send(session_id, f"order {index}", client_message_id=f"c{index}-order")
        acks.send(f"c{index}-order")
