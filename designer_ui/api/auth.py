"""Logging in and out with a session cookie, and who am I."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, current_app, jsonify, session

from designer_ui.api.docs import documented
from designer_ui.api.http import json_body
from designer_ui.api.schemas.auth import LoginRequest, SessionOut
from designer_ui.errors import ApiError
from designer_ui.extensions import db
from designer_ui.models import AuditEntry, User
from designer_ui.models.base import utcnow
from designer_ui.security import current_user, public, requires
from designer_ui.security.identity import csrf_token, start_session
from designer_ui.services import audit

blueprint = Blueprint("auth", __name__)


def _too_many_failures(username: str) -> bool:
    window = timedelta(seconds=int(current_app.config["LOGIN_FAILURE_WINDOW_SECONDS"]))
    failures = db.session.execute(db.select(db.func.count(AuditEntry.id)).where(
        AuditEntry.action == "auth.login_failed", AuditEntry.object == f"user:{username}",
        AuditEntry.at > utcnow() - window)).scalar() or 0
    return failures >= int(current_app.config["LOGIN_MAX_FAILURES"])


@blueprint.post("/auth/login")
@public
@documented("Log in: sets the session cookie and returns the CSRF token", body=LoginRequest,
            response=SessionOut, errors=(401, 429))
def login() -> Any:
    data = json_body(LoginRequest())
    username = data["username"]
    if _too_many_failures(username):
        raise ApiError(429, "Too many failed log-ins for this user; wait a few minutes.",
                       headers={"Retry-After": str(current_app.config["LOGIN_FAILURE_WINDOW_SECONDS"])})
    user = db.session.execute(db.select(User).where(User.username == username)).scalar()
    if user is None or not user.active or not user.check_password(data["password"]):
        audit.record("auth.login_failed", f"user:{username}", username=None)
        db.session.commit()
        raise ApiError(401, "Wrong username or password.", code="login_failed")
    token = start_session(user)
    audit.record("auth.login", f"user:{username}", username=username)
    db.session.commit()
    return jsonify({"user": user.to_dict(), "csrf_token": token})


@blueprint.post("/auth/logout")
@requires()
@documented("Log out: ends the session")
def logout() -> Any:
    session.clear()
    return jsonify({"ok": True})


@blueprint.get("/auth/me")
@requires()
@documented("The logged-in user and the CSRF token to send with changes", response=SessionOut)
def me() -> Any:
    return jsonify({"user": current_user().to_dict(), "csrf_token": csrf_token()})
