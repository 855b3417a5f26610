"""Business Controls and prompts."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

LANGUAGE = fields.String(validate=validate.Regexp(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$"))


class HoursIn(Schema):
    schedule = fields.Dict(keys=fields.String(), values=fields.Raw(), required=True, metadata={
        "description": "{\"mon-fri\": \"08:00-18:00\", \"timezone\": \"America/New_York\"}"})


class HoursOut(HoursIn):
    name = fields.String(required=True)
    updated_at = fields.String(allow_none=True)
    updated_by = fields.String(allow_none=True)


class SpecialDaysIn(Schema):
    days = fields.List(fields.Raw(), required=True, metadata={
        "description": "Dates ('2026-12-25') or {date, name, hours} objects."})


class SpecialDaysOut(SpecialDaysIn):
    name = fields.String(required=True)
    updated_at = fields.String(allow_none=True)
    updated_by = fields.String(allow_none=True)


class EmergencyIn(Schema):
    on = fields.Boolean(required=True)


class EmergencyOut(EmergencyIn):
    name = fields.String(required=True)
    updated_at = fields.String(allow_none=True)
    updated_by = fields.String(allow_none=True)


class TableIn(Schema):
    key = fields.String(load_default=None, validate=validate.Length(min=1, max=64), metadata={
        "description": "The primary-key column; default: the first column of the first row."})
    rows = fields.List(fields.Dict(keys=fields.String(validate=validate.Length(min=1, max=64)),
                                   values=fields.Raw()), required=True,
                       validate=validate.Length(max=100_000))


class TableOut(Schema):
    name = fields.String(required=True)
    key = fields.String(required=True)
    columns = fields.List(fields.String(), required=True)
    rows = fields.List(fields.Dict(), required=True)
    updated_at = fields.String(allow_none=True)
    updated_by = fields.String(allow_none=True)


class PromptIn(Schema):
    texts = fields.Dict(keys=LANGUAGE, values=fields.String(validate=validate.Length(max=10_000)),
                        required=True, metadata={"description": "Text to speak, per language."})


class AudioOut(Schema):
    content_type = fields.String(required=True)
    size = fields.Integer(required=True)
    uploaded_at = fields.String(required=True)
    uploaded_by = fields.String(allow_none=True)
    url = fields.String(required=True)


class PromptOut(PromptIn):
    name = fields.String(required=True)
    audio = fields.Dict(keys=fields.String(), values=fields.Nested(AudioOut), required=True)
    updated_at = fields.String(allow_none=True)
    updated_by = fields.String(allow_none=True)
