"""Finds the user behind a request: a bearer API token, or the session cookie (whose record
on the server must still exist, see `designer_ui.security.sessions`).

Cookie-authenticated requests that change something must carry the session's CSRF token in
`X-CSRF-Token`; token-authenticated ones need not (a browser never adds the header by itself).
"""

from __future__ import annotations

import hmac
from datetime import timedelta

from flask import current_app, g, request, session
from sqlalchemy.orm import joinedload

from designer_ui.errors import ApiError
from designer_ui.extensions import db
from designer_ui.models import ApiToken
from designer_ui.models.base import utcnow
from designer_ui.models.users import hash_token
from designer_ui.security.sessions import session_user

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_HEADER = "X-CSRF-Token"


def csrf_token() -> str | None:
    token = session.get("csrf")
    return str(token) if token else None


def load_identity() -> None:
    g.user = None
    g.auth = None
    if not request.path.startswith("/api/"):
        return
    header = request.headers.get("Authorization", "")
    if header:
        _from_bearer(header)
        return
    user = session_user()
    if user is None:
        return
    g.user = user
    g.auth = "session"
    if request.method not in SAFE_METHODS and not _csrf_exempt():
        expected = csrf_token() or ""
        given = request.headers.get(CSRF_HEADER, "")
        if not expected or not hmac.compare_digest(expected, given):
            raise ApiError(403, f"Missing or wrong {CSRF_HEADER} header; get the token from "
                           "GET /api/v1/auth/me.", code="csrf_failed")


def _from_bearer(header: str) -> None:
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise ApiError(401, "Use 'Authorization: Bearer <api token>'.",
                       headers={"WWW-Authenticate": "Bearer"})
    token = db.session.execute(  # the token and its user in one query
        db.select(ApiToken).options(joinedload(ApiToken.user))
        .where(ApiToken.token_hash == hash_token(secret.strip()))
    ).scalar_one_or_none()
    now = utcnow()
    if token is None or (token.expires_at is not None and token.expires_at <= now):
        raise ApiError(401, "This API token is not valid (wrong, revoked or expired).",
                       headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
    if not token.user.active:
        raise ApiError(401, "The user of this API token is deactivated.")
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        token.last_used_at = now
        db.session.commit()
    g.user = token.user
    g.auth = "token"


def _csrf_exempt() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "csrf_exempt", False))
