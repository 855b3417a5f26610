"""The Bot Registry's request and response shapes (the OpenAPI document is built from these).

Credentials are `load_only`: they can be written, never read back. Responses say only whether
credentials are set and which fields they have.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from designer_ui.api.schemas.common import NAME_PATTERN
from runtime.bots.definition import IDENTIFIER, PROVIDERS, REGION

LANGUAGE = validate.Regexp(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8}){0,3}$")
SLOT_NAME = validate.Regexp(r"^[A-Za-z_][A-Za-z0-9_.-]{0,99}$",
                            error="Slot names are letters, digits, _ . and -.")


class SlotField(fields.Field):
    """A declared slot: its name alone, or `{name, type?}`."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, str):
            value = {"name": value}
        if not isinstance(value, dict) or set(value) - {"name", "type"}:
            raise ValidationError("A slot is a name or {name, type}.")
        name, kind = value.get("name"), value.get("type")
        if not isinstance(name, str):
            raise ValidationError("A slot needs a name.")
        SLOT_NAME(name)
        if kind is not None and (not isinstance(kind, str) or len(kind) > 100):
            raise ValidationError("A slot type is a short text.")
        return {"name": name, "type": kind or None}


class DeclaredIntent(Schema):
    name = fields.String(required=True, validate=validate.Regexp(
        r"^[A-Za-z_][A-Za-z0-9_.-]{0,99}$",
        error="Intent names are letters, digits, _ . and -, not starting with a digit."))
    description = fields.String(load_default="", validate=validate.Length(max=500))
    slots = fields.List(SlotField(), load_default=list, validate=validate.Length(max=100))


class BotFields(Schema):
    """Everything a bot has but its name."""

    provider = fields.String(required=True, validate=validate.OneOf(PROVIDERS))
    description = fields.String(load_default="", validate=validate.Length(max=2000))
    bot_id = fields.String(load_default=None, allow_none=True, validate=IDENTIFIER)
    alias_id = fields.String(load_default=None, allow_none=True, validate=IDENTIFIER)
    locale = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=20))
    project = fields.String(load_default=None, allow_none=True, validate=IDENTIFIER)
    agent = fields.String(load_default=None, allow_none=True, validate=IDENTIFIER)
    environment = fields.String(load_default=None, allow_none=True, validate=IDENTIFIER)
    region = fields.String(load_default=None, allow_none=True, validate=REGION)
    language = fields.String(load_default="en-US", validate=LANGUAGE)
    endpoint = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500),
                             metadata={"description": "Replaces the provider's address: an "
                                                      "http(s) URL or host:port on a public "
                                                      "address, or one OUTBOUND_ALLOWLIST "
                                                      "allows (a test server, a private "
                                                      "endpoint)."})
    timeout_ms = fields.Integer(load_default=8000, validate=validate.Range(min=100, max=120000))
    max_retries = fields.Integer(load_default=2, validate=validate.Range(min=0, max=10))
    opening = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))
    intents = fields.List(fields.Nested(DeclaredIntent), load_default=list,
                          validate=validate.Length(max=500), metadata={
                              "description": "Lex and Dialogflow: the intents the bot has (their "
                                             "APIs cannot list them). Native bots: leave empty."})
    native = fields.Dict(load_default=None, allow_none=True, metadata={
        "description": "A native bot's definition (format in docs/bots.md)."})
    credentials = fields.Dict(load_only=True, allow_none=True, metadata={
        "description": "Write-only. Lex: {aws_access_key_id, aws_secret_access_key, "
                       "aws_session_token?} or {profile_name}; Dialogflow: "
                       "{service_account_info}. Omit to keep the stored ones, null to remove."})


class BotIn(BotFields):
    name = fields.String(required=True, validate=validate.Regexp(
        NAME_PATTERN, error="Bot names are 1-64 letters, digits, spaces and _ . -."))


class PinOut(Schema):
    flow_id = fields.String(required=True)
    version = fields.Integer(required=True)
    native_revision = fields.Integer(required=True)


class BotOut(BotFields):
    name = fields.String(required=True)
    credentials_set = fields.Boolean(required=True)
    credentials_dropped = fields.Boolean(metadata={
        "description": "PUT only: true when the endpoint moved to another scheme, host or port "
                       "and the stored credentials were removed (none were sent with it)."})
    credential_fields = fields.List(fields.String(), required=True)
    native_revision = fields.Integer(allow_none=True)
    native_hash = fields.String(allow_none=True)
    pinned_by = fields.List(fields.Nested(PinOut))
    revision = fields.Integer(required=True)
    created_at = fields.String()
    updated_at = fields.String()
    updated_by = fields.String(allow_none=True)


class TestIn(Schema):
    text = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=4000),
                         metadata={"description": "What the caller says; omit for the bot's "
                                                  "opening turn."})
    language = fields.String(load_default=None, allow_none=True, validate=LANGUAGE)


class TestOut(Schema):
    ok = fields.Boolean(required=True)
    state = fields.String(required=True)
    intent = fields.String(allow_none=True)
    slots = fields.Dict()
    confidence = fields.Float(allow_none=True)
    messages = fields.List(fields.String())
    error = fields.String(allow_none=True)
    elapsed_ms = fields.Integer()


class SlotOut(Schema):
    name = fields.String(required=True)
    type = fields.String(allow_none=True)
    required = fields.Boolean(allow_none=True)


class IntentOut(Schema):
    name = fields.String(required=True)
    description = fields.String()
    slots = fields.List(fields.Nested(SlotOut))


class IntentsOut(Schema):
    bot = fields.String(required=True)
    provider = fields.String(required=True)
    source = fields.String(required=True, metadata={"enum": ["definition", "declared"]})
    intents = fields.List(fields.Nested(IntentOut), required=True)
