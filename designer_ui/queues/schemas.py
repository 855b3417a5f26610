"""The shapes of the queues and agents API."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from designer_ui.models.environments import ENVIRONMENTS
from designer_ui.models.queues import AGENT_STATES, AT_MAX_WAIT, CHANNELS

NAME = validate.Regexp(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$",
                       error="A name is 1-64 letters, digits, '.', '_' or '-'.")
SKILL = validate.Length(min=1, max=64)
MAX_SKILLS = 50
CHANNEL_LIST = fields.List(fields.String(validate=validate.OneOf(CHANNELS)),
                           validate=validate.Length(min=1, max=len(CHANNELS)))


def _skills() -> fields.Dict:
    return fields.Dict(keys=fields.String(validate=SKILL),
                       values=fields.Integer(strict=True, validate=validate.Range(1, 10)),
                       validate=validate.Length(max=MAX_SKILLS),
                       metadata={"description": "Skill name -> level 1-10."})


class ServiceLevel(Schema):
    percent = fields.Integer(strict=True, required=True, validate=validate.Range(1, 100))
    seconds = fields.Integer(strict=True, required=True, validate=validate.Range(1, 3600))


class QueueIn(Schema):
    name = fields.String(required=True, validate=NAME)
    description = fields.String(load_default="", validate=validate.Length(max=500))
    channels = fields.List(fields.String(validate=validate.OneOf(CHANNELS)),
                           load_default=lambda: ["chat", "voice"],
                           validate=validate.Length(min=1, max=len(CHANNELS)))
    skills = _skills()
    service_level = fields.Nested(ServiceLevel, load_default=lambda: {"percent": 80,
                                                                      "seconds": 20})
    in_queue_flows = fields.Dict(keys=fields.String(validate=validate.OneOf(CHANNELS)),
                                 values=fields.String(validate=validate.Length(min=1, max=64)),
                                 load_default=dict)
    max_wait_seconds = fields.Integer(strict=True, load_default=600,
                                      validate=validate.Range(10, 86_400))
    at_max_wait = fields.String(load_default="failed", validate=validate.OneOf(AT_MAX_WAIT))
    hours = fields.String(load_default=None, allow_none=True,
                          validate=validate.Length(min=1, max=100))
    rona_seconds = fields.Integer(strict=True, load_default=15, validate=validate.Range(3, 600))
    wrap_up_seconds = fields.Integer(strict=True, load_default=0,
                                     validate=validate.Range(0, 3600))


class QueueUpdate(QueueIn):
    """Any fields of a queue; the view loads it with `partial=True` (no defaults filled in)."""


class QueueOut(Schema):
    id = fields.Integer()
    name = fields.String()
    description = fields.String()
    channels = fields.List(fields.String())
    skills = fields.Dict(keys=fields.String(), values=fields.Integer())
    service_level = fields.Nested(ServiceLevel)
    in_queue_flows = fields.Dict(keys=fields.String(), values=fields.String())
    max_wait_seconds = fields.Integer()
    at_max_wait = fields.String()
    hours = fields.String(allow_none=True)
    rona_seconds = fields.Integer()
    wrap_up_seconds = fields.Integer()
    created_at = fields.String()
    updated_at = fields.String()


class RealtimeOut(Schema):
    queue = fields.String()
    at = fields.String()
    waiting = fields.Integer()
    longest_wait_s = fields.Float()
    agents = fields.Dict(keys=fields.String(), values=fields.Integer(),
                         metadata={"description": "Agents able to serve the queue, by state."})
    service_level = fields.Float(allow_none=True, metadata={
        "description": "Percent answered within target, last hour; null before any."})


class IntervalsQuery(Schema):
    start = fields.AwareDateTime(required=True)
    end = fields.AwareDateTime(required=True)
    size = fields.Integer(load_default=900, validate=validate.Range(300, 86_400),
                          metadata={"description": "Bucket size in seconds (300-86400)."})


class IntervalOut(Schema):
    start = fields.String()
    end = fields.String()
    offered = fields.Integer()
    answered = fields.Integer()
    abandoned = fields.Integer()
    average_speed_of_answer_s = fields.Float(allow_none=True)
    average_handle_time_s = fields.Float(allow_none=True)
    service_level = fields.Float(allow_none=True)


class AgentStateIn(Schema):
    state = fields.String(required=True, validate=validate.OneOf(
        ("offline", "ready", "not_ready", "wrap_up")))
    reason = fields.String(load_default="", validate=validate.Length(max=100))


class AgentProfileIn(Schema):
    skills = _skills()
    channels = CHANNEL_LIST
    capacity = fields.Dict(keys=fields.String(validate=validate.OneOf(CHANNELS)),
                           values=fields.Integer(strict=True, validate=validate.Range(0, 20)))
    environments = fields.List(fields.String(validate=validate.OneOf(ENVIRONMENTS)),
                               validate=validate.Length(min=1, max=len(ENVIRONMENTS)))


class OfferOut(Schema):
    id = fields.Integer()
    queue = fields.String(allow_none=True)
    channel = fields.String()
    environment = fields.String()
    session_id = fields.String()
    skills = fields.Dict(keys=fields.String(), values=fields.Integer())
    priority = fields.Integer()
    state = fields.String()
    enqueued_at = fields.String()
    offered_at = fields.String(allow_none=True)
    offer_expires_at = fields.String(allow_none=True)
    data = fields.Dict()


class AgentOut(Schema):
    id = fields.Integer()
    username = fields.String()
    display_name = fields.String()
    skills = fields.Dict(keys=fields.String(), values=fields.Integer())
    channels = fields.List(fields.String())
    capacity = fields.Dict(keys=fields.String(), values=fields.Integer())
    environments = fields.List(fields.String())
    state = fields.String(validate=validate.OneOf(AGENT_STATES))
    reason = fields.String()
    since = fields.String()
    idle_since = fields.String()
    offers = fields.List(fields.Nested(OfferOut))
