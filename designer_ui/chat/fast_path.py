"""A short way through the server for the visitor API's busiest requests.

Every chat message is one request, and the full Flask machinery around it (request and
application contexts, URL matching done twice, before- and after-request hooks, the response
object) costs more CPU than the session store or the flow engine. So a small WSGI router sits
in front of the application and answers three requests itself: start a chat, send a message,
end a chat. It does exactly what their views do (the same rate limits, body limit, checks and
answers, the same security and CORS headers) with less around it.

It answers a request only when it is sure it would answer it as the application does, and
otherwise hands it to Flask untouched (the body it read is put back):

- a body that is not small plain JSON of the expected shape (Flask then gives the 400, 413 or
  415), a request with credentials (`Authorization`), anything but these three routes;
- the first request of each process, so the application's "start on first request" hooks
  (timers, distributors, retention jobs) run whatever the traffic.

Refusals and errors once the request is taken (429, 404, 409, 503, 500) are rendered by the
application's own error handlers and after-request hooks, so they are the same answers too.
`CHAT_FAST_PATH=off` turns the router off.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from designer_ui.chat.answers import CORS_HEADERS, CORS_METHODS, too_many_requests
from designer_ui.chat.schemas import CLIENT_ID
from designer_ui.chat.service import ChatService, chat_service
from designer_ui.chat.visitor_api import START_CHAT_IN, USER_AGENT_LENGTH, turn_body
from runtime.chat.host import MAX_TEXT
from runtime.sessions.records import VISITOR

Wsgi = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
StartResponse = Callable[..., Any]

CHAT_API = "/api/v1/chat/"
SESSION_ID = r"[0-9A-Za-z_-]{1,128}"
MESSAGES = re.compile(rf"/api/v1/chat/sessions/({SESSION_ID})/messages")
SESSION = re.compile(rf"/api/v1/chat/sessions/({SESSION_ID})")
START = re.compile(r"/api/v1/chat/([^/]{1,200})/sessions")
MESSAGE_KEYS = frozenset({"text", "choice", "client_message_id"})
MAX_CHOICE = 200
"""As `MessageIn.choice` allows; the schema's rules are the reference, this router only ever
accepts less than they do (anything else goes to Flask)."""
CLIENT_ID_LENGTH = range(CLIENT_ID.min or 1, (CLIENT_ID.max or 100) + 1)
JSON_HEADERS = [("Content-Type", "application/json"), ("X-Content-Type-Options", "nosniff"),
                ("X-Frame-Options", "DENY"), ("Referrer-Policy", "same-origin"),
                ("Cache-Control", "no-store")]
STATUS_LINES = {200: "200 OK", 201: "201 CREATED"}


class FallThrough(Exception):
    """This request is for Flask after all (nothing has been done for it yet)."""


class FastVisitorApi:
    """WSGI middleware: answers the hot visitor-API requests, hands the rest to `flask_app`."""

    def __init__(self, app: Flask, flask_app: Wsgi):
        self.app = app
        self.flask_app = flask_app
        self._warm_pid = 0

    def __call__(self, environ: dict[str, Any], start_response: StartResponse
                 ) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if (self._warm_pid == os.getpid() and path.startswith(CHAT_API)
                and "HTTP_AUTHORIZATION" not in environ):
            try:
                return self._answer(environ, start_response, path)
            except FallThrough:
                pass
        result = self.flask_app(environ, start_response)
        self._warm_pid = os.getpid()
        return result

    # -- routing ---------------------------------------------------------------------------

    def _answer(self, environ: dict[str, Any], start_response: StartResponse,
                path: str) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "")
        if method == "POST":
            found = MESSAGES.fullmatch(path)
            if found is not None:
                return self._send(environ, start_response, found.group(1))
            found = START.fullmatch(path)
            if found is not None and self._routes_to(path, "chat.start_chat"):
                return self._start(environ, start_response, found.group(1))
        elif method == "DELETE":
            found = SESSION.fullmatch(path)
            if found is not None:
                return self._end(environ, start_response, found.group(1))
        raise FallThrough

    def _routes_to(self, path: str, endpoint: str) -> bool:
        """Whether the application routes POST `path` to `endpoint` (an entry point's key sits
        where other routes have fixed words)."""
        adapter = self.app.url_map.bind("localhost")
        try:
            found, _ = adapter.match(path, "POST")
        except (HTTPException, RequestRedirect):
            return False
        return found == endpoint

    # -- the three requests ----------------------------------------------------------------

    def _send(self, environ: dict[str, Any], start_response: StartResponse,
              session_id: str) -> Iterable[bytes]:
        data = _message_fields(self._json_body(environ))
        service = chat_service(self.app)
        with self._taken(environ, start_response, service) as answer:
            self._limit_address(service, environ)
            wait = service.runtime.limits.check_session(session_id)
            if wait:
                raise too_many_requests(wait, "messages in this chat")
            host = service.host
            client_id = data.get("client_message_id")
            if "choice" in data:
                turn = host.choose(session_id, data["choice"], client_message_id=client_id)
            else:
                turn = host.send(session_id, data["text"], client_message_id=client_id)
            answer.done(200, turn_body(turn))
        return answer.result

    def _start(self, environ: dict[str, Any], start_response: StartResponse,
               entry: str) -> Iterable[bytes]:
        body = self._json_body(environ) if _content_length(environ) else {}
        try:
            data = START_CHAT_IN.load(body)
        except ValidationError:
            raise FallThrough from None
        service = chat_service(self.app)
        with self._taken(environ, start_response, service) as answer:
            self._limit_address(service, environ)
            ref, fields = service.flows.entry(entry)
            user_agent = str(environ.get("HTTP_USER_AGENT", ""))[:USER_AGENT_LENGTH]
            turn = service.host.start(flow=ref, visitor_id=data["visitor_id"],
                                      user_agent=user_agent, fields={**data["fields_"], **fields},
                                      language=data["language"])
            answer.done(201, turn_body(turn),
                        [("Location", f"/api/v1/chat/sessions/{turn.record.id}")])
        return answer.result

    def _end(self, environ: dict[str, Any], start_response: StartResponse,
             session_id: str) -> Iterable[bytes]:
        service = chat_service(self.app)
        with self._taken(environ, start_response, service) as answer:
            self._limit_address(service, environ)
            answer.done(200, turn_body(service.host.end(session_id, by=VISITOR)))
        return answer.result

    # -- shared steps ----------------------------------------------------------------------

    def _json_body(self, environ: dict[str, Any]) -> Any:
        """The request's JSON when it is small, plain and well-formed; else Flask takes it."""
        if _media_type(environ) != "application/json":
            raise FallThrough
        length = _content_length(environ)
        limit = int(self.app.config["CHAT_BODY_LIMIT"])
        if length is None or length > limit:
            raise FallThrough
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)  # Flask reads it again if it takes over
        try:
            return self.app.json.loads(body)
        except (ValueError, RecursionError, UnicodeError):
            raise FallThrough from None

    def _limit_address(self, service: ChatService, environ: dict[str, Any]) -> None:
        wait = service.runtime.limits.check_address(_client_address(service, environ))
        if wait:
            raise too_many_requests(wait, "requests from this address")

    def _taken(self, environ: dict[str, Any], start_response: StartResponse,
               service: ChatService) -> _Answer:
        return _Answer(self, environ, start_response, service)

    def render_error(self, environ: dict[str, Any], start_response: StartResponse,
                     exc: Exception) -> Iterable[bytes]:
        """The application's own answer to `exc` for this request: its error handlers, then
        its after-request hooks (security headers, CORS, the store's health). Call it while
        `exc` is being handled, so an unexpected error is logged with its traceback."""
        app = self.app
        environ = {**environ, "wsgi.input": io.BytesIO(b""), "CONTENT_LENGTH": "0"}
        with app.request_context(environ):
            try:
                response = app.make_response(app.handle_user_exception(exc))
            except Exception as unhandled:  # no handler took it: the generic 500
                response = app.make_response(app.handle_exception(unhandled))
            response = app.process_response(response)
        return response(environ, start_response)

    def json_headers(self, environ: dict[str, Any], service: ChatService
                     ) -> list[tuple[str, str]]:
        """What the application's after-request hooks put on a JSON answer here."""
        headers = list(JSON_HEADERS)
        origin = environ.get("HTTP_ORIGIN")
        if not origin:
            return headers
        allowed = service.settings.allowed_origins
        if "*" in allowed:
            headers.append(("Access-Control-Allow-Origin", "*"))
        elif origin in allowed:
            headers += [("Access-Control-Allow-Origin", origin), ("Vary", "Origin")]
        else:
            return headers
        headers += [("Access-Control-Allow-Methods", CORS_METHODS),
                    ("Access-Control-Allow-Headers", CORS_HEADERS),
                    ("Access-Control-Expose-Headers", "Retry-After, Location"),
                    ("Access-Control-Max-Age", "600")]
        return headers


