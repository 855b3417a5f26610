"""The query parameters every analytics endpoint takes: a time range and the dimensions to
filter by, plus each endpoint's own few."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load, validate

ORIGIN_CHOICES = ("live", "simulator", "flowtest", "all")
BUCKETS_MINUTES = (1, 5, 15, 60, 1440)
DEFAULT_RANGE_S = 24 * 3600


class AnalyticsQuery(Schema):
    from_ = fields.DateTime(data_key="from", load_default=None, metadata={
        "description": "Start of the range (ISO 8601; UTC when no zone). Default: 24 hours "
                       "before `to`."})
    to = fields.DateTime(load_default=None, metadata={
        "description": "End of the range (exclusive). Default: now."})
    flow = fields.String(load_default=None, validate=validate.Length(max=64))
    version = fields.String(load_default=None, validate=validate.Length(max=32))
    channel = fields.String(load_default=None, validate=validate.OneOf(("voice", "chat")))
    environment = fields.String(load_default=None, validate=validate.Length(max=32))
    entry_point = fields.String(load_default=None, validate=validate.Length(max=200))
    origin = fields.String(load_default="live", validate=validate.OneOf(ORIGIN_CHOICES),
                           metadata={"description": "`live` (default) leaves out simulator and "
                                                    "flow-test sessions; `all` counts them too."})
    format = fields.String(load_default="json", validate=validate.OneOf(("json", "csv")))

    @post_load
    def _range(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        end = _epoch(data.pop("to")) if data.get("to") else datetime.now(UTC).timestamp()
        start = _epoch(data.pop("from_")) if data.get("from_") else end - DEFAULT_RANGE_S
        data.pop("from_", None)
        data.pop("to", None)
        if start >= end:
            raise ValidationError("'from' must be before 'to'.", field_name="from")
        data["start"], data["end"] = start, end
        return data


def _epoch(value: datetime) -> float:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.timestamp()


class AnalyticsSeriesQuery(AnalyticsQuery):
    bucket = fields.Integer(load_default=None, validate=validate.OneOf(BUCKETS_MINUTES),
                            metadata={"description": "Minutes per point (1, 5, 15, 60, 1440); "
                                                     "default: chosen from the range."})


class AnalyticsPathsQuery(AnalyticsQuery):
    limit = fields.Integer(load_default=10, validate=validate.Range(min=1, max=100))


class AnalyticsFunnelQuery(AnalyticsQuery):
    milestones = fields.String(required=True, validate=validate.Length(min=1, max=2000),
                               metadata={"description": "Milestone names in funnel order, "
                                                        "separated by commas."})


class AnalyticsSessionsQuery(AnalyticsQuery):
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=1000),
                           metadata={"description": "JSON only; CSV exports every session."})
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0))
    outcome = fields.String(load_default=None, validate=validate.OneOf(
        ("active", "contained", "routed", "abandoned", "unrouted", "errored")))


class AnalyticsFacetsQuery(Schema):
    origin = fields.String(load_default="live", validate=validate.OneOf(ORIGIN_CHOICES))
