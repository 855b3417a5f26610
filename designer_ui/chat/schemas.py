"""The shapes of the chat API: what visitors and agents send and get back."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from designer_ui.input_guards import MAX_URL_INTEGER

CLIENT_ID = validate.Length(min=1, max=100)


RESERVED_SYSTEM_NAMES = frozenset({
    "ANI", "DNIS", "Channel", "Language", "SessionID", "FlowID", "FlowVersion", "StartTime",
    "TimeZone", "LastError", "BotResult", "UserAgent"})
FIELD_NAME = validate.And(
    validate.Regexp(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$", error="Field names are identifiers."),
    validate.NoneOf(RESERVED_SYSTEM_NAMES, error="'{input}' is a system value the runtime sets."))


class StartChatIn(Schema):
    visitor_id = fields.String(load_default="", validate=validate.Length(max=200))
    fields_ = fields.Dict(data_key="fields", keys=fields.String(validate=FIELD_NAME),
                          values=fields.String(validate=validate.Length(max=1000)),
                          load_default=dict, validate=validate.Length(max=20), metadata={
                              "description": "Custom data for the flow (system.<name>); the "
                                             "entry point's fields win over these."})
    language = fields.String(load_default=None, allow_none=True,
                             validate=validate.Length(max=20))


class MessageIn(Schema):
    text = fields.String(metadata={"description": "What the visitor typed (at most 4000 "
                                                  "characters; longer is a 413)."})
    choice = fields.String(validate=validate.Length(max=200), metadata={
        "description": "The key of the button the visitor pressed."})
    client_message_id = fields.String(load_default=None, allow_none=True, validate=CLIENT_ID,
                                      metadata={"description": "Send the same id again when "
                                                "retrying: the message counts once."})

    @validates_schema
    def _text_or_choice(self, data: dict[str, object], **kwargs: object) -> None:
        if ("text" in data) == ("choice" in data):
            raise ValidationError("Send either 'text' or 'choice'.", "text")


class AgentMessageIn(Schema):
    text = fields.String(required=True)
    client_message_id = fields.String(load_default=None, allow_none=True, validate=CLIENT_ID)


class MessageOut(Schema):
    seq = fields.Integer(required=True)
    id = fields.String(required=True)
    author = fields.String(required=True, metadata={"enum": ["visitor", "flow", "agent",
                                                             "system"]})
    kind = fields.String(required=True, metadata={"enum": ["text", "prompt", "choice", "typing",
                                                           "note"]})
    text = fields.String(required=True)
    ts = fields.Float(required=True)
    data = fields.Dict(metadata={"description": "buttons [{key, label}], input {grammar, "
                                                "secure, max_length}, mode, event, …"})
    client_message_id = fields.String()


class ButtonOut(Schema):
    key = fields.String(required=True)
    label = fields.String(required=True)


class VisitorSessionOut(Schema):
    id = fields.String(required=True)
    status = fields.String(required=True, metadata={"enum": ["active", "queued", "agent",
                                                             "ended"]})
    last_seq = fields.Integer(required=True)
    waiting_for = fields.String(allow_none=True)
    mode = fields.String()
    buttons = fields.List(fields.Nested(ButtonOut))
    secure = fields.Boolean()


class ChatTurnOut(Schema):
    session = fields.Nested(VisitorSessionOut, required=True)
    messages = fields.List(fields.Nested(MessageOut), required=True)
    duplicate = fields.Boolean(metadata={"description": "A retried request: nothing new "
                                                        "happened; these are the first answer."})


class TranscriptQuery(Schema):
    after = fields.Integer(load_default=0, validate=validate.Range(min=0, max=MAX_URL_INTEGER))


class DeskQueueQuery(Schema):
    queue = fields.String(load_default=None, allow_none=True)
    skill = fields.String(load_default=None, allow_none=True)


class DeskSessionOut(Schema):
    id = fields.String(required=True)
    status = fields.String(required=True)
    last_seq = fields.Integer()
    queue = fields.String(allow_none=True)
    target_type = fields.String(allow_none=True)
    skills = fields.List(fields.String())
    priority = fields.Integer()
    waiting_since = fields.Float(allow_none=True)
    timeout_ms = fields.Integer(allow_none=True)
    data = fields.Dict(metadata={"description": "The data the flow attached (set_data)."})
    fields_ = fields.Dict(data_key="fields")
    visitor_id = fields.String()
    agent = fields.String(allow_none=True)
    agent_name = fields.String(allow_none=True)
    accepted_at = fields.Float(allow_none=True)
    flow = fields.Dict()
    created_at = fields.Float()
    updated_at = fields.Float()


class DeskDetailOut(Schema):
    session = fields.Nested(DeskSessionOut, required=True)
    messages = fields.List(fields.Nested(MessageOut), required=True)
