"""Log-in, users and API tokens."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from designer_ui.models.users import ROLES

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


class TokenCreate(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    expires_in_days = fields.Integer(load_default=None, allow_none=True,
                                     validate=validate.Range(min=1, max=3650))


class TokenOut(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    prefix = fields.String(required=True)
    created_at = fields.String(required=True)
    last_used_at = fields.String(allow_none=True)
    expires_at = fields.String(allow_none=True)


class TokenCreated(TokenOut):
    token = fields.String(required=True, metadata={"description": "The secret; shown only once."})
