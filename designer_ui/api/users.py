"""User management (admins) and each user's own API tokens."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from flask import Blueprint, current_app, jsonify
from marshmallow import ValidationError

from designer_ui.api.docs import documented
from designer_ui.api.http import created, json_body, no_content
from designer_ui.api.schemas.auth import (
    MAX_TOKEN_DAYS,
    USERNAME,
    TokenCreate,
    TokenCreated,
    TokenOut,
    UserCreate,
    UserOut,
    UserUpdate,
)
from designer_ui.errors import ApiError
from designer_ui.extensions import db
from designer_ui.models import ApiToken, User
from designer_ui.models.base import utcnow
from designer_ui.models.users import hash_token
from designer_ui.security import current_user, requires
from designer_ui.security.accounts import change_password, deactivate
from designer_ui.security.passwords import set_strong_password
from designer_ui.services import audit

blueprint = Blueprint("users", __name__)
TOKEN_PREFIX = "dsg_"
RESERVED_USERNAMES = frozenset({"builtin"})
"""Names no account may take: `builtin` is who the MicroApps shipped with the Designer are
published by in its store."""


def create_user(username: str, password: str, roles: list[str], *, display_name: str = "",
                can_promote_live: bool = False) -> User:
    try:
        USERNAME(username)
    except ValidationError as exc:  # the command line reaches here without the API's schema
        raise ApiError(400, f"The name '{username}' is not allowed: {exc.messages[0]}",
                       code="invalid_name") from None
    if username.casefold() in RESERVED_USERNAMES:
        raise ApiError(409, f"The name '{username}' is reserved; choose another.",
                       code="reserved_name")
    if db.session.execute(db.select(User.id).where(User.username == username)).first():
        raise ApiError(409, f"There is already a user '{username}'.", code="exists")
    user = User(username=username, display_name=display_name, roles=sorted(set(roles)),
                can_promote_live=can_promote_live, active=True)
    set_strong_password(user, password)
    db.session.add(user)
    db.session.flush()
    audit.record("user.create", f"user:{username}", roles=user.roles,
                 can_promote_live=can_promote_live)
    return user


@blueprint.get("/users")
@requires("admin")
@documented("List users", response=UserOut, many=True)
def list_users() -> Any:
    users = db.session.execute(db.select(User).order_by(User.username)).scalars()
    return jsonify([user.to_dict() for user in users])


@blueprint.post("/users")
@requires("admin")
@documented("Create a user", body=UserCreate, response=UserOut, status=201, errors=(409,))
def add_user() -> Any:
    data = json_body(UserCreate())
    user = create_user(data["username"], data["password"], data["roles"],
                       display_name=data["display_name"], can_promote_live=data["can_promote_live"])
    db.session.commit()
    return created(user.to_dict(), f"/api/v1/users/{user.id}")


@blueprint.patch("/users/<int:user_id>")
@requires("admin")
@documented("Change a user's roles, name, password or status", body=UserUpdate, response=UserOut,
            errors=(404,))
def update_user(user_id: int) -> Any:
    data = json_body(UserUpdate())
    user = db.session.get(User, user_id)
    if user is None:
        raise ApiError(404, f"There is no user {user_id}.")
    me = current_user()
    if user.id == me.id and (data.get("active") is False or
                             ("roles" in data and "admin" not in data["roles"])):
        raise ApiError(409, "You cannot deactivate yourself or take away your own admin role.")
    password = data.pop("password", None)
    keep_tokens = data.pop("keep_tokens", False)
    if "roles" in data:
        data["roles"] = sorted(set(data["roles"]))
    for key, value in data.items():
        setattr(user, key, value)
    if password is not None:
        change_password(user, password, keep_tokens=keep_tokens)
    if data.get("active") is False:
        deactivate(user)
    audit.record("user.update", f"user:{user.username}", changed=sorted(data) +
                 (["password"] if password is not None else []))
    db.session.commit()
    return jsonify(user.to_dict())


def token_expiry(data: dict[str, Any]) -> datetime:
    """When a new token stops working: as asked, else after API_TOKEN_DEFAULT_DAYS; never
    later than MAX_TOKEN_DAYS from now."""
    now = utcnow()
    latest = now + timedelta(days=MAX_TOKEN_DAYS)
    if "expires_at" in data:
        expires: datetime = data["expires_at"]
        if not now < expires <= latest:
            raise ApiError(400, f"expires_at must lie in the future and at most {MAX_TOKEN_DAYS} "
                           "days ahead.", code="invalid_body",
                           details={"fields": {"expires_at": ["Out of range."]}})
        return expires
    days = data.get("expires_in_days") or int(current_app.config["API_TOKEN_DEFAULT_DAYS"])
    return min(now + timedelta(days=days), latest)


@blueprint.get("/tokens")
@requires()
@documented("My API tokens (never their secrets)", response=TokenOut, many=True)
def list_tokens() -> Any:
    tokens = db.session.execute(db.select(ApiToken).where(ApiToken.user_id == current_user().id)
                                .order_by(ApiToken.id)).scalars()
    return jsonify([token.to_dict() for token in tokens])


@blueprint.post("/tokens")
@requires()
@documented("Create an API token; the secret is in this response only", body=TokenCreate,
            response=TokenCreated, status=201)
def add_token() -> Any:
    return created(issue_token(current_user(), json_body(TokenCreate())))


def issue_token(user: User, data: dict[str, Any]) -> dict[str, Any]:
    """Create an API token for `user` and commit; the only place its secret is ever returned."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires = token_expiry(data)
    token = ApiToken(user_id=user.id, name=data["name"], token_hash=hash_token(secret),
                     prefix=secret[:10], expires_at=expires)
    db.session.add(token)
    db.session.flush()
    audit.record("token.create", f"token:{token.id}", name=token.name, owner=user.username)
    db.session.commit()
    return {**token.to_dict(), "token": secret}


@blueprint.delete("/tokens/<int:token_id>")
@requires()
@documented("Revoke one of my API tokens", status=204, errors=(404,))
def delete_token(token_id: int) -> Any:
    user = current_user()
    token = db.session.get(ApiToken, token_id)
    if token is None or (token.user_id != user.id and not user.has_role("admin")):
        raise ApiError(404, f"You have no API token {token_id}.")
    db.session.delete(token)
    audit.record("token.delete", f"token:{token_id}", name=token.name, owner=token.user.username)
    db.session.commit()
    return no_content()
