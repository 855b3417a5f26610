"""Visitors' messages racing on several nodes: each advances the flow once, none is lost, and
every answer follows the message it answers."""

from __future__ import annotations

import threading

from runtime.chat import ChatHost
from runtime.sessions import FLOW, VISITOR, SessionStore, open_session_store
from tests.runtime.chat.helpers import compile_document

ECHO = compile_document({
    "format": "designer-flow", "format_version": 1, "id": "echo", "name": "Echo",
    "channels": ["chat"], "variables": {"said": {"type": "string", "default": None}},
    "phases": {"self_service": "ask"},
    "blocks": {
        "ask": {"type": "input", "props": {"prompts": [{"tts": "Say something."}],
                                           "variable": "said", "grammar": "text",
                                           "timeout_ms": 60000},
                "next": {"next": "echo"}},
        "echo": {"type": "play_message", "props": {"prompts": [{"tts": "You said {{ said }}"}]},
                 "next": {"next": "ask"}},
    },
})


def test_racing_nodes_each_advance_the_session_once(store_and_url: tuple[str, SessionStore]
                                                    ) -> None:
    url, store = store_and_url
    session = ChatHost(ECHO, store).start().record.id
    stores = [open_session_store(url) for _ in range(4)]
    nodes = [ChatHost(ECHO, other, save_attempts=100) for other in stores]
    barrier = threading.Barrier(len(nodes))
    errors: list[BaseException] = []

    def visitor(index: int, node: ChatHost) -> None:
        try:
            barrier.wait(timeout=10)
            for turn in range(4):
                node.send(session, f"n{index}-{turn}", client_message_id=f"n{index}-{turn}")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=visitor, args=(i, node)) for i, node in enumerate(nodes)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    finally:
        for other in stores:
            other.close()
    assert errors == []
    messages = store.messages_after(session)
    assert [m.seq for m in messages] == list(range(1, len(messages) + 1))
    assert len({m.id for m in messages}) == len(messages)
    sent = [m.text for m in messages if m.author == VISITOR]
    assert sorted(sent) == sorted(f"n{i}-{t}" for i in range(4) for t in range(4))
    for index in range(4):
        assert [s for s in sent if s.startswith(f"n{index}-")] == [f"n{index}-{t}"
                                                                   for t in range(4)]
    for version in range(2, 18):
        group = [(m.author, m.text) for m in messages if m.version == version]
        said = group[0][1]
        assert group == [(VISITOR, said), (FLOW, f"You said {said}"), (FLOW, "Say something.")]
    assert store.load(session).version == 17
