"""What visitors and agents see of a session and its transcript.

The transcript keeps everything the conversation did, including system notes meant for staff
(a web service's error text, a queue's name). Visitors get every message in sequence, so a
client can tell that nothing is missing, but staff-only notes reach them with their text
emptied, and message data only with the keys a chat client needs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from runtime.chat.host import accepted_by
from runtime.sessions.records import SYSTEM, Message, SessionRecord

VISITOR_DATA_KEYS = frozenset({"buttons", "input", "mode", "reprompt", "masked", "key", "event"})


def _note_for_visitor(message: Message) -> str:
    data = message.data
    event = data.get("event")
    if event == "queued":
        return "Waiting for an agent…"
    if event == "agent_joined":
        return f"{data.get('name') or 'An agent'} joined the conversation."
    if event == "route_result" and data.get("status") == "success":
        return "An agent joined the conversation."
    if event == "closed":
        return "You ended the chat." if data.get("by") == "visitor" else "The chat was ended."
    if event in ("ended", "disconnect"):
        return "The chat has ended."
    return ""


def visitor_message(message: Message) -> dict[str, Any]:
    data = {key: value for key, value in message.data.items() if key in VISITOR_DATA_KEYS}
    if isinstance(data.get("input"), dict):
        data["input"] = {key: data["input"].get(key) for key in ("secure", "max_length")}
    text = _note_for_visitor(message) if message.author == SYSTEM else message.text
    result: dict[str, Any] = {"seq": message.seq, "id": message.id, "author": message.author,
                              "kind": message.kind, "text": text, "ts": message.ts, "data": data}
    if message.client_message_id is not None:
        result["client_message_id"] = message.client_message_id
    return result


def visitor_session(record: SessionRecord) -> dict[str, Any]:
    waiting = record.waiting or {}
    summary: dict[str, Any] = {"id": record.id, "status": record.status,
                               "last_seq": record.last_seq, "waiting_for": None}
    if waiting.get("for") == "visitor" and record.status == "active":
        summary["waiting_for"] = "visitor"
        summary["mode"] = waiting.get("mode")
        summary["buttons"] = list(waiting.get("options") or [])
        summary["secure"] = bool(waiting.get("secure"))
    elif record.status in ("queued", "agent"):
        summary["waiting_for"] = "agent" if record.status == "queued" else None
    return summary


def remembered_routing(messages: Iterable[Message]) -> dict[str, Any]:
    """The last queue the transcript says the session waited in, and the agent who took it.

    A session's `waiting` marker holds its routing only while it waits for (or is with) an
    agent; once the conversation ends or the flow moves on, the marker is gone, so the desk
    reads the same facts back from the `queued` and `agent_joined` notes.
    """
    routing: dict[str, Any] = {}
    for message in messages:
        event = message.data.get("event") if message.author == SYSTEM else None
        if event == "queued":
            routing = {"for": "agent", "target": message.data.get("target"),
                       "target_type": message.data.get("target_type"),
                       "skills": message.data.get("skills") or [],
                       "priority": message.data.get("priority", 0),
                       "data": message.data.get("attached") or {}, "since": message.ts}
        elif event == "agent_joined" and routing:
            routing.update(agent=message.data.get("agent"), agent_name=message.data.get("name"),
                           accepted_at=message.ts)
    return routing


def desk_session(record: SessionRecord, history: Iterable[Message] | None = None) -> dict[str, Any]:
    """A session as the agent desk lists it: queue, skills, attached data, who has it.

    With the session's `history`, a conversation that no longer waits for an agent (it ended,
    or the flow took it back) still shows the queue, skills and attached data it had.
    """
    waiting = record.waiting or {}
    if waiting.get("for") != "agent" and history is not None:
        waiting = remembered_routing(history) or waiting
    meta = record.meta or {}
    summary = {
        "id": record.id, "status": record.status, "last_seq": record.last_seq,
        "queue": waiting.get("target"), "target_type": waiting.get("target_type"),
        "skills": list(waiting.get("skills") or []), "priority": waiting.get("priority", 0),
        "waiting_since": waiting.get("since"), "timeout_ms": waiting.get("timeout_ms"),
        "data": dict(waiting.get("data") or {}), "fields": dict(meta.get("fields") or {}),
        "visitor_id": meta.get("visitor_id", ""), "agent": accepted_by(record),
        "agent_name": waiting.get("agent_name"), "accepted_at": waiting.get("accepted_at"),
        "flow": record.flow.to_json(), "created_at": record.created_at,
        "updated_at": record.updated_at,
    }
    if summary["agent"] is None and record.status != "queued" and waiting.get("agent"):
        summary["agent"] = str(waiting["agent"])
    return summary


def desk_message(message: Message) -> dict[str, Any]:
    return message.to_json()
