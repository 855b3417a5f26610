"""Marshmallow fields shared by the flow document and every block's props schema.

Each field knows its own JSON Schema (`json_schema` in its metadata) so the published schema is
generated from the same definitions the loader uses and the two cannot drift apart.
"""

from __future__ import annotations

import re
from typing import Any

from marshmallow import ValidationError, fields, validate

SLUG = r"^[a-z0-9][a-z0-9-]{0,63}$"
BLOCK_ID = r"^[A-Za-z_][A-Za-z0-9_-]{0,63}$"
IDENTIFIER = r"^[A-Za-z_$][A-Za-z0-9_$]{0,63}$"
LANGUAGE_TAG = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
MAX_EXPRESSION_LENGTH = 65536


def identifier(**kwargs: Any) -> fields.String:
    message = "'{input}' is not a valid name: use letters, digits and _, not starting with a digit."
    return fields.String(validate=validate.Regexp(IDENTIFIER, error=message), **kwargs)


def block_ref(**kwargs: Any) -> fields.String:
    return fields.String(validate=validate.Regexp(BLOCK_ID, error="'{input}' is not a valid block id."),
                         **kwargs)


class Expression(fields.String):
    """An expression in the flow language; parsed and checked by the compiler, not here."""

    def __init__(self, **kwargs: Any):
        metadata = {"json_schema": {"type": "string", "minLength": 1,
                                    "maxLength": MAX_EXPRESSION_LENGTH,
                                    "x-designer-kind": "expression"}}
        kwargs.setdefault("validate", validate.Length(min=1, max=MAX_EXPRESSION_LENGTH))
        super().__init__(metadata=metadata, **kwargs)


class Template(fields.String):
    """Text with `{{ expression }}` holes."""

    def __init__(self, **kwargs: Any):
        metadata = {"json_schema": {"type": "string", "maxLength": MAX_EXPRESSION_LENGTH,
                                    "x-designer-kind": "template"}}
        kwargs.setdefault("validate", validate.Length(max=MAX_EXPRESSION_LENGTH))
        super().__init__(metadata=metadata, **kwargs)


class JSONValue(fields.Raw):
    """Any JSON value (a variable default, a mock body)."""

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("allow_none", True)
        super().__init__(metadata={"json_schema": {}}, **kwargs)


PROMPT_ITEM_JSON_SCHEMA: dict[str, Any] = {
    "oneOf": [
        {"type": "object", "properties": {"tts": {"type": "string", "maxLength": MAX_EXPRESSION_LENGTH,
                                                  "x-designer-kind": "template"}},
         "required": ["tts"], "additionalProperties": False},
        {"type": "object", "properties": {"audio": {"type": "string", "minLength": 1}},
         "required": ["audio"], "additionalProperties": False},
        {"type": "object", "properties": {"prompt": {"type": "string", "minLength": 1}},
         "required": ["prompt"], "additionalProperties": False},
        {"type": "object", "properties": {"announcement": {"type": "string", "minLength": 1}},
         "required": ["announcement"], "additionalProperties": False},
        {"type": "object", "properties": {
            "value": {"type": "string", "minLength": 1, "x-designer-kind": "expression"},
            "as": {"enum": ["digits", "number", "currency", "date", "time"]}},
         "required": ["value"], "additionalProperties": False},
    ]
}

_PROMPT_SHAPES = {"tts": {"tts"}, "audio": {"audio"}, "prompt": {"prompt"},
                  "announcement": {"announcement"}, "value": {"value", "as"}}


class PromptItem(fields.Field):
    """One prompt item: `{"tts"}`, `{"audio"}`, `{"prompt"}`, `{"announcement"}` or
    `{"value", "as"}`."""

    def __init__(self, **kwargs: Any):
        super().__init__(metadata={"json_schema": PROMPT_ITEM_JSON_SCHEMA}, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if not isinstance(value, dict) or not value:
            raise ValidationError("A prompt item is an object such as {\"tts\": \"Hello\"}.")
        kind = next((k for k in _PROMPT_SHAPES if k in value), None)
        if kind is None:
            raise ValidationError("A prompt item needs one of tts, audio, prompt, announcement "
                                  "or value.")
        extra = set(value) - _PROMPT_SHAPES[kind]
        if extra:
            raise ValidationError(f"Unknown key(s) in a {kind} prompt item: {', '.join(sorted(extra))}.")
        text = value[kind]
        if not isinstance(text, str) or (kind != "tts" and not text):
            raise ValidationError(f"'{kind}' must be a non-empty string.")
        if len(text) > MAX_EXPRESSION_LENGTH:
            raise ValidationError(f"'{kind}' is longer than {MAX_EXPRESSION_LENGTH} characters.")
        if "as" in value and value["as"] not in ("digits", "number", "currency", "date", "time"):
            raise ValidationError("'as' must be one of digits, number, currency, date, time.")
        return dict(value)


def prompt_list(**kwargs: Any) -> fields.List:
    if not kwargs.get("required"):
        kwargs.setdefault("load_default", list)
    kwargs.setdefault("validate", validate.Length(max=50))
    return fields.List(PromptItem(), **kwargs)


def is_identifier(name: str) -> bool:
    return re.match(IDENTIFIER, name) is not None


class Bool(fields.Boolean):
    """A JSON boolean only: no "yes", 1 or "true" strings (the JSON Schema says the same)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise ValidationError("Must be true or false.")
        return value


class Int(fields.Integer):
    """A JSON whole number only (2 or 2.0), never a string or a boolean."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError("Must be a whole number.")
        if isinstance(value, float) and (not value.is_integer()):
            raise ValidationError("Must be a whole number.")
        result = int(value)
        self._validate(result)
        return result


class Num(fields.Float):
    """A JSON number only, never a string or a boolean."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError("Must be a number.")
        return float(value)
