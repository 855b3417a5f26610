"""The structure of a flow document (format version 1), as marshmallow schemas.

Unknown keys are errors everywhere. Block `props` are checked afterwards against the schema of
the block's type, which the loader does not know; graph rules live in `interpreter.validation`.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from interpreter.fields import (
    BLOCK_ID,
    LANGUAGE_TAG,
    SLUG,
    Bool,
    Int,
    JSONValue,
    Num,
    block_ref,
    identifier,
)
from interpreter.flow_model import (
    CHANNELS,
    FLOW_KINDS,
    FORMAT_NAME,
    FORMAT_VERSION,
    VARIABLE_TYPES,
)


class VariableSchema(Schema):
    type = fields.String(load_default="any", validate=validate.OneOf(VARIABLE_TYPES))
    default = JSONValue(load_default=None)
    secure = Bool(load_default=False)
    description = fields.String(load_default="", validate=validate.Length(max=2000))


class PhasesSchema(Schema):
    initialize = block_ref()
    self_service = block_ref(required=True)
    assisted_service = block_ref()
    finalize = block_ref()


class UiSchema(Schema):
    x = Num()
    y = Num()
    width = Num()
    height = Num()
    color = fields.String(validate=validate.Length(max=32))
    collapsed = Bool()
    note = fields.String(validate=validate.Length(max=2000))


class BlockSchema(Schema):
    type = fields.String(required=True, validate=validate.Regexp(r"^[a-z][a-z0-9_]{0,63}$"))
    label = fields.String(load_default="", validate=validate.Length(max=200))
    description = fields.String(load_default="", validate=validate.Length(max=2000))
    ui = fields.Nested(UiSchema, load_default=dict)
    props = fields.Dict(keys=fields.String(), values=JSONValue(), load_default=dict)
    next = fields.Dict(
        keys=fields.String(validate=validate.Regexp(r"^[A-Za-z0-9_*#][A-Za-z0-9_ .:*#-]{0,63}$",
                                                    error="'{input}' is not a valid port name.")),
        values=block_ref(),
        load_default=dict,
    )


class PromptVariantSchema(Schema):
    tts = fields.String(validate=validate.Length(max=65536))
    audio = fields.String(validate=validate.Length(min=1, max=2048))


class FlowDocumentSchema(Schema):
    format = fields.String(required=True, validate=validate.Equal(FORMAT_NAME))
    format_version = Int(required=True, strict=True,
                                    validate=validate.Equal(FORMAT_VERSION))
    id = fields.String(required=True, validate=validate.Regexp(
        SLUG, error="'{input}' is not a valid flow id: use lower-case letters, digits and dashes."))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = fields.String(load_default="", validate=validate.Length(max=5000))
    kind = fields.String(load_default="application",
                         validate=validate.OneOf(FLOW_KINDS))
    channels = fields.List(fields.String(validate=validate.OneOf(CHANNELS)),
                           required=True, validate=validate.Length(min=1, max=2))
    languages = fields.List(fields.String(validate=validate.Regexp(LANGUAGE_TAG)),
                            load_default=lambda: ["en-US"], validate=validate.Length(min=1, max=50))
    variables = fields.Dict(keys=identifier(), values=fields.Nested(VariableSchema),
                            load_default=dict)
    inputs = fields.List(identifier(), load_default=list)
    outputs = fields.List(identifier(), load_default=list)
    phases = fields.Nested(PhasesSchema, required=True)
    blocks = fields.Dict(keys=fields.String(validate=validate.Regexp(BLOCK_ID)),
                         values=fields.Nested(BlockSchema), required=True)
    prompts = fields.Dict(
        keys=fields.String(validate=validate.Regexp(BLOCK_ID)),
        values=fields.Dict(keys=fields.String(validate=validate.Regexp(LANGUAGE_TAG)),
                           values=fields.Nested(PromptVariantSchema)),
        load_default=dict,
    )


def load_document_structure(document: dict[str, Any]) -> dict[str, Any]:
    """Check and normalise the document's structure; raises marshmallow.ValidationError."""
    loaded: dict[str, Any] = FlowDocumentSchema().load(document)
    return loaded
