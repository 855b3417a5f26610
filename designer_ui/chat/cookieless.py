"""No cookie session on the visitor's chat API (`/api/v1/chat/...`, the desk excepted).

The visitor API is public: a chat session id in the URL is its only key, no view reads the
Flask session, and CSRF does not apply (a cross-site page can do nothing with a visitor's
cookies here). Yet every request paid for the signed cookie session: decoding the cookie of a
staff member who also has the Designer open, looking up their log-in record, and the save
machinery on the way out. For these paths the session is Flask's read-only null session, so
none of that runs and no response ever sets or clears a cookie. Rate limits, body limits,
CORS and the security headers are untouched. The agent desk (`/api/v1/chat/desk/...`) is
staff-only and keeps the cookie session (and its CSRF check). Which is which is decided by the
route the URL matches (an entry point may be called `desk`), not by the path's shape.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Request, Response
from flask.sessions import SessionInterface, SessionMixin
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

CHAT_API_PREFIX = "/api/v1/chat/"
VISITOR_BLUEPRINT = "chat"


def is_visitor_api(app: Flask, request: Request) -> bool:
    """Whether the request is for a view of the visitor API blueprint."""
    if not request.path.startswith(CHAT_API_PREFIX):
        return False
    adapter = app.create_url_adapter(request)
    if adapter is None:
        return False
    try:
        endpoint, _ = adapter.match()
    except (HTTPException, RequestRedirect):
        return False
    return str(endpoint).startswith(VISITOR_BLUEPRINT + ".")


class VisitorApiSessions(SessionInterface):
    """The application's session interface, except on the visitor chat API."""

    def __init__(self, inner: SessionInterface):
        self.inner = inner

    def open_session(self, app: Flask, request: Request) -> SessionMixin | None:
        if is_visitor_api(app, request):
            return None  # Flask then uses the null session
        return self.inner.open_session(app, request)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        self.inner.save_session(app, session, response)

    def make_null_session(self, app: Flask) -> Any:
        return self.inner.make_null_session(app)

    def is_null_session(self, obj: object) -> bool:
        return self.inner.is_null_session(obj)


def skip_cookie_session(app: Flask) -> None:
    app.session_interface = VisitorApiSessions(app.session_interface)
