"""Log-in, users and API tokens."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from designer_ui.models.users import ROLES

MAX_TOKEN_DAYS = 3650
ROLE = fields.String(validate=validate.OneOf(ROLES))
USERNAME = validate.Regexp(r"^[A-Za-z0-9_.@-]{1,64}$",
                           error="Usernames are 1-64 letters, digits and _ . @ -.")


class LoginRequest(Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=64))
    password = fields.String(required=True, validate=validate.Length(min=1, max=1024))


class UserOut(Schema):
    id = fields.Integer(required=True)
    username = fields.String(required=True)
    display_name = fields.String(required=True)
    roles = fields.List(ROLE, required=True)
    can_promote_live = fields.Boolean(required=True)
    active = fields.Boolean()


class SessionOut(Schema):
    user = fields.Nested(UserOut, required=True)
    csrf_token = fields.String(allow_none=True, required=True)


class SessionStateOut(Schema):
    user = fields.Nested(UserOut, required=True, allow_none=True)
    csrf_token = fields.String(allow_none=True, required=True)


class UserCreate(Schema):
    username = fields.String(required=True, validate=USERNAME)
    password = fields.String(required=True, validate=validate.Length(min=8, max=1024))
    display_name = fields.String(load_default="", validate=validate.Length(max=128))
    roles = fields.List(ROLE, required=True, validate=validate.Length(min=1))
    can_promote_live = fields.Boolean(load_default=False)


class UserUpdate(Schema):
    password = fields.String(validate=validate.Length(min=8, max=1024))
    display_name = fields.String(validate=validate.Length(max=128))
    roles = fields.List(ROLE, validate=validate.Length(min=1))
    can_promote_live = fields.Boolean()
    active = fields.Boolean()
    keep_tokens = fields.Boolean(metadata={
        "description": "With a new password: keep the user's API tokens (default: delete them)."})


class PasswordChange(Schema):
    current_password = fields.String(required=True, validate=validate.Length(min=1, max=1024))
    new_password = fields.String(required=True, validate=validate.Length(min=8, max=1024))
    keep_tokens = fields.Boolean(load_default=False, metadata={
        "description": "Keep my API tokens (default: they are deleted with the old password)."})


class TokenCreate(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    expires_in_days = fields.Integer(strict=True, validate=validate.Range(min=1, max=MAX_TOKEN_DAYS),
                                     metadata={"description": "Default: API_TOKEN_DEFAULT_DAYS "
                                               "(90)."})
    expires_at = fields.AwareDateTime(default_timezone=UTC, metadata={
        "description": "An exact expiry instead of expires_in_days (ISO 8601)."})

    @validates_schema
    def one_expiry(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if "expires_in_days" in data and "expires_at" in data:
            raise ValidationError("Give expires_in_days or expires_at, not both.", "expires_at")


class TokenOut(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    prefix = fields.String(required=True)
    created_at = fields.String(required=True)
    last_used_at = fields.String(allow_none=True)
    expires_at = fields.String(allow_none=True)


class TokenCreated(TokenOut):
    token = fields.String(required=True, metadata={"description": "The secret; shown only once."})


class PasswordReset(Schema):
    password = fields.String(validate=validate.Length(min=8, max=1024), metadata={
        "description": "The new password; leave it out to have a strong one generated."})
    keep_tokens = fields.Boolean(load_default=False, metadata={
        "description": "Keep the user's API tokens (default: they are deleted)."})


class PasswordResetOut(Schema):
    user = fields.Nested(UserOut, required=True)
    password = fields.String(allow_none=True, required=True, metadata={
        "description": "The generated password, shown only in this response (null when the "
                       "admin typed one)."})
