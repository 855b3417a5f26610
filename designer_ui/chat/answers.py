"""What the chat blueprints share: chat errors as API errors, rate limits, the SSE response,
and CORS for pages on other sites that embed the widget."""

from __future__ import annotations

from collections.abc import Iterator

import redis
from flask import Blueprint, Response, request

from designer_ui.chat.flows import NotPublishedError, UnknownEntryError
from designer_ui.chat.service import chat_service
from designer_ui.errors import ApiError, error_response
from designer_ui.input_guards import MAX_URL_INTEGER
from runtime.chat.errors import ChatStateError, SessionClosedError
from runtime.chat.host import MAX_TEXT
from runtime.sessions.errors import SessionNotFoundError, StaleSessionError
from runtime.sessions.health import UNAVAILABLE_RETRY_AFTER_S

CORS_METHODS = "GET, POST, DELETE, OPTIONS"
CORS_HEADERS = "Content-Type, Last-Event-ID"


def _not_found(exc: SessionNotFoundError) -> Response:
    return error_response(404, "There is no such chat session (it may have ended long ago).",
                          "session_not_found")


def _closed(exc: SessionClosedError) -> Response:
    return error_response(409, "This chat has ended.", "session_ended")


def _wrong_state(exc: ChatStateError) -> Response:
    return error_response(409, str(exc), "wrong_state")


def _stale(exc: StaleSessionError) -> Response:
    return error_response(409, "The chat changed at the same moment; try again.", "conflict")


def _unknown_entry(exc: UnknownEntryError) -> Response:
    return error_response(404, str(exc).capitalize() + ".", "unknown_entry")


def _not_published(exc: NotPublishedError) -> Response:
    return error_response(404, str(exc).capitalize() + ".", "not_published")


def _store_unavailable(exc: Exception) -> Response:
    """The session store (Redis) is away or its pool is exhausted: a 503 the widget retries,
    logged once per outage rather than as a traceback per request."""
    chat_service().runtime.store.health.failed(exc)
    response = error_response(503, "The chat is briefly unavailable; try again in a moment.",
                              "store_unavailable")
    response.headers["Retry-After"] = str(UNAVAILABLE_RETRY_AFTER_S)
    return response


def _note_store_answered(response: Response) -> Response:
    if response.status_code < 500:
        chat_service().runtime.store.health.succeeded()
    return response


def register_chat_errors(blueprint: Blueprint) -> None:
    blueprint.register_error_handler(redis.ConnectionError, _store_unavailable)
    blueprint.register_error_handler(redis.TimeoutError, _store_unavailable)
    blueprint.after_request(_note_store_answered)
    blueprint.register_error_handler(SessionNotFoundError, _not_found)
    blueprint.register_error_handler(SessionClosedError, _closed)
    blueprint.register_error_handler(ChatStateError, _wrong_state)
    blueprint.register_error_handler(StaleSessionError, _stale)
    blueprint.register_error_handler(UnknownEntryError, _unknown_entry)
    blueprint.register_error_handler(NotPublishedError, _not_published)


def checked_text(text: str) -> str:
    """A message's text: 400 when empty, 413 when longer than a chat message may be."""
    if not text.strip():
        raise ApiError(400, "A message needs some text.", code="empty_message")
    if len(text) > MAX_TEXT:
        raise ApiError(413, f"A message is at most {MAX_TEXT} characters.",
                       code="payload_too_large", details={"max_length": MAX_TEXT})
    return text


def client_address() -> str:
    settings = chat_service().settings
    if settings.trust_forwarded_for:
        forwarded = request.headers.get("X-Forwarded-For", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.remote_addr or "unknown"


def too_many_requests(wait_s: float, what: str) -> ApiError:
    seconds = max(1, round(wait_s + 0.49))
    return ApiError(429, f"Too many {what}; wait {seconds} s.", code="too_many_requests",
                    headers={"Retry-After": str(seconds)})


def limit_address() -> None:
    wait = chat_service().runtime.limits.check_address(client_address())
    if wait:
        raise too_many_requests(wait, "requests from this address")


def limit_session(session_id: str) -> None:
    wait = chat_service().runtime.limits.check_session(session_id)
    if wait:
        raise too_many_requests(wait, "messages in this chat")


def event_stream(events: Iterator[str]) -> Response:
    response = Response(events, mimetype="text/event-stream")
    response.headers["Cache-Control"] = "no-cache, no-transform"
    response.headers["X-Accel-Buffering"] = "no"
    return response


def stream_cursor() -> int:
    """Where a stream starts: the browser's Last-Event-ID on reconnect, else `?after=`."""
    raw = request.headers.get("Last-Event-ID") or request.args.get("after") or "0"
    try:
        after = int(raw)
    except ValueError:
        raise ApiError(400, "Last-Event-ID and 'after' are message sequence numbers.",
                       code="invalid_cursor") from None
    if not 0 <= after <= MAX_URL_INTEGER:
        raise ApiError(400, f"A sequence number is 0 to {MAX_URL_INTEGER}.",
                       code="invalid_cursor")
    return after


def add_cors_headers(response: Response) -> Response:
    origin = request.headers.get("Origin")
    if not origin:
        return response
    allowed = chat_service().settings.allowed_origins
    if "*" in allowed:
        response.headers["Access-Control-Allow-Origin"] = "*"
    elif origin in allowed:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.vary.add("Origin")
    else:
        return response
    response.headers["Access-Control-Allow-Methods"] = CORS_METHODS
    response.headers["Access-Control-Allow-Headers"] = CORS_HEADERS
    response.headers["Access-Control-Expose-Headers"] = "Retry-After, Location"
    response.headers["Access-Control-Max-Age"] = "600"
    return response

