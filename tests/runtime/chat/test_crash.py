"""A node killed mid-conversation loses nothing it acknowledged, and any node carries on."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time

from runtime.chat import ChatHost
from runtime.effects import HttpExecutor
from runtime.sessions import VISITOR, SessionStore
from tests.runtime.chat.helpers import compiled_flow, start
from tests.runtime.chat.workers import converse_until_killed


def test_sigkill_mid_conversation_loses_nothing_acknowledged(
        store_and_url: tuple[str, SessionStore]) -> None:
    url, store = store_and_url
    host = ChatHost(compiled_flow(), store, http=HttpExecutor())
    session = start(host).record.id
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    worker = context.Process(target=converse_until_killed, args=(url, session, send))
    worker.start()
    send.close()
    acknowledged: list[str] = []
    deadline = time.monotonic() + 20
    while len(acknowledged) < 12 and time.monotonic() < deadline:
        if receive.poll(0.5):
            acknowledged.append(receive.recv())
    assert worker.pid is not None
    os.kill(worker.pid, signal.SIGKILL)
    worker.join(10)
    while True:
        try:
            acknowledged.append(receive.recv())
        except EOFError:
            break
    receive.close()
    assert worker.exitcode == -signal.SIGKILL and len(acknowledged) >= 12

    record = store.load(session)
    messages = store.messages_after(session)
    assert [m.seq for m in messages] == list(range(1, record.last_seq + 1))
    assert len({m.id for m in messages}) == len(messages)
    sent = [m.client_message_id for m in messages if m.author == VISITOR]
    assert len(set(sent)) == len(sent)
    assert sent[:len(acknowledged)] == acknowledged
    assert len(sent) - len(acknowledged) <= 1
    for version in {m.version for m in messages if m.version > 1}:
        group = [m for m in messages if m.version == version]
        assert group[0].author == VISITOR and group[-1].kind == "prompt"

    resumed = host.send(session, "carry on") if record.waiting and \
        record.waiting["block"] == "ask_order" else host.choose(session, "orders")
    assert not resumed.duplicate and resumed.record.version == record.version + 1
