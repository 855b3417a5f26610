"""The per-language prompt report of a flow (`GET /api/v1/flows/{id}/languages`)."""

from __future__ import annotations

from marshmallow import Schema, fields


class LanguageGapOut(Schema):
    kind = fields.String(required=True, metadata={
        "enum": ["flow_prompt", "shared_prompt", "announcement"]})
    name = fields.String(required=True)
    problem = fields.String(required=True)
    blocks = fields.List(fields.String(), required=True)
    environment = fields.String(allow_none=True, metadata={
        "description": "For announcements: the environment lacking it."})


class LanguagesOut(Schema):
    flow = fields.String(required=True)
    languages = fields.List(fields.String(), required=True)
    missing = fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(LanguageGapOut)),
                          required=True, metadata={
                              "description": "Per language: the prompts with no text or "
                                             "recording in it."})
