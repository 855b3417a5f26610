"""The agent desk's side of the chat API (`/api/v1/chat/desk/...`, role agent): the queue of
waiting conversations, accepting one, replying, ending it.

A conversation belongs to the agent who accepted it: only they (or an admin) may write in it
or end it. Two agents accepting at once is settled by the session store's version check: one
gets the conversation, the other a 409.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request

from designer_ui.api.docs import documented
from designer_ui.api.http import json_body, query_args
from designer_ui.chat.answers import checked_text, event_stream, register_chat_errors, stream_cursor
from designer_ui.chat.schemas import AgentMessageIn, DeskDetailOut, DeskQueueQuery, DeskSessionOut
from designer_ui.chat.service import chat_service
from designer_ui.chat.stream import StreamTiming, message_events
from designer_ui.chat.views import desk_message, desk_session
from designer_ui.errors import ApiError
from designer_ui.models import User
from designer_ui.security import current_user, requires
from runtime.chat.host import accepted_by
from runtime.sessions.records import AGENT, QUEUED, WITH_AGENT, SessionRecord

blueprint = Blueprint("chat_desk", __name__)
register_chat_errors(blueprint)
LIST_LIMIT = 500


def _detail(record: SessionRecord) -> dict[str, Any]:
    messages = chat_service().host.messages_after(record.id, 0)
    return {"session": desk_session(record, messages),
            "messages": [desk_message(m) for m in messages]}


def _holding(session_id: str, user: User) -> SessionRecord:
    """The session, if this agent holds it (admins may act on any)."""
    record = chat_service().host.load(session_id)
    holder = accepted_by(record)
    if record.status != WITH_AGENT:
        raise ApiError(409, "This conversation is not with an agent.", code="wrong_state")
    if holder != user.username and not user.has_role("admin"):
        raise ApiError(403, "Another agent has this conversation.", code="not_yours")
    return record


@blueprint.get("/chat/desk/queue")
@requires("agent")
@documented("Conversations waiting for an agent", query=DeskQueueQuery, response=DeskSessionOut,
            many=True, description="Highest priority first, then longest waiting.")
def waiting_sessions() -> Any:
    wanted = query_args(DeskQueueQuery())
    sessions = [desk_session(record) for record in
                chat_service().runtime.store.sessions_with_status(QUEUED, LIST_LIMIT)]
    if wanted["queue"]:
        sessions = [s for s in sessions if s["queue"] == wanted["queue"]]
    if wanted["skill"]:
        sessions = [s for s in sessions if wanted["skill"] in s["skills"]]
    sessions.sort(key=lambda s: (-(s["priority"] or 0), s["waiting_since"] or 0))
    return jsonify(sessions)


@blueprint.get("/chat/desk/mine")
@requires("agent")
@documented("The conversations this agent has", response=DeskSessionOut, many=True)
def my_sessions() -> Any:
    user = current_user()
    records = chat_service().runtime.store.sessions_with_status(WITH_AGENT, LIST_LIMIT)
    return jsonify([desk_session(record) for record in records
                    if accepted_by(record) == user.username])


@blueprint.get("/chat/desk/sessions/<session_id>")
@requires("agent")
@documented("A conversation: its attached data and transcript", response=DeskDetailOut,
            errors=(404,))
def session_detail(session_id: str) -> Any:
    return jsonify(_detail(chat_service().host.load(session_id)))


@blueprint.post("/chat/desk/sessions/<session_id>/accept")
@requires("agent")
@documented("Accept a waiting conversation", response=DeskDetailOut, errors=(404, 409),
            description="409 when it is no longer waiting (another agent took it, or its "
                        "route timed out).")
def accept_session(session_id: str) -> Any:
    user = current_user()
    turn = chat_service().host.accept(session_id, agent=user.username,
                                      name=user.display_name or user.username)
    return jsonify(_detail(turn.record))


@blueprint.post("/chat/desk/sessions/<session_id>/messages")
@requires("agent")
@documented("Reply to the visitor", body=AgentMessageIn, response=DeskDetailOut,
            errors=(403, 404, 409, 413))
def reply(session_id: str) -> Any:
    user = current_user()
    data = json_body(AgentMessageIn())
    text = checked_text(data["text"])
    _holding(session_id, user)
    turn = chat_service().host.agent_message(session_id, text, agent=user.username,
                                             client_message_id=data["client_message_id"])
    return jsonify({"session": desk_session(turn.record),
                    "messages": [desk_message(m) for m in turn.messages]})


@blueprint.post("/chat/desk/sessions/<session_id>/end")
@requires("agent")
@documented("End the conversation", response=DeskDetailOut, errors=(403, 404, 409),
            description="The flow gets the route's result and its finalize phase runs.")
def end_session(session_id: str) -> Any:
    _holding(session_id, current_user())
    host = chat_service().host
    turn = host.end(session_id, by=AGENT)
    history = host.messages_after(session_id, 0)
    return jsonify({"session": desk_session(turn.record, history),
                    "messages": [desk_message(m) for m in turn.messages]})


@blueprint.get("/chat/desk/sessions/<session_id>/events")
@requires("agent")
@documented("Follow a conversation (Server-Sent Events)", produces="text/event-stream",
            errors=(400, 404),
            description="As the visitor's stream, with the staff notes in full.")
def follow_session(session_id: str) -> Any:
    after = stream_cursor()
    service = chat_service()
    record = service.host.load(session_id)
    timing = StreamTiming.for_request(service.settings, request.environ)
    return event_stream(message_events(service.runtime, session_id, after, timing,
                                       desk_message, ended=record.ended))
