"""Two nodes can never both advance one session; racing writers lose nothing and repeat nothing."""

from __future__ import annotations

import multiprocessing
import threading
from dataclasses import replace

from runtime.sessions import (
    VISITOR,
    Message,
    SessionStore,
    StaleSessionError,
    open_session_store,
)
from tests.runtime.sessions.stores import new_record, text
from tests.runtime.sessions.workers import race_to_save


def test_racing_threads_from_one_version_have_one_winner(store: SessionStore) -> None:
    record = store.create(new_record()).record
    barrier = threading.Barrier(8)
    outcomes: list[str] = []
    lock = threading.Lock()

    def contender(index: int) -> None:
        barrier.wait(timeout=10)
        try:
            store.save(replace(record, state={"winner": index}), [text(VISITOR, f"t{index}")])
            outcome = f"won:{index}"
        except StaleSessionError:
            outcome = "stale"
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=contender, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    winners = [o for o in outcomes if o.startswith("won")]
    assert len(outcomes) == 8 and len(winners) == 1
    winner = int(winners[0].split(":")[1])
    assert store.load("s1").state == {"winner": winner} and store.load("s1").version == 2
    assert [m.text for m in store.messages_after("s1")] == [f"t{winner}"]


def test_racing_writers_keep_every_message_once_and_in_order(store: SessionStore) -> None:
    store.create(new_record())
    writers, per_writer = 4, 10

    def writer(name: str) -> None:
        for index in range(per_writer):
            while True:
                record = store.load("s1")
                try:
                    store.save(record, [text(VISITOR, f"{name}-{index}"),
                                        text(VISITOR, f"{name}-{index}-reply")])
                    break
                except StaleSessionError:
                    continue

    threads = [threading.Thread(target=writer, args=(f"w{i}",)) for i in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    messages = store.messages_after("s1")
    assert [m.seq for m in messages] == list(range(1, 2 * writers * per_writer + 1))
    assert len({m.text for m in messages}) == len(messages)
    for first, second in zip(messages[::2], messages[1::2], strict=True):
        assert second.text == f"{first.text}-reply" and second.version == first.version
    for name in (f"w{i}" for i in range(writers)):
        own = [m.text for m in messages if m.text.startswith(f"{name}-")
               and not m.text.endswith("reply")]
        assert own == [f"{name}-{i}" for i in range(per_writer)]
    assert store.load("s1").version == 1 + writers * per_writer


def test_racing_processes_from_one_version_have_one_winner(
        store_and_url: tuple[str, SessionStore]) -> None:
    url, store = store_and_url
    store.create(new_record())
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(3)
    pipes = [context.Pipe(duplex=False) for _ in range(3)]
    processes = [context.Process(target=race_to_save, args=(url, "s1", f"p{i}", barrier, send))
                 for i, (_, send) in enumerate(pipes)]
    for process in processes:
        process.start()
    for _, send in pipes:
        send.close()
    results = [receive.recv() for receive, _ in pipes]
    for process in processes:
        process.join(30)
        assert process.exitcode == 0
    for receive, _ in pipes:
        receive.close()
    winners = [name for outcome, name in results if outcome == "won"]
    assert len(winners) == 1
    reopened = open_session_store(url)
    try:
        assert reopened.load("s1").version == 2
        assert [(m.text, m.client_message_id) for m in reopened.messages_after("s1")] == [
            (winners[0], winners[0])]
    finally:
        reopened.close()


def test_messages_survive_the_json_round_trip(store: SessionStore) -> None:
    record = store.create(new_record()).record
    message = Message(VISITOR, "choice", "Zoë ✓ \"quoted\" \n", 1.5, {"key": "1", "n": [1, 2]},
                      client_message_id="c")
    saved = store.save(record, [message]).messages[0]
    assert store.messages_after("s1") == [saved]
    assert saved == replace(message, seq=1, version=2)
