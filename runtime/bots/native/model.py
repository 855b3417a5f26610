"""The native bot definition: intents with examples, typed slots, prompts and thresholds.

A definition is a JSON or YAML document (see `docs/bots.md`), validated strictly like a flow
(unknown keys are errors) so that a typo in the Designer's Bot Registry shows up when the bot
is saved, not as a silent miss in a call. It is read into frozen dataclasses, which the
trainer, the slot reader and the dialog manager share.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from runtime.safe_yaml import load_yaml

FORMAT = "native-bot"
FORMAT_VERSION = 1
BUILT_IN_TYPES = ("number", "date", "time", "currency", "digits", "phone", "boolean", "text")
_NAME = validate.Regexp(r"^[A-Za-z_][A-Za-z0-9_-]{0,63}$",
                        error="'{input}' is not a valid name: letters, digits, _ and -.")


@dataclass(frozen=True)
class SlotValue:
    value: str
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class SlotType:
    name: str
    values: tuple[SlotValue, ...]


@dataclass(frozen=True)
class Slot:
    name: str
    type: str
    prompt: str
    required: bool = True


@dataclass(frozen=True)
class Intent:
    name: str
    examples: tuple[str, ...]
    slots: tuple[Slot, ...] = ()
    reply: str = ""


@dataclass(frozen=True)
class NativeBot:
    """A validated native bot; `digest` identifies what training depends on."""

    name: str
    intents: tuple[Intent, ...]
    slot_types: Mapping[str, SlotType] = field(default_factory=dict)
    out_of_scope: tuple[str, ...] = ()
    language: str = "en-US"
    threshold: float = 0.3
    fuzzy_threshold: float = 85.0
    max_slot_attempts: int = 2
    messages: Mapping[str, str] = field(default_factory=dict)
    digest: str = ""

    def intent(self, name: str | None) -> Intent | None:
        return next((intent for intent in self.intents if intent.name == name), None)

    def message(self, key: str) -> str:
        return self.messages.get(key, DEFAULT_MESSAGES[key])


DEFAULT_MESSAGES = {
    "welcome": "Hello! How can I help you?",
    "fallback": "Sorry, I did not understand that.",
    "failed": "Sorry, I could not get that information.",
    "retry": "Sorry, I did not catch that. {prompt}",
}


class _Strict(Schema):
    class Meta:
        unknown = RAISE


class _SlotValueSchema(_Strict):
    value = fields.String(required=True, validate=validate.Length(min=1, max=200))
    synonyms = fields.List(fields.String(validate=validate.Length(min=1, max=200)),
                           load_default=list)


class _SlotTypeSchema(_Strict):
    values = fields.List(fields.Nested(_SlotValueSchema), required=True,
                         validate=validate.Length(min=1, max=2000))


class _SlotSchema(_Strict):
    name = fields.String(required=True, validate=_NAME)
    type = fields.String(required=True)
    prompt = fields.String(required=True, validate=validate.Length(min=1, max=1000))
    required = fields.Boolean(load_default=True)


class _IntentSchema(_Strict):
    name = fields.String(required=True, validate=_NAME)
    description = fields.String(load_default="")
    examples = fields.List(fields.String(validate=validate.Length(min=1, max=500)),
                           required=True, validate=validate.Length(min=2, max=2000))
    slots = fields.List(fields.Nested(_SlotSchema), load_default=list)
    reply = fields.String(load_default="", validate=validate.Length(max=2000))


class NativeBotSchema(_Strict):
    format = fields.String(required=True, validate=validate.Equal(FORMAT))
    format_version = fields.Integer(required=True, validate=validate.Equal(FORMAT_VERSION))
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    description = fields.String(load_default="")
    language = fields.String(load_default="en-US")
    threshold = fields.Float(load_default=0.3, validate=validate.Range(min=0, max=1))
    fuzzy_threshold = fields.Float(load_default=85.0, validate=validate.Range(min=50, max=100))
    max_slot_attempts = fields.Integer(load_default=2, validate=validate.Range(min=1, max=10))
    messages = fields.Dict(keys=fields.String(validate=validate.OneOf(DEFAULT_MESSAGES)),
                           values=fields.String(), load_default=dict)
    slot_types = fields.Dict(keys=fields.String(validate=_NAME),
                             values=fields.Nested(_SlotTypeSchema), load_default=dict)
    intents = fields.List(fields.Nested(_IntentSchema), required=True,
                          validate=validate.Length(min=2, max=500))
    out_of_scope = fields.List(fields.String(validate=validate.Length(min=1, max=500)),
                               load_default=list)

    @validates_schema
    def _references(self, data: dict[str, Any], **kwargs: Any) -> None:
        names = [intent["name"] for intent in data.get("intents", [])]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValidationError(f"intent '{duplicates[0]}' is defined twice", "intents")
        known = set(BUILT_IN_TYPES) | set(data.get("slot_types", {}))
        for intent in data.get("intents", []):
            slot_names = [slot["name"] for slot in intent["slots"]]
            if len(set(slot_names)) != len(slot_names):
                raise ValidationError(f"intent '{intent['name']}' names a slot twice", "intents")
            for slot in intent["slots"]:
                if slot["type"] not in known:
                    raise ValidationError(
                        f"slot '{slot['name']}' of intent '{intent['name']}' has type "
                        f"'{slot['type']}', which is neither built in ({', '.join(BUILT_IN_TYPES)})"
                        " nor under slot_types", "intents")


def digest_of(document: Mapping[str, Any]) -> str:
    return hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()


def load_native_bot(document: Mapping[str, Any]) -> NativeBot:
    """A `NativeBot` from its document; `marshmallow.ValidationError` says what is wrong."""
    data = NativeBotSchema().load(dict(document))
    slot_types = {
        name: SlotType(name, tuple(SlotValue(item["value"], tuple(item["synonyms"]))
                                   for item in spec["values"]))
        for name, spec in data["slot_types"].items()}
    intents = tuple(
        Intent(item["name"], tuple(item["examples"]),
               tuple(Slot(**slot) for slot in item["slots"]), item["reply"])
        for item in data["intents"])
    return NativeBot(name=data["name"], intents=intents, slot_types=slot_types,
                     out_of_scope=tuple(data["out_of_scope"]), language=data["language"],
                     threshold=data["threshold"], fuzzy_threshold=data["fuzzy_threshold"],
                     max_slot_attempts=data["max_slot_attempts"], messages=data["messages"],
                     digest=digest_of(document))


def read_native_bot(path: str | Path) -> NativeBot:
    """A definition from a `.json`, `.yaml` or `.yml` file."""
    text = Path(path).read_text(encoding="utf-8")
    document = json.loads(text) if str(path).endswith(".json") else load_yaml(text)
    if not isinstance(document, Mapping):
        raise ValidationError("a native bot definition is a mapping at its top level")
    return load_native_bot(document)
