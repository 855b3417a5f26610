"""Marshmallow fields of the flow-test file format that marshmallow does not have.

Texts accept YAML numbers (a menu key written `1`), key presses accept `0123` as typed, and
some keys take either `true` or a mapping of details (`end: true`, `end: {reason: hangup}`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import Schema, ValidationError, fields

CHANNEL_NAMES = ("voice", "chat")


class Text(fields.Field):
    """A text (a glob, a key, a reply); YAML numbers are accepted and read as their digits."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if isinstance(value, str):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        raise ValidationError("Give a text here (in quotes if unsure).")


class Digits(Text):
    """Key presses: 0-9, *, # and A-D, as text (`"0123"`) or a number (`12345`)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if not text or any(char not in "0123456789*#ABCD" for char in text):
            raise ValidationError(f"'{text}' is not a sequence of key presses (0-9, *, #).")
        return text


class OnlyTrue(fields.Field):
    """A switch that can only be turned on: `noinput: true`."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if value is not True:
            raise ValidationError("Write `true` here.")
        return True


class TrueOrMapping(fields.Field):
    """`true` (anything of this kind) or a mapping of details checked by `schema`."""

    def __init__(self, schema: type[Schema], **kwargs: Any):
        super().__init__(**kwargs)
        self.schema = schema

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if value is True:
            return {}
        if isinstance(value, Mapping):
            loaded: dict[str, Any] = self.schema().load(value)
            return loaded
        raise ValidationError("Write `true` or a mapping of details.")


class Channels(fields.Field):
    """`voice`, `chat` or a list of them."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> list[str]:
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not names or not all(
                isinstance(name, str) and name in CHANNEL_NAMES for name in names):
            raise ValidationError("A channel is 'voice' or 'chat' (or a list of both).")
        return list(dict.fromkeys(names))
