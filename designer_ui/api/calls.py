"""Voice call detail records (`voice_calls`): the list with filters, and one call in full."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, jsonify, stream_with_context
from marshmallow import Schema, ValidationError, fields, post_load, validate

from designer_ui.analytics.csv_export import csv_response
from designer_ui.api.docs import documented
from designer_ui.api.http import query_args
from designer_ui.errors import ApiError
from designer_ui.extensions import db
from designer_ui.models import VoiceCallRecord
from designer_ui.security import requires

blueprint = Blueprint("calls", __name__)

CSV_MAX_ROWS = 100_000
CSV_COLUMNS = ("id", "started_at", "answered_at", "ended_at", "answer_s", "duration_s", "ani",
               "dnis", "flow_id", "flow_version", "environment", "disposition", "ended_by",
               "sip_status", "worker", "sip_call_id", "path", "milestones", "dtmf", "recordings",
               "transfers")


class CallsQuery(Schema):
    flow = fields.String(load_default=None, validate=validate.Length(max=64))
    from_ = fields.DateTime(data_key="from", load_default=None, metadata={
        "description": "Calls offered at or after this time (ISO 8601; UTC when no zone)."})
    to = fields.DateTime(load_default=None, metadata={
        "description": "Calls offered before this time (exclusive)."})
    disposition = fields.String(load_default=None, validate=validate.Length(max=100))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500),
                           metadata={"description": "JSON only; CSV exports every match."})
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0))
    format = fields.String(load_default="json", validate=validate.OneOf(("json", "csv")))

    @post_load
    def _range(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        data["start"] = _epoch(data.pop("from_", None))
        data["end"] = _epoch(data.pop("to", None))
        if data["start"] is not None and data["end"] is not None and data["start"] >= data["end"]:
            raise ValidationError("'from' must be before 'to'.", field_name="from")
        return data


class CallQuery(Schema):
    format = fields.String(load_default="json", validate=validate.OneOf(("json", "csv")))


def _epoch(value: datetime | None) -> float | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.timestamp()


class CallSummaryOut(Schema):
    id = fields.String(required=True)
    sip_call_id = fields.String(required=True)
    ani = fields.String(required=True)
    dnis = fields.String(required=True)
    worker = fields.Integer(required=True)
    flow_id = fields.String(allow_none=True)
    flow_version = fields.String(allow_none=True)
    environment = fields.String(required=True)
    started_at = fields.String(required=True)
    answered_at = fields.String(allow_none=True)
    ended_at = fields.String(allow_none=True)
    answer_s = fields.Float(allow_none=True, metadata={"description": "Offer to answer."})
    duration_s = fields.Float(allow_none=True, metadata={"description": "Answer (or offer) to end."})
    disposition = fields.String(required=True)
    ended_by = fields.String(required=True)
    sip_status = fields.Integer(allow_none=True)
    blocks = fields.Integer(required=True)
    keys = fields.Integer(required=True)
    recording_count = fields.Integer(required=True)
    transfer_count = fields.Integer(required=True)


class CallsOut(Schema):
    total = fields.Integer(required=True)
    offset = fields.Integer(required=True)
    limit = fields.Integer(required=True)
    calls = fields.List(fields.Nested(CallSummaryOut), required=True)


class CallKeysOut(Schema):
    block = fields.String(required=True)
    digits = fields.String(required=True, metadata={"description": "Masked for secure inputs."})


class CallDetailOut(CallSummaryOut):
    path = fields.List(fields.String(), required=True)
    milestones = fields.List(fields.String(), required=True)
    dtmf = fields.List(fields.Nested(CallKeysOut), required=True)
    recordings = fields.List(fields.Dict(), required=True)
    transfers = fields.List(fields.Dict(), required=True)
    latencies = fields.Dict(required=True, metadata={
        "description": "Latency metrics in milliseconds (`answer_to_audio_ms`, "
                       "`dtmf_to_prompt_ms`, …)."})
    metrics = fields.Dict(required=True)


def _filtered(args: dict[str, Any]) -> sa.Select[VoiceCallRecord]:
    query = sa.select(VoiceCallRecord)
    if args["flow"]:
        query = query.where(VoiceCallRecord.flow_id == args["flow"])
    if args["disposition"]:
        query = query.where(VoiceCallRecord.disposition == args["disposition"])
    if args["start"] is not None:
        query = query.where(VoiceCallRecord.started_at >= args["start"])
    if args["end"] is not None:
        query = query.where(VoiceCallRecord.started_at < args["end"])
    return query


def _csv_row(call: VoiceCallRecord) -> dict[str, Any]:
    row = call.to_dict()
    row["path"] = ">".join(row["path"])
    row["milestones"] = "|".join(row["milestones"])
    row["dtmf"] = " ".join(f"{key.get('block')}:{key.get('digits')}" for key in row["dtmf"])
    row["recordings"] = " ".join(str(item.get("id", "")) for item in row["recordings"])
    row["transfers"] = " ".join(f"{item.get('kind')}:{item.get('status')}"
                                for item in row["transfers"])
    return row


@blueprint.get("/calls")
@requires("developer", "business")
@documented("Voice call detail records, newest first (JSON pages; `format=csv` exports every "
            "matching call)", query=CallsQuery, response=CallsOut)
def list_calls() -> Any:
    args = query_args(CallsQuery())
    query = _filtered(args)
    newest = (VoiceCallRecord.started_at.desc(), VoiceCallRecord.id.desc())
    if args["format"] == "csv":
        session = db.session

        def rows() -> Any:
            result = session.execute(query.order_by(*newest).limit(CSV_MAX_ROWS)
                                     .execution_options(yield_per=1000)).scalars()
            for call in result:
                yield _csv_row(call)

        return csv_response(CSV_COLUMNS, stream_with_context(rows()), "calls.csv")
    total = db.session.execute(sa.select(sa.func.count()).select_from(
        query.order_by(None).subquery())).scalar_one()
    calls = db.session.execute(query.order_by(*newest).limit(args["limit"])
                               .offset(args["offset"])).scalars()
    return jsonify({"total": int(total), "offset": args["offset"], "limit": args["limit"],
                    "calls": [call.summary() for call in calls]})


@blueprint.get("/calls/<call_id>")
@requires("developer", "business")
@documented("One call's record: path, keys (masked for secure inputs), recordings, transfers, "
            "milestones and latencies (`format=csv`: one line)", query=CallQuery,
            response=CallDetailOut, errors=(404,))
def get_call(call_id: str) -> Any:
    args = query_args(CallQuery())
    call = db.session.get(VoiceCallRecord, call_id)
    if call is None:
        raise ApiError(404, f"There is no record of call '{call_id}'.")
    if args["format"] == "csv":
        return csv_response(CSV_COLUMNS, [_csv_row(call)], "call.csv")
    return jsonify(call.to_dict())
