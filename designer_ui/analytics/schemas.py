"""Response shapes of the analytics API, for the OpenAPI document (the views build plain
dicts; these describe them for customers' BI tools)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

Count = fields.Integer
Rate = fields.Float


class AnalyticsRangeOut(Schema):
    from_ = fields.String(data_key="from", required=True)
    to = fields.String(required=True)
    origin = fields.String(required=True)
    flow = fields.String(allow_none=True)
    version = fields.String(allow_none=True)
    channel = fields.String(allow_none=True)
    environment = fields.String(allow_none=True)
    entry_point = fields.String(allow_none=True)


class AnalyticsSummaryOut(Schema):
    range = fields.Nested(AnalyticsRangeOut, required=True)
    sessions = Count(required=True, metadata={"description": "Sessions started in the range."})
    active = Count(required=True)
    ended = Count(required=True)
    contained = Count(required=True, metadata={"description": "Ended without reaching "
                                                              "assisted service."})
    routed = Count(required=True)
    abandoned = Count(required=True, metadata={"description": "Hang-up or idle before the end."})
    unrouted = Count(required=True)
    errors = Count(required=True)
    error_events = Count(required=True)
    containment_rate = Rate(required=True)
    routed_rate = Rate(required=True)
    abandoned_rate = Rate(required=True)
    error_rate = Rate(required=True)
    avg_duration_s = fields.Float(allow_none=True)
    p90_duration_s = fields.Float(allow_none=True)


class AnalyticsPointOut(Schema):
    t = fields.String(required=True)
    sessions = Count(required=True)
    ended = Count(required=True)
    contained = Count(required=True)
    routed = Count(required=True)
    abandoned = Count(required=True)
    unrouted = Count(required=True)
    errors = Count(required=True)


class AnalyticsSeriesOut(Schema):
    range = fields.Nested(AnalyticsRangeOut, required=True)
    bucket_minutes = Count(required=True)
    points = fields.List(fields.Nested(AnalyticsPointOut), required=True)


class AnalyticsTimeOut(Schema):
    visits = Count(required=True)
    total_s = fields.Float(required=True)
    avg_s = fields.Float(allow_none=True)


def counts_by_key(**kwargs: Any) -> fields.Dict:
    """A `{key: count}` object."""
    return fields.Dict(keys=fields.String(), values=fields.Integer(), **kwargs)


class AnalyticsBlockFiguresOut(Schema):
    visits = Count(required=True)
    ports = counts_by_key(required=True)
    port_share = fields.Dict(keys=fields.String(), values=fields.Float(), required=True)
    dropoff = Count(required=True)
    dropoff_rate = Rate(required=True)
    inputs = counts_by_key(required=True)
    match_rate = Rate(required=True)
    noinput_rate = Rate(required=True)
    nomatch_rate = Rate(required=True)
    errors = counts_by_key(required=True)
    error_count = Count(required=True)
    error_rate = Rate(required=True)
    time = fields.Nested(AnalyticsTimeOut, required=True)
    milestones = counts_by_key()
    intents = counts_by_key()
    routes = counts_by_key()
    transfers = counts_by_key()
    hangups = counts_by_key()


class AnalyticsBlocksOut(Schema):
    flow_id = fields.String(required=True)
    range = fields.Nested(AnalyticsRangeOut, required=True)
    sessions = Count(required=True)
    ended = Count(required=True)
    outcomes = counts_by_key(required=True)
    max_visits = Count(required=True)
    blocks = fields.Dict(keys=fields.String(), values=fields.Nested(AnalyticsBlockFiguresOut),
                         required=True)


class AnalyticsPathOut(Schema):
    path = fields.List(fields.String(), required=True)
    truncated = fields.Boolean(required=True)
    sessions = Count(required=True)
    share = Rate(required=True)
    outcomes = counts_by_key(required=True)


class AnalyticsPathsOut(Schema):
    range = fields.Nested(AnalyticsRangeOut, required=True)
    sessions = Count(required=True)
    paths = fields.List(fields.Nested(AnalyticsPathOut), required=True)
    labels = fields.Dict(keys=fields.String(), values=fields.String(), required=True,
                         metadata={"description": "Each block's label (draft, else newest version "
                                                  "that has it); blocks without one are left out"})


class AnalyticsFunnelStepOut(Schema):
    milestone = fields.String(required=True)
    sessions = Count(required=True)
    rate = Rate(required=True)
    rate_from_previous = Rate(required=True)


class AnalyticsFunnelOut(Schema):
    range = fields.Nested(AnalyticsRangeOut, required=True)
    sessions = Count(required=True)
    steps = fields.List(fields.Nested(AnalyticsFunnelStepOut), required=True)


class AnalyticsMilestoneOut(Schema):
    name = fields.String(required=True)
    events = Count(required=True)
    sessions = Count(required=True)
    share = Rate(required=True)
    blocks = counts_by_key(required=True)


class AnalyticsMilestonesOut(Schema):
    flow_id = fields.String(required=True)
    range = fields.Nested(AnalyticsRangeOut, required=True)
    sessions = Count(required=True)
    ended = Count(required=True)
    milestones = fields.List(fields.Nested(AnalyticsMilestoneOut), required=True)


class AnalyticsSessionOut(Schema):
    session_id = fields.String(required=True)
    origin = fields.String(required=True)
    flow_id = fields.String(required=True)
    flow_version = fields.String(required=True)
    environment = fields.String(required=True)
    channel = fields.String(required=True)
    entry_point = fields.String(required=True)
    started_at = fields.String(required=True)
    ended_at = fields.String(allow_none=True)
    duration_s = fields.Float(allow_none=True)
    outcome = fields.String(required=True, metadata={"enum": [
        "active", "contained", "routed", "abandoned", "unrouted", "errored"]})
    end_reason = fields.String(allow_none=True)
    reached_assisted = fields.Boolean(required=True)
    last_block = fields.String(allow_none=True)
    event_count = Count(required=True)
    error_count = Count(required=True)
    path = fields.List(fields.String(), required=True)
    milestones = fields.List(fields.String(), required=True)


class AnalyticsSessionsOut(Schema):
    range = fields.Nested(AnalyticsRangeOut, required=True)
    total = Count(required=True)
    offset = Count(required=True)
    sessions = fields.List(fields.Nested(AnalyticsSessionOut), required=True)


class AnalyticsEventOut(Schema):
    id = fields.String(required=True, metadata={"description": "`session_id:seq`"})
    seq = Count(required=True)
    ts = fields.String(required=True)
    kind = fields.String(required=True)
    block = fields.String(allow_none=True)
    module = fields.String(allow_none=True)
    data = fields.Dict(required=True)


class AnalyticsSessionDetailOut(AnalyticsSessionOut):
    events = fields.List(fields.Nested(AnalyticsEventOut), required=True)


class AnalyticsFlowFacetOut(Schema):
    flow_id = fields.String(required=True)
    versions = fields.List(fields.String(), required=True)


class AnalyticsFacetsOut(Schema):
    flows = fields.List(fields.Nested(AnalyticsFlowFacetOut), required=True)
    environments = fields.List(fields.String(), required=True)
    channels = fields.List(fields.String(), required=True)
    entry_points = fields.List(fields.String(), required=True)


class AnalyticsStatusOut(Schema):
    retention_days = Count(required=True)
    writer = fields.Dict(allow_none=True, metadata={
        "description": "This process's writer: accepted, written, dropped (queue full), "
                       "failed, queued, … (null before it has started)."})
