"""Shapes shared by every area: errors, validation problems, edit locks."""

from __future__ import annotations

from marshmallow import Schema, fields

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
NAME_PATTERN = r"^[A-Za-z0-9_][A-Za-z0-9_ .-]{0,63}$"


class ErrorBody(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    details = fields.Dict()


class ErrorResponse(Schema):
    error = fields.Nested(ErrorBody, required=True)


class ProblemOut(Schema):
    severity = fields.String(required=True, metadata={"enum": ["error", "warning"]})
    code = fields.String(required=True)
    message = fields.String(required=True)
    block_id = fields.String()
    path = fields.String()
    line = fields.Integer()
    column = fields.Integer()


class LockOut(Schema):
    holder = fields.String(required=True)
    expires_at = fields.String(required=True)


class ProblemsOut(Schema):
    problems = fields.List(fields.Nested(ProblemOut), required=True)