class _Answer:
    """The answer to a request the router has taken: the JSON it sends on success, or the
    application's rendering of whatever was raised."""

    def __init__(self, router: FastVisitorApi, environ: dict[str, Any],
                 start_response: StartResponse, service: ChatService):
        self.router = router
        self.environ = environ
        self.start_response = start_response
        self.service = service
        self.result: Iterable[bytes] = []

    def __enter__(self) -> _Answer:
        return self

    def done(self, status: int, body: Any, extra: list[tuple[str, str]] | None = None) -> None:
        router = self.router
        text = router.app.json.dumps(body, indent=None, separators=(",", ":")) + "\n"
        payload = text.encode()
        headers = router.json_headers(self.environ, self.service)
        headers.append(("Content-Length", str(len(payload))))
        if extra:
            headers += extra
        self.service.runtime.store.health.succeeded()
        self.start_response(STATUS_LINES[status], headers)
        self.result = [payload]

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 traceback: Any) -> bool:
        if exc is None or not isinstance(exc, Exception):
            return False
        self.result = self.router.render_error(self.environ, self.start_response, exc)
        return True


def _message_fields(data: Any) -> dict[str, Any]:
    """A message body the view would accept as is (see `MessageIn` and `checked_text`);
    anything else goes to Flask, which explains what is wrong with it."""
    if not isinstance(data, dict) or not data.keys() <= MESSAGE_KEYS:
        raise FallThrough
    client_id = data.get("client_message_id")
    if client_id is not None and not (isinstance(client_id, str)
                                      and len(client_id) in CLIENT_ID_LENGTH):
        raise FallThrough
    if ("text" in data) == ("choice" in data):
        raise FallThrough
    value = data["choice"] if "choice" in data else data["text"]
    limit = MAX_CHOICE if "choice" in data else MAX_TEXT
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise FallThrough
    return data


def _media_type(environ: dict[str, Any]) -> str:
    return str(environ.get("CONTENT_TYPE", "")).partition(";")[0].strip().lower()


def _content_length(environ: dict[str, Any]) -> int | None:
    raw = environ.get("CONTENT_LENGTH")
    if raw in (None, ""):
        return None if environ.get("HTTP_TRANSFER_ENCODING") else 0
    try:
        length = int(raw)
    except ValueError:
        return None
    return length if length >= 0 else None


def _client_address(service: ChatService, environ: dict[str, Any]) -> str:
    """As `designer_ui.chat.answers.client_address` reads it from a Flask request."""
    if service.settings.trust_forwarded_for:
        forwarded = str(environ.get("HTTP_X_FORWARDED_FOR", ""))
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return str(environ.get("REMOTE_ADDR") or "unknown")


def install(app: Flask) -> None:
    """Put the router in front of the application (unless CHAT_FAST_PATH is off)."""
    setting = str(app.config.get("CHAT_FAST_PATH") or os.environ.get("CHAT_FAST_PATH")
                  or "on").strip().lower()
    if setting in ("off", "0", "false", "no"):
        return
    app.wsgi_app = FastVisitorApi(app, app.wsgi_app)  # type: ignore[method-assign]
