"""The strict schema of `*.flowtest.yaml` files, in marshmallow: files, cases and `given`.

Unknown keys are errors (a misspelt `expcet` must not turn a check into a no-op). The schemas
only check shapes and load plain dicts; `loading` turns them into the runner's dataclasses and
merges the file's `given` into each case's. Steps are in `step_schema`.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from runtime.flowtests.schema_fields import Channels, Text
from runtime.flowtests.step_schema import StepSchema

BOT_STATES = ("fulfilled", "in_progress", "failed", "fallback")


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
    announcements = fields.Dict(keys=fields.String(), values=fields.Raw())
    grammars = fields.Dict(keys=fields.String(),
                           values=fields.Dict(keys=fields.String(), values=fields.String()))


class GivenQueue(Schema):
    """`given.queue`: what an in-queue flow reads in `system.Queue` when it starts."""

    name = fields.String(validate=validate.Length(min=1, max=200))
    position = fields.Integer(validate=validate.Range(min=0, max=1_000_000))
    estimated_wait_s = fields.Float(validate=validate.Range(min=0, max=86_400))
    ewt_s = fields.Float(validate=validate.Range(min=0, max=86_400))

    @validates_schema
    def _one_wait(self, data: dict[str, Any], **kwargs: Any) -> None:
        if "ewt_s" in data and "estimated_wait_s" in data:
            raise ValidationError("Give the estimated wait once: ewt_s or estimated_wait_s.")


class GivenSchema(Schema):
    now = fields.String()
    seed = fields.String()
    language = fields.String()
    system = fields.Dict(keys=fields.String(), values=fields.Raw(allow_none=True))
    business = fields.Nested(BusinessSchema)
    http = fields.List(fields.Nested(HttpMock))
    bots = fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(BotReply)))
    queue = fields.Nested(GivenQueue)


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
