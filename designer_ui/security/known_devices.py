"""Known devices: a browser (or a cookie-keeping API client) that has logged in to an account
before is let past that account's own failure counter, so a stranger guessing from many
addresses cannot keep the owner out.

A successful log-in gives the client a `designer_device` cookie (HttpOnly, SameSite=Lax, Secure
when the session cookie is, sent only to the log-in endpoint, `KNOWN_DEVICE_DAYS` long, 90 by
default). It is signed with the app's `SECRET_KEY` and lists, for up to `MAX_ACCOUNTS` accounts,
the user id, a random device id and a fingerprint of the user's current password hash, so a
password change invalidates every device of that user. The cookie says nothing secret: the
fingerprint is an HMAC under the secret key, not a part of the hash.

An attempt that carries a valid entry for the account it names is counted under that device
instead of under the account alone (see `designer_ui.security.throttle`), so guessing with a
stolen device cookie is as slow as guessing from one client.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from flask import Request, Response, current_app
from itsdangerous import BadData, URLSafeTimedSerializer

from designer_ui.models import User

COOKIE_NAME = "designer_device"
DEFAULT_DAYS = 90
MAX_ACCOUNTS = 5
SALT = "designer.known-device"
MAX_COOKIE_CHARS = 4096


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _lifetime_seconds() -> int:
    return int(current_app.config.get("KNOWN_DEVICE_DAYS", DEFAULT_DAYS)) * 24 * 60 * 60


def fingerprint(user_id: int, password_hash: str | None) -> str:
    """Changes whenever the user's password does; unreadable without the secret key."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    message = f"{user_id}|{password_hash or ''}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def _entries(request: Request) -> list[list[Any]]:
    """The cookie's valid-looking entries `[user id, device id, fingerprint]`, or none."""
    raw = request.cookies.get(COOKIE_NAME)
    if not raw or len(raw) > MAX_COOKIE_CHARS:
        return []
    try:
        payload = _serializer().loads(raw, max_age=_lifetime_seconds())
    except (BadData, UnicodeError, ValueError):
        return []
    if not isinstance(payload, list):
        return []
    return [entry for entry in payload[:MAX_ACCOUNTS]
            if isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], int)
            and isinstance(entry[1], str) and isinstance(entry[2], str)]


def known_device(request: Request, user_id: int | None, password_hash: str | None) -> str | None:
    """The device id this request's cookie holds for the user, if it is still valid for them."""
    if user_id is None or not password_hash:
        return None
    expected = fingerprint(user_id, password_hash)
    for owner, device, print_ in _entries(request):
        if owner == user_id and hmac.compare_digest(print_, expected):
            return str(device)
    return None


def remember_device(response: Response, request: Request, user: User, path: str) -> None:
    """Mark this client as a known device of the user (keeping up to `MAX_ACCOUNTS` accounts,
    the most recent first)."""
    others = [entry for entry in _entries(request) if entry[0] != user.id]
    entry = [user.id, secrets.token_urlsafe(12), fingerprint(user.id, user.password_hash)]
    value = _serializer().dumps([entry, *others][:MAX_ACCOUNTS])
    config = current_app.config
    response.set_cookie(COOKIE_NAME, value, max_age=_lifetime_seconds(), path=path,
                        secure=bool(config.get("SESSION_COOKIE_SECURE")), httponly=True,
                        samesite="Lax")
