"""The block palette, the flow schema, the expression checker, entry points and the audit log."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from designer_ui.models.environments import ENTRY_POINT_KINDS, ENVIRONMENTS


class FieldInfoOut(Schema):
    name = fields.String(required=True)
    label = fields.String(required=True)
    help = fields.String(required=True)
    advanced = fields.Boolean(required=True)
    widget = fields.String(required=True)
    summary = fields.Boolean(required=True)


class BlockTypeOut(Schema):
    type = fields.String(required=True)
    label = fields.String(required=True)
    category = fields.String(required=True)
    icon = fields.String(required=True)
    color = fields.String(required=True)
    help = fields.String(required=True)
    phases = fields.List(fields.String(), required=True)
    channels = fields.List(fields.String(), required=True)
    ports = fields.List(fields.String(), required=True)
    dynamic_ports = fields.Boolean(required=True)
    port_labels = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    waits_for_input = fields.Boolean(required=True)
    module_only = fields.Boolean(required=True)
    flow_kinds = fields.List(fields.String(), required=True, metadata={
        "description": "The kinds of flow (application, module, in_queue, outbound) the block "
                       "may be used in."})
    props_schema = fields.Dict(required=True)
    fields_ = fields.List(fields.Nested(FieldInfoOut), data_key="fields", required=True)


class ExpressionCheckIn(Schema):
    expression = fields.String(validate=validate.Length(max=100_000))
    template = fields.String(validate=validate.Length(max=100_000))

    @validates_schema
    def _exactly_one(self, data: dict[str, object], **kwargs: object) -> None:
        if ("expression" in data) == ("template" in data):
            raise ValidationError("Give either 'expression' or 'template'.")


class ExpressionErrorOut(Schema):
    message = fields.String(required=True)
    line = fields.Integer(required=True)
    column = fields.Integer(required=True)


class ExpressionCheckOut(Schema):
    ok = fields.Boolean(required=True)
    names = fields.List(fields.String())
    error = fields.Nested(ExpressionErrorOut)


class EntryPointIn(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(ENTRY_POINT_KINDS))
    address = fields.String(required=True, validate=validate.Regexp(
        r"^[A-Za-z0-9+*#@._:/=-]{1,200}$", error="An address is a phone number (DNIS) or a chat "
                                                "key: letters, digits and + * # @ . _ : / = -."))
    flow_id = fields.String(load_default=None, allow_none=True,
                            validate=validate.Length(min=1, max=64),
                            metadata={"description": "The flow a contact starts in (or `queue`)."})
    queue = fields.String(load_default=None, allow_none=True,
                          validate=validate.Length(min=1, max=64), metadata={
                              "description": "A queue the contact goes straight into, with the "
                                             "queue's in-queue flow (instead of `flow_id`)."})
    environment = fields.String(load_default="live", validate=validate.OneOf(ENVIRONMENTS))
    fields_ = fields.Dict(data_key="fields", keys=fields.String(validate=validate.Length(max=64)),
                          values=fields.Raw(), load_default=dict)

    @validates_schema
    def _flow_or_queue(self, data: dict[str, Any], **kwargs: Any) -> None:
        if (data.get("flow_id") is None) == (data.get("queue") is None):
            raise ValidationError("An entry point leads to a flow (`flow_id`) or straight into "
                                  "a queue (`queue`): give exactly one.", "flow_id")


class EntryPointOut(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    address = fields.String(required=True)
    flow_id = fields.String(required=True, allow_none=True)
    queue = fields.String(required=True, allow_none=True)
    environment = fields.String(required=True)
    fields_ = fields.Dict(data_key="fields", required=True)
    updated_at = fields.String()


class AuditEntryOut(Schema):
    id = fields.Integer(required=True)
    at = fields.String(required=True)
    user = fields.String(allow_none=True)
    action = fields.String(required=True)
    object = fields.String(required=True)
    details = fields.Dict(required=True)
