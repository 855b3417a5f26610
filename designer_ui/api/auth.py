"""Logging in and out with a session cookie, changing one's own password, and who am I."""

from __future__ import annotations

import functools
import secrets
from typing import Any

from flask import Blueprint, g, jsonify
from werkzeug.security import check_password_hash, generate_password_hash

from designer_ui.api.docs import documented
from designer_ui.api.http import json_body
from designer_ui.api.schemas.auth import LoginRequest, PasswordChange, SessionOut, SessionStateOut
from designer_ui.errors import ApiError
from designer_ui.extensions import db
from designer_ui.models import User
from designer_ui.security import current_user, public, requires
from designer_ui.security.accounts import change_password
from designer_ui.security.identity import csrf_token
from designer_ui.security.sessions import end_session, start_session
from designer_ui.security.throttle import begin_attempt, client_address
from designer_ui.services import audit

blueprint = Blueprint("auth", __name__)


@functools.cache
def _dummy_hash() -> str:
    """A hash to check against when there is no such user, so the answer takes as long."""
    return generate_password_hash(secrets.token_urlsafe(16))


def password_matches(user: User | None, password: str) -> bool:
    """Costs one full hash comparison whether or not the user exists."""
    stored = user.password_hash if user is not None else None
    if not stored:
        check_password_hash(_dummy_hash(), password)
        return False
    return check_password_hash(stored, password)


@blueprint.post("/auth/login")
@public
@documented("Log in: sets the session cookie and returns the CSRF token", body=LoginRequest,
            response=SessionOut, errors=(401, 429))
def login() -> Any:
    data = json_body(LoginRequest())
    username = data["username"]
    attempt = begin_attempt(username, client_address())
    user = db.session.execute(db.select(User).where(User.username == username)).scalar()
    if not password_matches(user, data["password"]) or user is None or not user.active:
        attempt.failed()
        audit.record("auth.login_failed", f"user:{username}", username=None)
        db.session.commit()
        raise ApiError(401, "Wrong username or password.", code="login_failed")
    attempt.succeeded()
    token = start_session(user)
    audit.record("auth.login", f"user:{username}", username=username)
    db.session.commit()
    return jsonify({"user": user.to_dict(), "csrf_token": token})


@blueprint.post("/auth/logout")
@requires()
@documented("Log out: ends the session on the server, so the cookie is no longer valid")
def logout() -> Any:
    end_session()
    db.session.commit()
    return jsonify({"ok": True})


@blueprint.get("/auth/me")
@requires()
@documented("The logged-in user and the CSRF token to send with changes", response=SessionOut)
def me() -> Any:
    return jsonify({"user": current_user().to_dict(), "csrf_token": csrf_token()})


@blueprint.get("/auth/session")
@public
@documented("Who is logged in, if anyone (user null when not): the editor asks this on start, "
            "so the login page causes no 401", response=SessionStateOut)
def session_state() -> Any:
    user = g.get("user")
    if user is None:
        return jsonify({"user": None, "csrf_token": None})
    return jsonify({"user": user.to_dict(), "csrf_token": csrf_token()})


@blueprint.post("/auth/password")
@requires()
@documented("Change my password: ends all my sessions (this one gets a fresh one) and deletes "
            "my API tokens unless keep_tokens is true", body=PasswordChange, response=SessionOut,
            errors=(400, 429))
def change_my_password() -> Any:
    data = json_body(PasswordChange())
    user = current_user()
    attempt = begin_attempt(user.username, client_address())
    if not password_matches(user, data["current_password"]):
        attempt.failed()
        audit.record("auth.password_change_failed", f"user:{user.username}")
        db.session.commit()
        raise ApiError(400, "The current password is wrong.", code="wrong_password")
    attempt.succeeded()
    change_password(user, data["new_password"], keep_tokens=data["keep_tokens"])
    token = start_session(user)
    db.session.commit()
    return jsonify({"user": user.to_dict(), "csrf_token": token})
