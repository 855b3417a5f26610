"""Copying flows, starting one from a template, searching inside flows and where-used."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from designer_ui.services.flow_references import KINDS
from designer_ui.services.flows import FLOW_ID

NEW_ID = fields.String(required=True, validate=validate.Regexp(
    FLOW_ID, error="The id must be a slug: lower-case letters, digits and dashes, at most 64."))
NEW_NAME = fields.String(load_default=None, validate=validate.Length(min=1, max=200))


class CopyIn(Schema):
    new_id = NEW_ID
    name = NEW_NAME


class FromTemplateIn(Schema):
    template = fields.String(required=True, validate=validate.Length(min=1, max=300))
    id = NEW_ID
    name = NEW_NAME


class TemplateOut(Schema):
    id = fields.String(required=True)
    source = fields.String(required=True, validate=validate.OneOf(["example", "microapp"]))
    name = fields.String(required=True)
    description = fields.String(required=True)
    kind = fields.String(required=True)
    channels = fields.List(fields.String(), required=True)


class SearchQuery(Schema):
    q = fields.String(required=True, validate=validate.Length(min=2, max=100))


class SearchHit(Schema):
    flow_id = fields.String(required=True)
    flow_name = fields.String(required=True)
    block_id = fields.String(allow_none=True)
    path = fields.String(required=True)
    excerpt = fields.String(required=True)


class SearchOut(Schema):
    hits = fields.List(fields.Nested(SearchHit), required=True)
    truncated = fields.Boolean(required=True)


class WhereUsedQuery(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))


class Use(Schema):
    flow_id = fields.String(required=True)
    flow_name = fields.String(required=True)
    source = fields.String(required=True, metadata={
        "description": "draft, or the environment whose version uses it"})
    version = fields.Integer(allow_none=True)
    block_id = fields.String(required=True)
    block_label = fields.String(allow_none=True)
    path = fields.String(required=True)


class WhereUsedOut(Schema):
    kind = fields.String(required=True)
    name = fields.String(required=True)
    uses = fields.List(fields.Nested(Use), required=True)
    truncated = fields.Boolean(required=True)
