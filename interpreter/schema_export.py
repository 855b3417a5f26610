"""JSON Schema generated from the marshmallow schemas the loader itself uses.

Generating, not hand-writing, the published schema keeps it in agreement with the loader; a
test feeds both the same documents to prove it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import Schema, fields, validate

from interpreter.document_schema import FlowDocumentSchema
from interpreter.flow_model import FORMAT_VERSION

SCHEMA_ID = f"https://schemas.contact-flow-designer.org/flow/v{FORMAT_VERSION}.json"


def field_schema(field: fields.Field) -> dict[str, Any]:
    """The JSON Schema of one marshmallow field."""
    custom = field.metadata.get("json_schema")
    if custom is not None:
        result = dict(custom)
    elif isinstance(field, fields.Nested):
        nested = field.nested
        schema_class = nested if isinstance(nested, type) else type(nested)
        result = schema_to_json_schema(schema_class)
        if field.many:
            result = {"type": "array", "items": result}
    elif isinstance(field, fields.List):
        result = {"type": "array", "items": field_schema(field.inner)}
    elif isinstance(field, fields.Dict):
        result = {"type": "object"}
        if field.value_field is not None:
            result["additionalProperties"] = field_schema(field.value_field)
        if field.key_field is not None:
            key = field_schema(field.key_field)
            key.pop("type", None)
            if key:
                result["propertyNames"] = key
    elif isinstance(field, fields.Boolean):
        result = {"type": "boolean"}
    elif isinstance(field, fields.Integer):
        result = {"type": "integer"}
    elif isinstance(field, fields.Number):
        result = {"type": "number"}
    elif isinstance(field, fields.String):
        result = {"type": "string"}
    else:
        result = {}
    for validator in _validators(field):
        _apply_validator(result, validator)
    if field.allow_none and result:
        result = {"anyOf": [result, {"type": "null"}]}
    description = field.metadata.get("description")
    if description:
        result["description"] = description
    return result


def _validators(field: fields.Field) -> list[Any]:
    if field.metadata.get("json_schema") is not None:
        return []
    return list(field.validators)


def _apply_validator(result: dict[str, Any], validator: Any) -> None:
    if isinstance(validator, validate.Regexp):
        result["pattern"] = validator.regex.pattern
    elif isinstance(validator, validate.OneOf):
        result.pop("type", None)
        result["enum"] = list(validator.choices)
    elif isinstance(validator, validate.Equal):
        result["const"] = validator.comparable
    elif isinstance(validator, validate.Length):
        array = result.get("type") == "array"
        obj = result.get("type") == "object"
        low, high = ("minItems", "maxItems") if array else (
            ("minProperties", "maxProperties") if obj else ("minLength", "maxLength"))
        if validator.min is not None:
            result[low] = validator.min
        if validator.max is not None:
            result[high] = validator.max
    elif isinstance(validator, validate.Range):
        if validator.min is not None:
            result["minimum" if validator.min_inclusive else "exclusiveMinimum"] = validator.min
        if validator.max is not None:
            result["maximum" if validator.max_inclusive else "exclusiveMaximum"] = validator.max


def schema_to_json_schema(schema_class: type[Schema]) -> dict[str, Any]:
    """An object schema with every declared field, required ones listed, nothing else allowed."""
    instance = schema_class()
    properties: dict[str, Any] = {}
    required: list[str] = []
    for name, field in instance.fields.items():
        key = field.data_key or name
        properties[key] = field_schema(field)
        if field.required:
            required.append(key)
    result: dict[str, Any] = {"type": "object", "properties": properties,
                              "additionalProperties": False}
    if required:
        result["required"] = required
    extra = getattr(schema_class, "json_schema_extra", None)
    if isinstance(extra, Mapping):
        result.update(extra)
    return result


def document_schema(block_props: Mapping[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """The published JSON Schema of a flow document.

    `block_props` maps each block type name to the JSON Schema of its props; with it, a block's
    `type` must be one of them and its `props` must fit that type's schema.
    """
    root = schema_to_json_schema(FlowDocumentSchema)
    root = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
            "title": "Flow document", **root}
    if block_props:
        block = root["properties"]["blocks"]["additionalProperties"]
        block["properties"]["type"] = {"enum": sorted(block_props)}
        block["allOf"] = [
            {"if": {"properties": {"type": {"const": name}}, "required": ["type"]},
             "then": {"properties": {"props": props}}}
            for name, props in sorted(block_props.items())
        ]
    return root
