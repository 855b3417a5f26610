"""An agent ending a chat leaves the visitor with the flow: the route's `after_agent` port runs
(a survey), and without that port finalize ends the conversation as before."""

from __future__ import annotations

from typing import Any

from runtime.chat import ChatHost
from runtime.sessions import ACTIVE, ENDED, QUEUED, WITH_AGENT, SessionStore
from tests.runtime.chat.helpers import compile_document, texts


def _document(after_agent: bool) -> dict[str, Any]:
    route_next = {"failed": "sorry", **({"after_agent": "survey"} if after_agent else {})}
    return {
        "format": "designer-flow", "format_version": 1, "id": "survey-chat", "name": "Survey",
        "channels": ["chat"], "variables": {},
        "phases": {"self_service": "hello", "assisted_service": "queue", "finalize": "bye"},
        "blocks": {
            "hello": {"type": "milestone", "props": {"name": "hello"}},
            "queue": {"type": "route", "props": {"target": "'support'", "priority": "7"},
                      "next": route_next},
            "survey": {"type": "menu", "props": {
                "prompts": [{"tts": "Did we solve it?"}],
                "options": [{"key": "yes", "label": "Yes"}, {"key": "no", "label": "No"}]},
                "next": {"yes": "thanks", "no": "thanks"}},
            "thanks": {"type": "play_message", "props": {"prompts": [{"tts": "Thank you!"}]}},
            "sorry": {"type": "milestone", "props": {"name": "sorry"}},
            "bye": {"type": "milestone", "props": {"name": "bye"}},
        },
    }


def _accepted(store: SessionStore, after_agent: bool) -> tuple[ChatHost, str]:
    host = ChatHost(compile_document(_document(after_agent)), store)
    record = host.start(visitor_id="v1").record
    assert record.status == QUEUED and record.waiting is not None
    assert (record.waiting["target"], record.waiting["priority"]) == ("support", 7)
    assert host.accept(record.id, agent="ann").record.status == WITH_AGENT
    return host, record.id


def test_agent_ending_runs_the_after_agent_survey(store: SessionStore) -> None:
    host, session = _accepted(store, after_agent=True)
    turn = host.end(session, by="agent")
    assert turn.record.status == ACTIVE
    assert ("flow", "prompt", "Did we solve it?") in texts(turn.messages)
    done = host.choose(session, "yes")
    assert done.record.status == ENDED
    assert ("flow", "text", "Thank you!") in texts(done.messages)


def test_agent_ending_without_after_agent_closes_with_finalize(store: SessionStore) -> None:
    host, session = _accepted(store, after_agent=False)
    turn = host.end(session, by="agent")
    assert turn.record.status == ENDED and turn.record.state["end_reason"] == "routed"


def test_visitor_ending_never_runs_the_survey(store: SessionStore) -> None:
    host, session = _accepted(store, after_agent=True)
    turn = host.end(session, by="visitor")
    assert turn.record.status == ENDED
    assert all("Did we solve it?" not in m.text for m in turn.messages)
