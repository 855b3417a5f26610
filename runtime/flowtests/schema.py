"""The strict schema of `*.flowtest.yaml` files, in marshmallow.

Unknown keys are errors (a misspelt `expcet` must not turn a check into a no-op). The schemas
only check shapes and load plain dicts; `loading` turns them into the runner's dataclasses and
merges the file's `given` into each case's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

CHANNEL_NAMES = ("voice", "chat")
EXPECT_KINDS = ("say", "prompt", "message", "menu", "buttons", "route", "transfer", "record",
                "http", "bot", "end", "error", "callback")
INPUT_KINDS = ("dtmf", "text", "noinput", "nomatch", "hangup", "recording", "route_result",
               "transfer_result")
ROUTE_RESULTS = ("success", "failed", "timeout")
TRANSFER_RESULTS = ("success", "busy", "noanswer", "failed")
BOT_STATES = ("fulfilled", "in_progress", "failed", "fallback")


class Text(fields.Field):
    """A text (a glob, a key, a reply); YAML numbers are accepted and read as their digits."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if isinstance(value, str):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        raise ValidationError("Give a text here (in quotes if unsure).")


class Digits(Text):
    """Key presses: 0-9, *, # and A-D, as text (`"0123"`) or a number (`12345`)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if not text or any(char not in "0123456789*#ABCD" for char in text):
            raise ValidationError(f"'{text}' is not a sequence of key presses (0-9, *, #).")
        return text


class OnlyTrue(fields.Field):
    """A switch that can only be turned on: `noinput: true`."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if value is not True:
            raise ValidationError("Write `true` here.")
        return True


class TrueOrMapping(fields.Field):
    """`true` (anything of this kind) or a mapping of details checked by `schema`."""

    def __init__(self, schema: type[Schema], **kwargs: Any):
        super().__init__(**kwargs)
        self.schema = schema

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if value is True:
            return {}
        if isinstance(value, Mapping):
            loaded: dict[str, Any] = self.schema().load(value)
            return loaded
        raise ValidationError("Write `true` or a mapping of details.")


