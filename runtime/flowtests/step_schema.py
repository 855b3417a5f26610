"""The schema of a case's steps: one `expect` of an output kind, or one `input`.

Each expect kind lists only the fields a case may check; every field is optional, and the
ones given are compared (`route: {value: sales}`). Inputs script the caller, and the results
of the few requests a case may decide itself (routes, transfers, callbacks).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from runtime.flowtests.schema_fields import Digits, OnlyTrue, Text, TrueOrMapping

EXPECT_KINDS = ("say", "prompt", "message", "menu", "buttons", "route", "transfer", "record",
                "http", "bot", "end", "error", "callback")
INPUT_KINDS = ("dtmf", "text", "noinput", "nomatch", "hangup", "recording", "route_result",
               "transfer_result", "callback_result", "queue")
ROUTE_RESULTS = ("success", "failed", "timeout", "agent_hangup", "closed", "voicemail",
                 "callback", "leave")
TRANSFER_RESULTS = ("success", "busy", "noanswer", "failed", "agent_hangup")
CALLBACK_RESULTS = ("success", "failed")


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
    data = fields.Dict(keys=fields.String(), values=fields.Raw(allow_none=True))


class TransferExpect(Schema):
    destination = Text()
    mode = fields.String(validate=validate.OneOf(("blind", "bridge")))
    data = fields.Dict(keys=fields.String(), values=fields.Raw(allow_none=True))


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


class QueueInput(Schema):
    """A queue status update for an in-queue flow: `system.Queue` changes, nothing runs."""

    position = fields.Integer(validate=validate.Range(min=0, max=1_000_000))
    ewt_s = fields.Float(validate=validate.Range(min=0, max=86_400))


class InputSchema(Schema):
    dtmf = Digits()
    text = Text()
    noinput = OnlyTrue()
    nomatch = OnlyTrue()
    hangup = OnlyTrue()
    recording = TrueOrMapping(RecordingInput)
    route_result = fields.String(validate=validate.OneOf(ROUTE_RESULTS))
    transfer_result = fields.String(validate=validate.OneOf(TRANSFER_RESULTS))
    callback_result = fields.String(validate=validate.OneOf(CALLBACK_RESULTS))
    queue = fields.Nested(QueueInput)

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
