"""Flow drafts, validation, versions, diffs and environments."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from designer_ui.api.schemas.common import LockOut, ProblemOut
from designer_ui.models.environments import ENVIRONMENTS
from interpreter.flow_model import FLOW_KINDS

DOCUMENT = fields.Dict(required=True, metadata={
    "description": "A flow document (see GET /schema and FLOW_FORMAT.md)."})


class FlowQuery(Schema):
    q = fields.String(load_default=None, validate=validate.Length(max=200))
    kind = fields.String(load_default=None, validate=validate.OneOf(list(FLOW_KINDS)))


class DocumentIn(Schema):
    document = DOCUMENT


class ValidateIn(Schema):
    document = fields.Dict(load_default=None)


class FlowSummary(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True)
    channels = fields.List(fields.String(), required=True)
    description = fields.String(required=True)
    revision = fields.Integer(required=True)
    updated_at = fields.String(required=True)
    updated_by = fields.String(allow_none=True)
    latest_version = fields.Integer(allow_none=True)
    environments = fields.Dict(keys=fields.String(), values=fields.Integer())
    lock = fields.Nested(LockOut, allow_none=True)


class FlowDetail(Schema):
    document = DOCUMENT
    revision = fields.Integer(required=True)
    updated_at = fields.String(required=True)
    updated_by = fields.String(allow_none=True)
    lock = fields.Nested(LockOut, allow_none=True)
    problems = fields.List(fields.Nested(ProblemOut), required=True)


class SaveResult(Schema):
    revision = fields.Integer(required=True)
    problems = fields.List(fields.Nested(ProblemOut), required=True)


class PublishIn(Schema):
    comment = fields.String(load_default="", validate=validate.Length(max=2000))


class VersionSummary(Schema):
    version = fields.Integer(required=True)
    comment = fields.String(required=True)
    created_at = fields.String(required=True)
    created_by = fields.String(allow_none=True)


class VersionDetail(VersionSummary):
    flow_id = fields.String(required=True)
    document = DOCUMENT


class DiffQuery(Schema):
    from_ = fields.String(data_key="from", required=True)
    to = fields.String(required=True)


class BlockChange(Schema):
    block = fields.String(required=True)
    fields_ = fields.List(fields.String(), data_key="fields", required=True)


class DiffOut(Schema):
    added = fields.List(fields.String(), required=True)
    removed = fields.List(fields.String(), required=True)
    changed = fields.List(fields.Nested(BlockChange), required=True)
    flow_changed = fields.List(fields.String(), required=True)


class EnvironmentOut(Schema):
    name = fields.String(required=True, validate=validate.OneOf(ENVIRONMENTS))
    flows = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)


class PromoteIn(Schema):
    version = fields.Integer(required=True, validate=validate.Range(min=1))


class PromoteOut(Schema):
    environment = fields.String(required=True)
    flow_id = fields.String(required=True)
    version = fields.Integer(required=True)


class ImportResult(Schema):
    imported = fields.List(fields.String(), required=True)
    problems = fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(ProblemOut)),
                           required=True)
