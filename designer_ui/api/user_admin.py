"""What an admin does for another user on the Users page: see, issue and revoke that user's
API tokens, and reset a forgotten password (typed, or generated and shown once), which ends
the user's sessions."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify

from designer_ui.api.docs import documented
from designer_ui.api.http import created, json_body, no_content
from designer_ui.api.schemas.auth import (
    PasswordReset,
    PasswordResetOut,
    TokenCreate,
    TokenCreated,
    TokenOut,
)
from designer_ui.api.users import issue_token
from designer_ui.errors import ApiError
from designer_ui.extensions import db
from designer_ui.models import ApiToken, User
from designer_ui.security import current_user, requires
from designer_ui.security.accounts import change_password
from designer_ui.security.generated_passwords import generate_strong_password
from designer_ui.services import audit

blueprint = Blueprint("user_admin", __name__)


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise ApiError(404, f"There is no user {user_id}.")
    return user


@blueprint.get("/users/<int:user_id>/tokens")
@requires("admin")
@documented("A user's API tokens (never their secrets)", response=TokenOut, many=True,
            errors=(404,))
def list_user_tokens(user_id: int) -> Any:
    user = _user(user_id)
    tokens = db.session.execute(db.select(ApiToken).where(ApiToken.user_id == user.id)
                                .order_by(ApiToken.id)).scalars()
    return jsonify([token.to_dict() for token in tokens])


@blueprint.post("/users/<int:user_id>/tokens")
@requires("admin")
@documented("Create an API token for a user; the secret is in this response only",
            body=TokenCreate, response=TokenCreated, status=201, errors=(404, 409))
def add_user_token(user_id: int) -> Any:
    data = json_body(TokenCreate())
    user = _user(user_id)
    if not user.active:
        raise ApiError(409, f"'{user.username}' is deactivated; a token for them would not work.",
                       code="inactive_user")
    return created(issue_token(user, data))


@blueprint.delete("/users/<int:user_id>/tokens/<int:token_id>")
@requires("admin")
@documented("Revoke a user's API token", status=204, errors=(404,))
def delete_user_token(user_id: int, token_id: int) -> Any:
    user = _user(user_id)
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise ApiError(404, f"'{user.username}' has no API token {token_id}.")
    db.session.delete(token)
    audit.record("token.delete", f"token:{token_id}", name=token.name, owner=user.username)
    db.session.commit()
    return no_content()


@blueprint.post("/users/<int:user_id>/password")
@requires("admin")
@documented("Reset a user's password (typed, or generated and returned once): ends all their "
            "sessions and deletes their API tokens unless keep_tokens is true",
            body=PasswordReset, response=PasswordResetOut, errors=(400, 404, 409))
def reset_password(user_id: int) -> Any:
    data = json_body(PasswordReset())
    user = _user(user_id)
    if user.id == current_user().id:
        raise ApiError(409, "Change your own password with your current one (Users page, "
                       "'Change my password').", code="own_password")
    generated = "password" not in data
    password = generate_strong_password() if generated else data["password"]
    change_password(user, password, keep_tokens=data["keep_tokens"])
    audit.record("user.password_reset", f"user:{user.username}", generated=generated)
    db.session.commit()
    return jsonify({"user": user.to_dict(), "password": password if generated else None})
