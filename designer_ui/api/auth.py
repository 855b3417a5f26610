"""Logging in and out with a session cookie, changing one's own password, and who am I."""

from __future__ import annotations

import functools
import secrets
from typing import Any

from flask import Blueprint, g, jsonify, request, url_for
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
from designer_ui.security.known_devices import known_device, remember_device
from designer_ui.security.sessions import end_session, start_session
from designer_ui.security.throttle import begin_attempt, client_address
from designer_ui.services import audit

blueprint = Blueprint("auth", __name__)


@functools.cache
def _dummy_hash() -> str:
    """A hash to check against when there is no such user, so the answer takes as long."""
    return generate_password_hash(secrets.token_urlsafe(16))


def password_matches(stored: str | None, password: str) -> bool:
    """Costs one full hash comparison whether or not there is a stored hash.

    Call it with no database connection held: the comparison is slow on purpose, and a pooled
    connection kept through it is one that concurrent requests cannot have."""
    if not stored:
        check_password_hash(_dummy_hash(), password)
        return False
    return check_password_hash(stored, password)


def _device_cookie_path() -> str:
    """The known-device cookie goes only to the log-in and password endpoints' folder."""
    return url_for(".login").rsplit("/", 1)[0] + "/"


@blueprint.post("/auth/login")
@public
@documented("Log in: sets the session and known-device cookies and returns the CSRF token",
            body=LoginRequest, response=SessionOut, errors=(401, 429))
def login() -> Any:
    data = json_body(LoginRequest())
    username = data["username"]
    found = db.session.execute(db.select(User.id, User.password_hash, User.active)
                               .where(User.username == username)).first()
    user_id, stored, active = found if found is not None else (None, None, False)
    device = known_device(request, user_id, stored)
    attempt = begin_attempt(username, client_address(), device=device)
    # begin_attempt commits: no pooled connection is held through the slow comparison below
    if not password_matches(stored, data["password"]) or user_id is None or not active:
        attempt.failed()
        audit.record("auth.login_failed", f"user:{username}", username=None)
        db.session.commit()
        raise ApiError(401, "Wrong username or password.", code="login_failed")
    attempt.succeeded()
    user = db.session.get_one(User, user_id)
    token = start_session(user)
    audit.record("auth.login", f"user:{username}", username=username)
    db.session.commit()
    response = jsonify({"user": user.to_dict(), "csrf_token": token})
    remember_device(response, request, user, _device_cookie_path())
    return response


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
    username, stored = user.username, user.password_hash
    attempt = begin_attempt(username, client_address(),
                            device=known_device(request, user.id, stored))
    if not password_matches(stored, data["current_password"]):
        attempt.failed()
        audit.record("auth.password_change_failed", f"user:{username}")
        db.session.commit()
        raise ApiError(400, "The current password is wrong.", code="wrong_password")
    attempt.succeeded()
    change_password(user, data["new_password"], keep_tokens=data["keep_tokens"])
    token = start_session(user)
    db.session.commit()
    response = jsonify({"user": user.to_dict(), "csrf_token": token})
    remember_device(response, request, user, _device_cookie_path())
    return response
