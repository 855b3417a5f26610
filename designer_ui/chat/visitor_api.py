"""The visitor's side of the chat API (`/api/v1/chat/...`): start a chat at an entry point,
send text or a button, follow the conversation as Server-Sent Events, end it.

No log-in: the session id, a random 128-bit value only the visitor's client receives, is the
key to the session. Requests are limited per client address and per session (429), bodies to
a few kilobytes (413), and pages on any allowed origin may call it (CORS).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request

from designer_ui.api.docs import documented
from designer_ui.api.http import body_limit, created, json_body, query_args
from designer_ui.chat.answers import (
    add_cors_headers,
    checked_text,
    event_stream,
    limit_address,
    limit_session,
    register_chat_errors,
    stream_cursor,
)
from designer_ui.chat.schemas import (
    ChatTurnOut,
    MessageIn,
    StartChatIn,
    TranscriptQuery,
    VisitorSessionOut,
)
from designer_ui.chat.service import chat_service
from designer_ui.chat.stream import StreamTiming, message_events
from designer_ui.chat.views import visitor_message, visitor_session
from designer_ui.security import public
from runtime.chat import ChatTurn
from runtime.sessions.records import VISITOR

blueprint = Blueprint("chat", __name__)
blueprint.after_request(add_cors_headers)
register_chat_errors(blueprint)
USER_AGENT_LENGTH = 300
START_CHAT_IN, MESSAGE_IN, TRANSCRIPT_QUERY = StartChatIn(), MessageIn(), TranscriptQuery()
"""Built once: a marshmallow schema is reusable, and building one costs more than a load."""


def turn_body(turn: ChatTurn) -> dict[str, Any]:
    return {"session": visitor_session(turn.record),
            "messages": [visitor_message(message) for message in turn.messages],
            "duplicate": turn.duplicate}


@blueprint.post("/chat/<entry>/sessions")
@public
@body_limit("CHAT_BODY_LIMIT")
@documented("Start a chat at a chat entry point", body=StartChatIn, response=ChatTurnOut,
            status=201, errors=(404, 413, 415, 429),
            description="Runs the version of the flow that the entry point's environment names "
                        "until it first waits; answers with the first messages.")
def start_chat(entry: str) -> Any:
    limit_address()
    data = json_body(START_CHAT_IN) if request.content_length else START_CHAT_IN.load({})
    service = chat_service()
    ref, fields = service.flows.entry(entry)
    turn = service.host.start(flow=ref, visitor_id=data["visitor_id"],
                              user_agent=request.headers.get("User-Agent", "")[:USER_AGENT_LENGTH],
                              fields={**data["fields_"], **fields}, language=data["language"])
    return created(turn_body(turn), f"/api/v1/chat/sessions/{turn.record.id}")


@blueprint.post("/chat/sessions/<session_id>/messages")
@public
@body_limit("CHAT_BODY_LIMIT")
@documented("Send the visitor's text or button", body=MessageIn, response=ChatTurnOut,
            errors=(404, 409, 413, 415, 429),
            description="Answers with what the flow says next. Retrying with the same "
                        "client_message_id returns the first answer (duplicate: true).")
def send_message(session_id: str) -> Any:
    limit_address()
    limit_session(session_id)
    data = json_body(MESSAGE_IN)
    host = chat_service().host
    client_id = data["client_message_id"]
    if "choice" in data:
        turn = host.choose(session_id, checked_text(data["choice"]), client_message_id=client_id)
    else:
        turn = host.send(session_id, checked_text(data["text"]), client_message_id=client_id)
    return jsonify(turn_body(turn))


@blueprint.get("/chat/sessions/<session_id>")
@public
@documented("The chat's state", response=VisitorSessionOut, errors=(404,))
def get_session(session_id: str) -> Any:
    return jsonify(visitor_session(chat_service().host.load(session_id)))


@blueprint.get("/chat/sessions/<session_id>/messages")
@public
@documented("The transcript after a sequence number", query=TranscriptQuery,
            response=ChatTurnOut, errors=(404, 429),
            description="For clients that poll, and for a page that reloads: every message "
                        "after `after`, in order.")
def get_messages(session_id: str) -> Any:
    limit_address()
    after = query_args(TRANSCRIPT_QUERY)["after"]
    host = chat_service().host
    record = host.load(session_id)
    messages = host.messages_after(session_id, after)
    return jsonify({"session": visitor_session(record),
                    "messages": [visitor_message(message) for message in messages],
                    "duplicate": False})


@blueprint.get("/chat/sessions/<session_id>/events")
@public
@documented("Follow the chat (Server-Sent Events)", produces="text/event-stream",
            errors=(400, 404, 429),
            description="`message` events (id = the message's seq, data = the message), "
                        "`typing` while the flow calls a service, `end` when the chat has "
                        "ended. Starts after `Last-Event-ID` (or `?after=`): exactly what the "
                        "client missed, once. The stream closes after about a minute; "
                        "EventSource reconnects by itself.")
def follow_session(session_id: str) -> Any:
    limit_address()
    after = stream_cursor()
    service = chat_service()
    record = service.host.load(session_id)
    timing = StreamTiming.for_request(service.settings, request.environ)
    return event_stream(message_events(service.runtime, session_id, after, timing,
                                       visitor_message, ended=record.ended))


@blueprint.delete("/chat/sessions/<session_id>")
@public
@documented("End the chat", response=ChatTurnOut, errors=(404, 429),
            description="The flow's finalize phase runs; ending an ended chat changes nothing.")
def end_session(session_id: str) -> Any:
    limit_address()
    return jsonify(turn_body(chat_service().host.end(session_id, by=VISITOR)))
