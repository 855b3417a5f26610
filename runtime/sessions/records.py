"""What a session store keeps: live chat sessions, their transcripts and their timers.

The records are plain, immutable values with a JSON form, so the SQLite and the Redis store
save exactly the same thing and any runtime node can read what another one wrote. Times are
seconds since the epoch (UTC), as `time.time()` gives them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from typing import Any

ACTIVE = "active"
"""The flow runs and waits for the visitor."""
QUEUED = "queued"
"""A `route` block put the session in a queue; the agent desk answers with a route result."""
WITH_AGENT = "agent"
"""The flow has handed the conversation to an agent; messages go between visitor and agent."""
ENDED = "ended"
STATUSES = (ACTIVE, QUEUED, WITH_AGENT, ENDED)

VISITOR, FLOW, AGENT, SYSTEM = "visitor", "flow", "agent", "system"
AUTHORS = (VISITOR, FLOW, AGENT, SYSTEM)


@dataclass(frozen=True, slots=True)
class FlowRef:
    """Which published flow a session runs, and through which entry point it came in."""

    id: str
    version: str
    environment: str = "default"
    entry_point: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "version": self.version, "environment": self.environment,
                "entry_point": self.entry_point}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FlowRef:
        return cls(str(data["id"]), str(data["version"]), str(data.get("environment", "default")),
                   str(data.get("entry_point", "")))


@dataclass(frozen=True, slots=True)
class Timer:
    """A due time for a waiting session: `noinput` while it waits for the visitor, `route`
    while it waits in a queue. It is saved with the session, so it changes atomically with it."""

    due_at: float
    kind: str
    block: str

    def to_json(self) -> dict[str, Any]:
        return {"due_at": self.due_at, "kind": self.kind, "block": self.block}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Timer:
        return cls(float(data["due_at"]), str(data["kind"]), str(data["block"]))


@dataclass(frozen=True, slots=True)
class Message:
    """One transcript entry. `seq` is 0 until a store has appended it to a session.

    `kind` is `text`, `prompt` (a question, with `data["buttons"]` for menu options),
    `choice` (a button the visitor chose), `typing` or `note` (a system note). `version` is the
    session version the message was saved with: messages of one action share it.
    """

    author: str
    kind: str
    text: str
    ts: float
    data: dict[str, Any] = field(default_factory=dict)
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    client_message_id: str | None = None
    seq: int = 0
    version: int = 0

    def to_json(self) -> dict[str, Any]:
        result: dict[str, Any] = {"seq": self.seq, "id": self.id, "author": self.author,
                                  "kind": self.kind, "text": self.text, "ts": self.ts,
                                  "data": self.data, "version": self.version}
        if self.client_message_id is not None:
            result["client_message_id"] = self.client_message_id
        return result

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Message:
        return cls(author=str(data["author"]), kind=str(data["kind"]), text=str(data["text"]),
                   ts=float(data["ts"]), data=dict(data.get("data") or {}), id=str(data["id"]),
                   client_message_id=data.get("client_message_id"), seq=int(data["seq"]),
                   version=int(data.get("version", 0)))


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """A live session: the engine state plus what the chat host needs to serve it.

    `version` grows by one with every save; a save names the version it read and fails if the
    session moved on meanwhile. `last_seq` is the sequence number of the newest message.
    `waiting` describes what the session waits for (the visitor's answer to a prompt, or an
    agent), `meta` holds entry-point data (visitor id, user agent, custom fields).
    """

    id: str
    flow: FlowRef
    channel: str
    state: dict[str, Any]
    status: str
    created_at: float
    updated_at: float
    version: int = 0
    last_seq: int = 0
    waiting: dict[str, Any] | None = None
    timer: Timer | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "flow": self.flow.to_json(), "channel": self.channel,
            "state": self.state, "status": self.status, "created_at": self.created_at,
            "updated_at": self.updated_at, "version": self.version, "last_seq": self.last_seq,
            "waiting": self.waiting, "timer": self.timer.to_json() if self.timer else None,
            "meta": self.meta,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SessionRecord:
        timer = data.get("timer")
        return cls(
            id=str(data["id"]), flow=FlowRef.from_json(data["flow"]),
            channel=str(data["channel"]), state=dict(data["state"]), status=str(data["status"]),
            created_at=float(data["created_at"]), updated_at=float(data["updated_at"]),
            version=int(data["version"]), last_seq=int(data["last_seq"]),
            waiting=data.get("waiting"), timer=Timer.from_json(timer) if timer else None,
            meta=dict(data.get("meta") or {}),
        )

    @property
    def ended(self) -> bool:
        return self.status == ENDED


def number_messages(record: SessionRecord, messages: list[Message]) -> list[Message]:
    """The messages numbered after the record's newest one, stamped with the version to save.

    Safe because a save only succeeds against the version it read: whoever saves first owns the
    numbers after `last_seq`, and the loser's save (and numbering) is refused as a whole.
    """
    return [replace(message, seq=record.last_seq + index, version=record.version + 1)
            for index, message in enumerate(messages, start=1)]


def check_status(status: str) -> None:
    if status not in STATUSES:
        raise ValueError(f"unknown session status '{status}'")
