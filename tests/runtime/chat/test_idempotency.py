"""A retried request (same client_message_id) never advances the flow twice."""

from __future__ import annotations

import threading

from runtime.chat import ChatHost, ChatTurn
from tests.runtime.chat.helpers import start, texts


def test_a_retried_message_returns_the_first_answer(host: ChatHost, service: str) -> None:
    session = start(host, service).record.id
    host.choose(session, "orders", client_message_id="c-1")
    first = host.send(session, "A-17", client_message_id="c-2")
    again = host.send(session, "A-17", client_message_id="c-2")
    assert again.duplicate and not first.duplicate
    assert again.messages == first.messages
    assert again.record.version == first.record.version
    assert [m.client_message_id for m in host.messages_after(session)
            if m.author == "visitor"] == ["c-1", "c-2"]


def test_a_retried_button_returns_the_first_answer(host: ChatHost) -> None:
    session = start(host).record.id
    first = host.choose(session, "orders", client_message_id="b-1")
    again = host.choose(session, "orders", client_message_id="b-1")
    assert again.duplicate and texts(again.messages) == texts(first.messages)
    assert host.load(session).version == 2


def test_only_the_answer_of_that_request_is_replayed(host: ChatHost) -> None:
    session = start(host).record.id
    host.choose(session, "orders", client_message_id="b-1")
    host.send(session, "A-17", client_message_id="t-1")
    replay = host.choose(session, "orders", client_message_id="b-1")
    assert texts(replay.messages) == [("visitor", "choice", "Track an order"),
                                      ("flow", "prompt", "Your order number, please?")]


def test_simultaneous_retries_advance_once(host: ChatHost) -> None:
    session = start(host).record.id
    barrier = threading.Barrier(4)
    turns: list[ChatTurn] = []

    def post() -> None:
        barrier.wait(timeout=10)
        turns.append(host.choose(session, "orders", client_message_id="same"))

    threads = [threading.Thread(target=post) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(turns) == 4 and sum(not turn.duplicate for turn in turns) == 1
    assert host.load(session).version == 2
    assert len({tuple(m.id for m in turn.messages) for turn in turns}) == 1
    assert len(host.messages_after(session)) == 4
