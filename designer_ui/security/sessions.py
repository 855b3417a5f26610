"""Log-in sessions that the server can end: the cookie carries a random key, the database a
`LoginSession` row under the key's hash. Logging out deletes the row; a password change or a
deactivation deletes all of a user's rows, so copies of an old cookie stop working at once.

Each user keeps at most `LOGIN_MAX_SESSIONS_PER_USER` sessions (default 20; the oldest goes
first), and expired rows are removed when the same user logs in again, so the table stays small.
"""

from __future__ import annotations

import secrets

from flask import current_app, session

from designer_ui.extensions import db
from designer_ui.models import ApiToken, LoginSession, User
from designer_ui.models.base import utcnow
from designer_ui.models.users import hash_token

DEFAULT_MAX_SESSIONS_PER_USER = 20


def start_session(user: User) -> str:
    """Log the user in on this cookie; returns the session's CSRF token."""
    now = utcnow()
    db.session.execute(db.delete(LoginSession).where(LoginSession.user_id == user.id,
                                                     LoginSession.expires_at <= now))
    _drop_oldest(user.id, int(current_app.config.get("LOGIN_MAX_SESSIONS_PER_USER",
                                                     DEFAULT_MAX_SESSIONS_PER_USER)) - 1)
    key = secrets.token_urlsafe(32)
    db.session.add(LoginSession(key_hash=hash_token(key), user_id=user.id, created_at=now,
                                expires_at=now + current_app.permanent_session_lifetime))
    session.clear()
    session.permanent = True
    session["sid"] = key
    session["csrf"] = secrets.token_urlsafe(32)
    return str(session["csrf"])


def _drop_oldest(user_id: int, keep: int) -> None:
    ids = db.session.execute(db.select(LoginSession.id).where(LoginSession.user_id == user_id)
                             .order_by(LoginSession.created_at.desc(), LoginSession.id.desc())
                             .offset(max(keep, 0))).scalars().all()
    if ids:
        db.session.execute(db.delete(LoginSession).where(LoginSession.id.in_(ids)))


def session_user() -> User | None:
    """The active user this cookie's session belongs to, or None (and the cookie is cleared)."""
    key = session.get("sid")
    if not isinstance(key, str) or not key:
        if session:
            session.clear()
        return None
    record = db.session.execute(db.select(LoginSession).where(
        LoginSession.key_hash == hash_token(key))).scalar_one_or_none()
    user = db.session.get(User, record.user_id) if record is not None else None
    if record is None or record.expires_at <= utcnow() or user is None or not user.active:
        session.clear()
        return None
    return user


def end_session() -> None:
    """Log out this cookie: its server-side record goes, so a copy of the cookie is useless."""
    key = session.get("sid")
    if isinstance(key, str) and key:
        db.session.execute(db.delete(LoginSession).where(LoginSession.key_hash == hash_token(key)))
    session.clear()


def end_all_sessions(user_id: int) -> None:
    """End every session of the user (password change, deactivation); the caller commits."""
    db.session.execute(db.delete(LoginSession).where(LoginSession.user_id == user_id))


def revoke_tokens(user_id: int) -> int:
    """Delete every API token of the user; returns how many there were."""
    result = db.session.execute(db.delete(ApiToken).where(ApiToken.user_id == user_id))
    return int(getattr(result, "rowcount", 0) or 0)