class Channels(fields.Field):
    """`voice`, `chat` or a list of them."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> list[str]:
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not names or not all(
                isinstance(name, str) and name in CHANNEL_NAMES for name in names):
            raise ValidationError("A channel is 'voice' or 'chat' (or a list of both).")
        return list(dict.fromkeys(names))


def _exactly_one(data: Mapping[str, Any], kinds: tuple[str, ...], what: str) -> None:
    given = [key for key in kinds if key in data]
    if len(given) != 1:
        listed = ", ".join(given) if given else "nothing"
        raise ValidationError(f"An {what} names exactly one of: {', '.join(kinds)} "
                              f"(this one has {listed}).")


# -- expectations ------------------------------------------------------------------------------

class MenuExpect(Schema):
    options = fields.List(Text(), required=True)


class RouteExpect(Schema):
    type = fields.String(validate=validate.OneOf(("queue", "agent", "sip")))
    value = Text()
    skills = fields.List(fields.String())
    priority = fields.Integer()


class TransferExpect(Schema):
    destination = Text()
    mode = fields.String(validate=validate.OneOf(("blind", "bridge")))


class RecordExpect(Schema):
    prompt = Text()
    beep = fields.Boolean()
    max_seconds = fields.Integer()


class HttpExpect(Schema):
    method = fields.String()
    url = Text()
    body = fields.Raw(allow_none=True)


class BotExpect(Schema):
    bot = fields.String()
    text = Text(allow_none=True)


class EndExpect(Schema):
    reason = Text()


class ErrorExpect(Schema):
    type = Text()
    message = Text()
    block = fields.String()
    handled = fields.Boolean()


class CallbackExpect(Schema):
    mode = fields.String(validate=validate.OneOf(("immediate", "scheduled")))
    number = Text()
    when = Text()
    queue = fields.String()


class ExpectSchema(Schema):
    say = Text()
    prompt = Text()
    message = Text()
    menu = fields.Nested(MenuExpect)
    buttons = fields.List(Text())
    route = fields.Nested(RouteExpect)
    transfer = fields.Nested(TransferExpect)
    record = TrueOrMapping(RecordExpect)
    http = fields.Nested(HttpExpect)
    bot = fields.Nested(BotExpect)
    end = TrueOrMapping(EndExpect)
    error = fields.Nested(ErrorExpect)
    callback = TrueOrMapping(CallbackExpect)

    @validates_schema
    def _one_kind(self, data: dict[str, Any], **kwargs: Any) -> None:
        _exactly_one(data, EXPECT_KINDS, "expect")


# -- inputs ------------------------------------------------------------------------------------

class RecordingInput(Schema):
    id = fields.String()
    duration_ms = fields.Integer(validate=validate.Range(min=0))


class InputSchema(Schema):
    dtmf = Digits()
    text = Text()
    noinput = OnlyTrue()
    nomatch = OnlyTrue()
    hangup = OnlyTrue()
    recording = TrueOrMapping(RecordingInput)
    route_result = fields.String(validate=validate.OneOf(ROUTE_RESULTS))
    transfer_result = fields.String(validate=validate.OneOf(TRANSFER_RESULTS))

    @validates_schema
    def _one_kind(self, data: dict[str, Any], **kwargs: Any) -> None:
        _exactly_one(data, INPUT_KINDS, "input")


class StepSchema(Schema):
    expect = fields.Nested(ExpectSchema)
    input = fields.Nested(InputSchema)

    @validates_schema
    def _one_kind(self, data: dict[str, Any], **kwargs: Any) -> None:
        if ("expect" in data) == ("input" in data):
            raise ValidationError("A step is either `expect: {...}` or `input: {...}`.")


# -- given -------------------------------------------------------------------------------------

class MockMatch(Schema):
    method = fields.String()
    url = Text()
    body = fields.Raw(allow_none=True)
    headers = fields.Dict(keys=fields.String(), values=Text())


class MockResponse(Schema):
    status = fields.Integer(validate=validate.Range(min=100, max=599))
    json = fields.Raw(allow_none=True)
    body = fields.String()
    text = fields.String()
    headers = fields.Dict(keys=fields.String(), values=Text())
    delay_ms = fields.Integer(validate=validate.Range(min=0))
    error = fields.String()

    @validates_schema
    def _one_body(self, data: dict[str, Any], **kwargs: Any) -> None:
        bodies = [key for key in ("json", "body", "text") if key in data]
        if len(bodies) > 1:
            raise ValidationError(f"Give one of json, body or text, not {' and '.join(bodies)}.")


class HttpMock(Schema):
    match = fields.Nested(MockMatch, required=True)
    respond = fields.Nested(MockResponse, required=True)
    times = fields.Integer(validate=validate.Range(min=1))


class BotReply(Schema):
    intent = fields.String(allow_none=True)
    slots = fields.Dict(keys=fields.String(), values=fields.Raw(allow_none=True))
    messages = fields.Raw()
    state = fields.String(validate=validate.OneOf(BOT_STATES))
    confidence = fields.Float(allow_none=True)
    error = fields.String()

    @validates_schema
    def _messages(self, data: dict[str, Any], **kwargs: Any) -> None:
        messages = data.get("messages", [])
        if isinstance(messages, str):
            return
        if not isinstance(messages, list) or not all(isinstance(m, str) for m in messages):
            raise ValidationError("Bot messages are a text or a list of texts.", "messages")


class BusinessSchema(Schema):
    hours = fields.Dict(keys=fields.String(),
                        values=fields.Dict(keys=fields.String(), values=fields.Raw()))
    special_days = fields.Dict(keys=fields.String(), values=fields.List(fields.Raw()))
    emergency = fields.Dict(keys=fields.String(), values=fields.Boolean())
    tables = fields.Dict(keys=fields.String(), values=fields.Raw())


class GivenSchema(Schema):
    now = fields.String()
    seed = fields.String()
    language = fields.String()
    system = fields.Dict(keys=fields.String(), values=fields.Raw(allow_none=True))
    business = fields.Nested(BusinessSchema)
    http = fields.List(fields.Nested(HttpMock))
    bots = fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(BotReply)))


# -- cases and files ---------------------------------------------------------------------------

class AssertSchema(Schema):
    variables = fields.Dict(keys=fields.String(), values=fields.Raw(allow_none=True))
    path = fields.List(fields.String())
    milestones = fields.List(fields.String())
    end_reason = fields.String()


class CaseSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    channel = Channels()
    variables = fields.Dict(keys=fields.String(), values=fields.Raw(allow_none=True))
    given = fields.Nested(GivenSchema)
    steps = fields.List(fields.Nested(StepSchema))
    assertions = fields.Nested(AssertSchema, data_key="assert")
    strict = fields.Boolean()


class FileSchema(Schema):
    flow = fields.String(required=True, validate=validate.Length(min=1))
    channel = Channels()
    given = fields.Nested(GivenSchema)
    cases = fields.List(fields.Nested(CaseSchema), required=True,
                        validate=validate.Length(min=1, error="A test file needs at least one "
                                                              "case."))
