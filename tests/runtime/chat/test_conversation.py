"""Conversations through the chat host: buttons, free text, web services, queues, agents."""

from __future__ import annotations

import pytest

from interpreter.engine.events import RouteResult
from interpreter.engine.state import decode_scope
from runtime.chat import MASK, ChatHost, ChatStateError, SessionClosedError
from runtime.effects import HttpExecutor
from runtime.sessions import ACTIVE, ENDED, QUEUED, WITH_AGENT, SessionStore
from tests.runtime.chat.helpers import Recorder, compiled_flow, local_executor, start, texts

BUTTONS = [{"key": "orders", "label": "Track an order"}, {"key": "pin", "label": "Change my PIN"},
           {"key": "agent", "label": "Talk to a person"}]


def test_a_session_starts_with_a_greeting_and_buttons(host: ChatHost) -> None:
    turn = start(host)
    record = turn.record
    assert texts(turn.messages) == [("flow", "text", "Welcome to Acme chat."),
                                    ("flow", "prompt", "What can I do for you?")]
    assert turn.messages[1].data["buttons"] == BUTTONS
    assert record.status == ACTIVE and record.version == 1 and record.last_seq == 2
    assert record.waiting is not None and record.waiting["block"] == "main_menu"
    assert record.waiting["timeout_ms"] == 200 and record.waiting["options"] == BUTTONS
    assert record.timer is not None and record.timer.kind == "noinput"
    assert record.timer.due_at == pytest.approx(record.updated_at + 0.2)
    assert record.flow.id == "chat-desk" and record.meta["visitor_id"] == "visitor-7"
    assert record.state["system"]["ANI"] == "visitor-7"
    assert record.state["system"]["UserAgent"] == "pytest"


def test_a_button_is_recorded_with_its_label(host: ChatHost) -> None:
    session = start(host).record.id
    turn = host.choose(session, "orders")
    assert texts(turn.messages) == [("visitor", "choice", "Track an order"),
                                    ("flow", "prompt", "Your order number, please?")]
    assert turn.messages[0].data == {"key": "orders"}
    assert turn.record.waiting is not None and turn.record.waiting["block"] == "ask_order"
    assert turn.record.timer is not None and turn.record.version == 2


def test_free_text_and_a_web_service_answer(host: ChatHost, service: str,
                                            listener: Recorder) -> None:
    session = start(host, service).record.id
    host.choose(session, "orders")
    turn = host.send(session, "A-17")
    assert texts(turn.messages) == [("visitor", "text", "A-17"), ("flow", "typing", ""),
                                    ("flow", "text", "Order A-17 is shipped."),
                                    ("flow", "prompt", "What can I do for you?")]
    assert [m.seq for m in turn.messages] == [5, 6, 7, 8]
    assert decode_scope(turn.record.state["vars"])["order"] == {"id": "A-17",
                                                                "status": "shipped"}
    assert ("typing", session) in listener.calls
    assert listener.calls[-1] == ("saved", (3, [5, 6, 7, 8], listener.calls[-1][1][2]))
    assert "block_entered" in listener.calls[-1][1][2]


def test_a_refused_web_service_takes_the_error_port(store: SessionStore, service: str) -> None:
    host = ChatHost(compiled_flow(), store, http=HttpExecutor())
    session = start(host, service).record.id
    host.choose(session, "orders")
    turn = host.send(session, "A-17")
    assert texts(turn.messages)[1:4] == [
        ("system", "note", "Error in block 'lookup': requests to private addresses are not "
                           "allowed (127.0.0.1)"),
        ("flow", "typing", ""),
        ("flow", "text", "Sorry: requests to private addresses are not allowed (127.0.0.1)")]
    assert turn.messages[1].data == {"event": "error", "block": "lookup", "type": "HttpError",
                                     "handled": True}


def test_a_typed_reply_matches_an_option_and_queues_for_an_agent(host: ChatHost) -> None:
    session = start(host).record.id
    turn = host.send(session, "Human!")
    record = turn.record
    assert record.status == QUEUED and record.waiting is not None
    assert record.waiting == {"for": "agent", "block": "to_sales", "target_type": "queue",
                              "target": "sales", "skills": ["english"], "priority": 0,
                              "timeout_ms": 1000, "data": {}, "since": record.waiting["since"]}
    assert record.timer is not None and record.timer.kind == "route"
    assert texts(turn.messages) == [("visitor", "text", "Human!"),
                                    ("system", "note", "Waiting for an agent (queue sales).")]


