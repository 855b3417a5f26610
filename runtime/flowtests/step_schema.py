"""The schema of a case's steps: one `expect` of an output kind, or one `input`.

Each expect kind lists only the fields a case may check; every field is optional, and the
ones given are compared (`route: {value: sales}`). Inputs script the caller, and the results
of the few requests a case may decide itself (routes, transfers, callbacks).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from runtime.flowtests.schema_fields import Digits, OnlyTrue, Text, TrueOrMapping

EXPECT_KINDS = ("say", "prompt", "message", "menu", "buttons", "route", "transfer", "record",
                "http", "bot", "end", "error", "callback")
INPUT_KINDS = ("dtmf", "text", "noinput", "nomatch", "hangup", "recording", "route_result",
               "transfer_result", "callback_result", "queue", "agent", "agent_left")
AGENT_ANSWERS, AGENT_HANGS_UP = "answers", "hangs_up"
AGENT_EVENTS = (AGENT_ANSWERS, AGENT_HANGS_UP)
"""`input: {agent: answers}` then `{agent: hangs_up}`: an agent takes the route (or bridged
transfer), then leaves first; `agent_left: true` is the same as `agent: hangs_up`."""
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


QUEUE_WAIT_ENDS = ("answered", "timeout", "closed")
"""`input: {queue: answered}`: the distributor ends an in-queue flow's wait (an agent took the
call, the queue's maximum wait passed, the queue closed); the flow runs no further turn."""


class QueueInput(Schema):
    """A queue status update for an in-queue flow: `system.Queue` changes, nothing runs.
    `estimated_wait_s` is the design documents' name for `ewt_s`."""

    position = fields.Integer(validate=validate.Range(min=0, max=1_000_000))
    ewt_s = fields.Float(validate=validate.Range(min=0, max=86_400))
    estimated_wait_s = fields.Float(validate=validate.Range(min=0, max=86_400),
                                    data_key="estimated_wait_s", load_only=True)

    @validates_schema
    def _one_wait(self, data: dict[str, Any], **kwargs: Any) -> None:
        if "ewt_s" in data and "estimated_wait_s" in data:
            raise ValidationError("Give the estimated wait once: ewt_s or estimated_wait_s.")

    @post_load
    def _named_ewt(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        if "estimated_wait_s" in data:
            data["ewt_s"] = data.pop("estimated_wait_s")
        return data


class QueueStep(fields.Field):
    """`queue: answered|timeout|closed` (the wait ends) or `queue: {position, ewt_s}` (new
    figures)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, str):
            if value not in QUEUE_WAIT_ENDS:
                raise ValidationError(f"A queue wait ends {', '.join(QUEUE_WAIT_ENDS)}; "
                                      f"'{value}' is not one of them.")
            return value
        if isinstance(value, Mapping):
            loaded: dict[str, Any] = QueueInput().load(value)
            return loaded
        raise ValidationError("Write how the wait ends (answered, timeout, closed) or the "
                              "queue's new figures ({position: 2, ewt_s: 60}).")


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
    queue = QueueStep()
    agent = fields.String(validate=validate.OneOf(AGENT_EVENTS))
    agent_left = OnlyTrue()

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
