"""The simulator and flow tests."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from designer_ui.models.environments import ENVIRONMENTS
from interpreter.host import Announcement


class HttpMock(Schema):
    match = fields.Dict(required=True, metadata={"description": "{method, url (glob)}"})
    respond = fields.Dict(required=True, metadata={"description": "{status, json | body, headers}"})


class Mocks(Schema):
    http = fields.List(fields.Nested(HttpMock), load_default=list)
    bots = fields.Dict(keys=fields.String(), values=fields.List(fields.Dict()), load_default=dict)
    route = fields.String(load_default=None, allow_none=True,
                          validate=validate.OneOf(["success", "failed", "agent_hangup"]))
    transfer = fields.String(load_default=None, allow_none=True,
                             validate=validate.OneOf(["success", "busy", "noanswer", "failed",
                                                      "agent_hangup"]))
    callback = fields.String(load_default=None, allow_none=True,
                             validate=validate.OneOf(["success", "failed"]), metadata={
                                 "description": "Force the callback service's answer; without "
                                                "it the service checks the request (number, "
                                                "queue, slot, limits) and stores nothing."})


class BusinessMocks(Schema):
    hours = fields.Dict(keys=fields.String(), values=fields.Dict(), load_default=dict)
    special_days = fields.Dict(keys=fields.String(), values=fields.List(fields.Raw()),
                               load_default=dict)
    emergency = fields.Dict(keys=fields.String(), values=fields.Boolean(), load_default=dict)
    tables = fields.Dict(keys=fields.String(), values=fields.Raw(), load_default=dict)
    announcements = fields.Dict(keys=fields.String(validate=validate.Length(min=1, max=64)),
                                values=fields.Raw(), load_default=dict, metadata={
        "description": "name: a text, or {texts: {LANGUAGE: TEXT}, recordings: {LANGUAGE: "
                       "AUDIO}}"})

    @validates_schema
    def _announcements(self, data: dict[str, Any], **kwargs: object) -> None:
        for name, spec in data.get("announcements", {}).items():
            try:
                Announcement.variants(spec)
            except ValueError as exc:
                raise ValidationError(f"{name}: {exc}.", "announcements") from None


class StartIn(Schema):
    flow_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    version = fields.Raw(load_default="draft", metadata={"description": "a number, or 'draft'"})
    channel = fields.String(load_default=None, allow_none=True,
                            validate=validate.OneOf(["voice", "chat"]))
    system = fields.Dict(keys=fields.String(), values=fields.Raw(), load_default=dict)
    variables = fields.Dict(keys=fields.String(), values=fields.Raw(), load_default=dict)
    mocks = fields.Nested(Mocks, load_default=lambda: Mocks().load({}))
    business = fields.Nested(BusinessMocks, load_default=None, allow_none=True)
    now = fields.AwareDateTime(load_default=None, allow_none=True, metadata={
        "description": "Fix the clock (ISO 8601 with offset)."})
    language = fields.String(load_default=None, allow_none=True)
    environment = fields.String(load_default="live", validate=validate.OneOf(ENVIRONMENTS),
                                metadata={"description": "Whose Business Controls the run reads "
                                                         "(dev, test or live; default live)."})

    @validates_schema
    def _version(self, data: dict[str, object], **kwargs: object) -> None:
        version = data.get("version")
        if version == "draft" or (isinstance(version, int) and not isinstance(version, bool)
                                  and version > 0):
            return
        raise ValidationError("A version number or 'draft'.", "version")


class EventIn(Schema):
    input = fields.Dict(keys=fields.String(), values=fields.Raw(), metadata={
        "description": "{dtmf} | {text} | {noinput: true} | {nomatch: true} | {hangup: true}"})
    world = fields.Dict(keys=fields.String(), values=fields.Raw(), metadata={
        "description": "{http: {status, json}} | {bot: {...}} | {route_result} | "
                       "{transfer_result} | {callback_result} | {recording} | {event: {kind,...}} | "
                       "{queue: {position, ewt_s}} (system.Queue changes, nothing runs) | "
                       "{agent: answers | hangs_up} (an agent takes the waiting route or "
                       "transfer, then leaves first: after_agent)"})

    @validates_schema
    def _exactly_one(self, data: dict[str, object], **kwargs: object) -> None:
        if ("input" in data) == ("world" in data):
            raise ValidationError("Give either 'input' or 'world'.")


class StateSummary(Schema):
    block = fields.String(allow_none=True)
    phase = fields.String(required=True)
    variables = fields.Dict(required=True)
    ended = fields.Boolean(required=True)
    end_reason = fields.String(allow_none=True)
    waiting_for = fields.String(allow_none=True)
    language = fields.String()
    kind = fields.String(metadata={"description": "the flow's kind (main, module, in_queue, "
                                                  "outbound)"})
    agent_answered = fields.Boolean(metadata={"description": "an agent answered the route or "
                                                            "transfer the flow waits at"})
    queue = fields.Dict(allow_none=True, metadata={"description": "system.Queue: {name, "
                                                                  "position, ewt_s}"})


class SimulationOut(Schema):
    session_id = fields.String(required=True)
    output = fields.List(fields.Dict(), required=True)
    state_summary = fields.Nested(StateSummary, required=True)
    trace = fields.List(fields.String(), required=True)


class TestcaseIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))


class TestcaseOut(Schema):
    yaml = fields.String(required=True)
    case = fields.Dict(required=True)


class FlowTestsIn(Schema):
    yaml = fields.String(required=True, validate=validate.Length(max=1_000_000))


class FlowTestsOut(Schema):
    flow_id = fields.String(required=True)
    yaml = fields.String(required=True)
    updated_at = fields.String(allow_none=True)
    updated_by = fields.String(allow_none=True)
    last_results = fields.Dict(allow_none=True)


class CaseResult(Schema):
    name = fields.String(required=True)
    channel = fields.String()
    passed = fields.Boolean(required=True)
    message = fields.String(allow_none=True)


class TestRunOut(Schema):
    passed = fields.Integer(required=True)
    failed = fields.Integer(required=True)
    cases = fields.List(fields.Nested(CaseResult), required=True)
