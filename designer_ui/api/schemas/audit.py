"""What the audit log can be asked: by user, object, action and period, as JSON pages or CSV."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

MAX_PAGE = 1000


class AuditQuery(Schema):
    flow = fields.String(load_default=None, validate=validate.Length(min=1, max=64), metadata={
        "description": "Only changes to this flow (the same as object=flow:<id>)."})
    user = fields.String(load_default=None, validate=validate.Length(min=1, max=64), metadata={
        "description": "Only what this user did (exact user name)."})
    object = fields.String(load_default=None, validate=validate.Length(min=1, max=200), metadata={
        "description": "Only this object (`user:bea`), or every object of a kind when the value "
                       "ends with ':' (`entry_point:`)."})
    action = fields.String(load_default=None, validate=validate.Length(min=1, max=64), metadata={
        "description": "Only this action (`user.update`), or a family when the value ends with "
                       "'.' (`user.`)."})
    from_ = fields.AwareDateTime(data_key="from", load_default=None, default_timezone=UTC,
                                 metadata={"description": "At or after (ISO 8601; UTC when no "
                                                          "zone is given)."})
    to = fields.AwareDateTime(load_default=None, default_timezone=UTC,
                              metadata={"description": "Before (exclusive)."})
    limit = fields.Integer(load_default=200, validate=validate.Range(min=1, max=MAX_PAGE),
                           metadata={"description": "JSON only; CSV exports every match up to "
                                                    "AUDIT_CSV_MAX_ROWS."})
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=10_000_000))
    format = fields.String(load_default="json", validate=validate.OneOf(("json", "csv")))

    @validates_schema
    def _period(self, data: dict[str, Any], **_kwargs: Any) -> None:
        start, end = data.get("from_"), data.get("to")
        if start is not None and end is not None and start >= end:
            raise ValidationError("'from' must be before 'to'.", "from")
