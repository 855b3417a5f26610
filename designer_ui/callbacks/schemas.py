"""Request and response shapes of the callbacks API (also its OpenAPI description)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from designer_ui.models.callbacks import CALLBACK_STATES, KINDS
from designer_ui.models.environments import ENVIRONMENTS

ENVIRONMENT = fields.String(load_default="live", validate=validate.OneOf(ENVIRONMENTS))


class AvailabilityQuery(Schema):
    queue = fields.String(required=True, validate=validate.Length(min=1, max=64))
    from_ = fields.AwareDateTime(required=True, data_key="from")
    to = fields.AwareDateTime(required=True)
    environment = ENVIRONMENT


class CallbackSlotOut(Schema):
    start = fields.String(required=True)
    end = fields.String(required=True)
    capacity = fields.Integer(required=True)
    booked = fields.Integer(required=True)
    free = fields.Integer(required=True)


class CallbackCreate(Schema):
    number = fields.String(required=True, validate=validate.Length(min=1, max=64), metadata={
        "description": "The customer's number in E.164 form, like +14155550123."})
    queue = fields.String(required=True, validate=validate.Length(min=1, max=64))
    desired_time = fields.AwareDateTime(load_default=None, allow_none=True, metadata={
        "description": "When to call back (with its UTC offset); leave out for as soon as an "
                       "agent is free."})
    kind = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(KINDS))
    data = fields.Dict(keys=fields.String(validate=validate.Length(max=100)),
                       load_default=dict, metadata={"description": "Attached data agents see."})
    idempotency_key = fields.String(load_default=None, allow_none=True,
                                    validate=validate.Length(min=1, max=200))
    environment = ENVIRONMENT


class CallbackUpdate(Schema):
    desired_time = fields.AwareDateTime(required=True)


class CallbackListQuery(Schema):
    state = fields.String(load_default=None, validate=validate.OneOf(CALLBACK_STATES))
    queue = fields.String(load_default=None, validate=validate.Length(max=64))
    number = fields.String(load_default=None, validate=validate.Length(max=64))
    from_ = fields.AwareDateTime(load_default=None, data_key="from")
    to = fields.AwareDateTime(load_default=None)
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))


class CallbackAttemptOut(Schema):
    id = fields.Integer(required=True)
    number = fields.String(required=True)
    dialer = fields.String(required=True)
    started_at = fields.String(required=True)
    ended_at = fields.String(allow_none=True)
    sip_code = fields.Integer(allow_none=True)
    result = fields.String(required=True)
    reason = fields.String(required=True)


class CallbackOut(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    state = fields.String(required=True)
    queue = fields.String(required=True)
    number = fields.String(required=True)
    caller_id = fields.String(required=True)
    environment = fields.String(required=True)
    due_at = fields.String(required=True)
    slot_start = fields.String(allow_none=True)
    data = fields.Dict(required=True)
    origin = fields.String(required=True)
    session_id = fields.String(allow_none=True)
    attempts_made = fields.Integer(required=True)
    reason = fields.String(required=True)
    created_by = fields.String(allow_none=True)
    created_at = fields.String(required=True)
    updated_at = fields.String(required=True)
    attempts = fields.List(fields.Nested(CallbackAttemptOut))


class CallbackRulesIn(Schema):
    min_wait_minutes = fields.Integer(validate=validate.Range(min=0, max=24 * 60))
    max_open_per_number = fields.Integer(validate=validate.Range(min=1, max=100))
    slot_minutes = fields.Integer(validate=validate.OneOf((5, 10, 15, 20, 30, 60, 120)))
    slot_capacity = fields.Integer(validate=validate.Range(min=1, max=10_000))
    max_attempts = fields.Integer(validate=validate.Range(min=1, max=10))
    retry_interval_seconds = fields.Integer(validate=validate.Range(min=30, max=24 * 3600))
    retry_sip_codes = fields.List(fields.Integer(validate=validate.Range(min=300, max=699)),
                                  validate=validate.Length(max=50))
    timezone = fields.String(allow_none=True, validate=validate.Length(max=64))


class CallbackRulesOut(CallbackRulesIn):
    queue = fields.String(required=True)
