"""Business Controls and prompts."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from designer_ui.models.environments import ENVIRONMENTS

LANGUAGE = fields.String(validate=validate.Regexp(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$"))


class HoursIn(Schema):
    schedule = fields.Dict(keys=fields.String(), values=fields.Raw(), required=True, metadata={
        "description": "{\"mon-fri\": \"08:00-18:00\", \"timezone\": \"America/New_York\"}"})


class HoursOut(HoursIn):
    environment = fields.String()
    name = fields.String(required=True)
    updated_at = fields.String(allow_none=True)
    updated_by = fields.String(allow_none=True)


class SpecialDaysIn(Schema):
    days = fields.List(fields.Raw(), required=True, metadata={
        "description": "Dates ('2026-12-25') or {date, name, hours} objects."})


class SpecialDaysOut(SpecialDaysIn):
    environment = fields.String()
    name = fields.String(required=True)
    updated_at = fields.String(allow_none=True)
    updated_by = fields.String(allow_none=True)


class EmergencyIn(Schema):
    on = fields.Boolean(required=True)


class EmergencyOut(EmergencyIn):
    environment = fields.String()
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
    environment = fields.String()
    name = fields.String(required=True)
    key = fields.String(required=True)
    columns = fields.List(fields.String(), required=True)
    rows = fields.List(fields.Dict(), required=True)
    updated_at = fields.String(allow_none=True)
    updated_by = fields.String(allow_none=True)


MAX_ANNOUNCEMENT_LANGUAGES = 50
MAX_ANNOUNCEMENT_TEXT = 10_000


class AnnouncementIn(Schema):
    texts = fields.Dict(keys=LANGUAGE, values=fields.String(
        validate=validate.Length(min=1, max=MAX_ANNOUNCEMENT_TEXT)), load_default=dict,
        validate=validate.Length(max=MAX_ANNOUNCEMENT_LANGUAGES),
        metadata={"description": "Text to speak or send, per language ({\"en-US\": \"...\"})."})
    recordings = fields.Dict(keys=LANGUAGE, values=fields.String(
        validate=validate.Length(min=1, max=64)), load_default=dict,
        validate=validate.Length(max=MAX_ANNOUNCEMENT_LANGUAGES),
        metadata={"description": "Per language, the shared prompt whose uploaded recording "
                                 "voice calls play."})
    starts_at = fields.AwareDateTime(load_default=None, allow_none=True)
    ends_at = fields.AwareDateTime(load_default=None, allow_none=True)

    @validates_schema
    def _content(self, data: dict[str, Any], **kwargs: object) -> None:
        if not data.get("texts") and not data.get("recordings"):
            raise ValidationError("Give a text or a recording in at least one language.", "texts")
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            raise ValidationError("The end must come after the start.", "ends_at")


class AnnouncementOut(Schema):
    environment = fields.String()
    name = fields.String(required=True)
    texts = fields.Dict(keys=fields.String(), values=fields.String())
    recordings = fields.Dict(keys=fields.String(), values=fields.String())
    starts_at = fields.String(allow_none=True)
    ends_at = fields.String(allow_none=True)
    version = fields.Integer()
    updated_at = fields.String(allow_none=True)
    updated_by = fields.String(allow_none=True)


class PromotionIn(Schema):
    source = fields.String(required=True, data_key="from", validate=validate.OneOf(ENVIRONMENTS))
    target = fields.String(required=True, data_key="to", validate=validate.OneOf(ENVIRONMENTS))

    @validates_schema
    def _different(self, data: dict[str, Any], **kwargs: object) -> None:
        if data["source"] == data["target"]:
            raise ValidationError("Copy to another environment than the one copied from.", "to")


class PromotionOut(Schema):
    source = fields.String(data_key="from")
    target = fields.String(data_key="to")
    summary = fields.String(metadata={"description": "'test -> live: 2 rows changed in "
                                                     "`holidays`, emergency `storm` on'"})
    changes = fields.List(fields.Dict(), metadata={
        "description": "{kind, name, change: added|removed|changed, detail}"})
    applied = fields.Boolean()


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