def test_an_agent_takes_over_and_closes(host: ChatHost) -> None:
    session = start(host).record.id
    host.choose(session, "agent")
    waiting = host.send(session, "hello? anyone?")
    assert waiting.record.status == QUEUED and waiting.record.version == 3
    assert texts(waiting.messages) == [("visitor", "text", "hello? anyone?")]
    with pytest.raises(ChatStateError):
        host.agent_message(session, "Hi", agent="ann")
    joined = host.complete_route(session, RouteResult("success", agent="ann"))
    assert joined.record.status == WITH_AGENT and joined.record.timer is None
    assert texts(joined.messages) == [
        ("system", "note", "Agent ann joined the conversation."),
        ("system", "note", "The conversation is now with an agent.")]
    assert decode_scope(joined.record.state["vars"])["closedBy"] == "finalize"
    answer = host.agent_message(session, "Hi, Ann here.", agent="ann")
    assert answer.messages[0].author == "agent" and answer.messages[0].data == {"agent": "ann"}
    reply = host.send(session, "Great")
    assert texts(reply.messages) == [("visitor", "text", "Great")]
    closed = host.end(session, by="agent")
    assert closed.record.status == ENDED
    assert texts(closed.messages) == [("system", "note", "The agent closed the conversation.")]
    with pytest.raises(ChatStateError):
        host.complete_route(session, RouteResult("success"))
    every = host.messages_after(session)
    assert [m.seq for m in every] == list(range(1, len(every) + 1))


def test_a_failed_route_continues_the_flow(host: ChatHost) -> None:
    session = start(host).record.id
    host.choose(session, "agent")
    turn = host.complete_route(session, RouteResult("failed", detail="queue closed"))
    assert texts(turn.messages) == [("system", "note", "Routing ended: failed."),
                                    ("flow", "text", "Nobody is free right now."),
                                    ("system", "note", "The conversation ended.")]
    assert turn.record.status == ENDED


def test_secure_values_never_reach_the_transcript(host: ChatHost) -> None:
    session = start(host).record.id
    asked = host.choose(session, "pin")
    assert asked.messages[1].data["input"] == {"grammar": "digits", "secure": True,
                                               "max_length": 8}
    turn = host.send(session, "482913")
    assert texts(turn.messages)[:2] == [("visitor", "text", MASK),
                                        ("flow", "text", f"Your PIN {MASK} is saved.")]
    assert turn.messages[0].data == {"masked": True}
    assert decode_scope(turn.record.state["vars"])["pin"] == "482913"
    assert all("482913" not in m.text for m in host.messages_after(session))
    assert "482913" not in str([m.to_json() for m in host.messages_after(session)])


def test_reconnecting_clients_get_what_they_missed(host: ChatHost) -> None:
    session = start(host).record.id
    seen = host.messages_after(session)[-1].seq
    host.choose(session, "orders")
    missed = host.messages_after(session, seen)
    assert texts(missed) == [("visitor", "choice", "Track an order"),
                             ("flow", "prompt", "Your order number, please?")]
    assert host.messages_after(session, missed[-1].seq) == []


def test_the_visitor_closing_runs_finalize(host: ChatHost) -> None:
    session = start(host).record.id
    turn = host.end(session)
    assert turn.record.status == ENDED and turn.record.timer is None
    assert decode_scope(turn.record.state["vars"])["closedBy"] == "finalize"
    assert texts(turn.messages) == [("system", "note", "The visitor closed the conversation."),
                                    ("system", "note", "The conversation ended.")]
    assert host.end(session).duplicate
    with pytest.raises(SessionClosedError):
        host.send(session, "still there?")


@pytest.mark.parametrize("text", ["", "   ", "x" * 4001])
def test_unusable_messages_are_refused(host: ChatHost, text: str) -> None:
    session = start(host).record.id
    with pytest.raises(ValueError):
        host.send(session, text)
    assert host.load(session).version == 1


def test_an_unknown_button_counts_as_typed_text(host: ChatHost) -> None:
    session = start(host).record.id
    turn = host.choose(session, "pizza")
    assert texts(turn.messages)[0] == ("visitor", "text", "pizza")
    assert turn.messages[1].data["reprompt"] == "nomatch"


class Broken(Recorder):
    def saved(self, *args: object) -> None:
        raise RuntimeError("push failed")

    def typing(self, session_id: str) -> None:
        raise RuntimeError("push failed")


def test_a_failing_listener_does_not_fail_a_saved_action(store: SessionStore, service: str,
                                                         caplog: pytest.LogCaptureFixture
                                                         ) -> None:
    host = ChatHost(compiled_flow(), store, listener=Broken(), http=local_executor())
    session = start(host, service).record.id
    host.choose(session, "orders")
    turn = host.send(session, "A-1")
    assert turn.messages[2].text == "Order A-1 is shipped."
    assert "the chat listener failed" in caplog.text


def test_a_secure_value_typed_again_is_masked_too(host: ChatHost) -> None:
    session = start(host).record.id
    host.choose(session, "pin")
    host.send(session, "482913")
    host.choose(session, "orders")
    turn = host.send(session, "my pin 482913 does not work")
    assert turn.messages[0].text == f"my pin {MASK} does not work"
