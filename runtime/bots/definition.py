"""A Bot Registry entry: which provider answers a `bot` block, and how to reach it.

Flows name bots by registry name only; everything provider-specific (ids, region, credentials,
endpoint) lives here so that one flow can move between a test server and the real service by
changing the registry, never the flow. Credentials are kept out of `repr` so that a definition
can appear in a log line or a traceback without leaking them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from marshmallow import RAISE, Schema, ValidationError, fields, post_load, validate, validates_schema

Provider = Literal["lex", "dialogflow_es", "dialogflow_cx", "native", "google_speech",
                   "amazon_transcribe"]
PROVIDERS: tuple[Provider, ...] = ("lex", "dialogflow_es", "dialogflow_cx", "native",
                                   "google_speech", "amazon_transcribe")
ASR_PROVIDERS: tuple[Provider, ...] = ("google_speech", "amazon_transcribe")
"""Entries that hold a speech recogniser's address and credentials rather than a bot's
(`runtime.voice.asr`); a `bot` block cannot talk to them."""

REGION = validate.Regexp(r"^[a-z][a-z0-9]{0,19}(-[a-z0-9]{1,20}){0,4}$",
                         error="A region is a provider's region or location name, like "
                               "'eu-west-1', 'europe-west1' or 'global'.")
"""The providers build their host name from the region (`{region}-dialogflow.googleapis.com`,
`runtime-v2-lex.{region}.amazonaws.com`): only a plain name may go there."""
IDENTIFIER = validate.Regexp(r"^[A-Za-z0-9_.:-]{0,200}$",
                             error="Use letters, digits and _ . : - only (at most 200).")
"""Bot, alias, project, agent and environment ids go into the providers' resource paths."""

REQUIRED_IDS: dict[str, tuple[str, ...]] = {
    "lex": ("bot_id", "alias_id"),
    "dialogflow_es": ("project",),
    "dialogflow_cx": ("project", "agent"),
    "native": (),
    "google_speech": (),
    "amazon_transcribe": (),
}


@dataclass(frozen=True)
class BotDefinition:
    """One registered bot.

    - Lex V2: `bot_id`, `alias_id`, `locale` (e.g. "en_US"; derived from the turn's language
      when empty), `region` (the AWS region).
    - Dialogflow ES: `project`, optional `environment`; `region` is the location ("global").
    - Dialogflow CX: `project`, `agent`, optional `environment`; `region` is the location.
    - native: `native` holds the native bot's definition document (see `runtime.bots.native`).

    `language` is used when the turn carries none. `endpoint` replaces the provider's address
    (a local test server, a VPC endpoint). `timeout_ms` bounds one turn including retries;
    `max_retries` is how many times a transient failure (throttling, unavailable, 5xx) is tried
    again. `opening` is what is sent when the bot speaks first: an utterance for Lex (default
    "Hello"), an event name for Dialogflow ES (default "WELCOME") and CX (default: its Default
    Welcome Intent).
    """

    name: str
    provider: Provider
    bot_id: str | None = None
    alias_id: str | None = None
    locale: str | None = None
    project: str | None = None
    agent: str | None = None
    environment: str | None = None
    region: str | None = None
    language: str = "en-US"
    credentials: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)
    endpoint: str | None = None
    timeout_ms: int = 8000
    max_retries: int = 2
    opening: str | None = None
    native: Mapping[str, Any] | None = field(default=None, repr=False)

    @property
    def timeout_s(self) -> float:
        return self.timeout_ms / 1000

    def fingerprint(self) -> str:
        """A stable digest of everything that shapes a client (credentials included, unprinted).

        Connectors key their cached clients by it, so editing a registry entry takes effect on
        the next turn without restarting the host.
        """
        document = {**to_dict(self), "credentials": dict(self.credentials)}
        encoded = json.dumps(document, sort_keys=True, default=str).encode()
        return hashlib.sha256(encoded).hexdigest()


def for_turn(definition: BotDefinition, effect: Any) -> BotDefinition:
    """The definition with the turn's own time budget, when the turn carries one.

    The `bot` block has a `timeout_ms` prop; once `BotTurn` carries it (see the note for the
    engine), the flow's choice bounds the turn instead of the registry's default.
    """
    timeout_ms = getattr(effect, "timeout_ms", None)
    if isinstance(timeout_ms, int) and timeout_ms > 0 and timeout_ms != definition.timeout_ms:
        return replace(definition, timeout_ms=timeout_ms)
    return definition


class BotDefinitionSchema(Schema):
    """The registry's JSON form of a definition; unknown keys are an error, as in flows."""

    class Meta:
        unknown = RAISE

    name = fields.String(required=True,
                         validate=validate.Regexp(r"^[A-Za-z0-9_][A-Za-z0-9_ .-]{0,63}$"))
    provider = fields.String(required=True, validate=validate.OneOf(PROVIDERS))
    bot_id = fields.String(load_default=None, allow_none=True, validate=IDENTIFIER)
    alias_id = fields.String(load_default=None, allow_none=True, validate=IDENTIFIER)
    locale = fields.String(load_default=None, allow_none=True)
    project = fields.String(load_default=None, allow_none=True, validate=IDENTIFIER)
    agent = fields.String(load_default=None, allow_none=True, validate=IDENTIFIER)
    environment = fields.String(load_default=None, allow_none=True, validate=IDENTIFIER)
    region = fields.String(load_default=None, allow_none=True, validate=REGION)
    language = fields.String(load_default="en-US")
    credentials = fields.Dict(keys=fields.String(), load_default=dict)
    endpoint = fields.String(load_default=None, allow_none=True)
    timeout_ms = fields.Integer(load_default=8000, validate=validate.Range(min=100, max=120000))
    max_retries = fields.Integer(load_default=2, validate=validate.Range(min=0, max=10))
    opening = fields.String(load_default=None, allow_none=True)
    native = fields.Dict(keys=fields.String(), load_default=None, allow_none=True)

    @validates_schema
    def _provider_ids(self, data: dict[str, Any], **kwargs: Any) -> None:
        provider = data.get("provider")
        missing = [key for key in REQUIRED_IDS.get(str(provider), ()) if not data.get(key)]
        if missing:
            raise ValidationError(f"a {provider} bot needs {', '.join(missing)}", missing[0])
        if provider == "native" and not data.get("native"):
            raise ValidationError("a native bot needs its definition under 'native'", "native")

    @post_load
    def _build(self, data: dict[str, Any], **kwargs: Any) -> BotDefinition:
        return BotDefinition(**data)


def load_definition(document: Mapping[str, Any]) -> BotDefinition:
    """A definition from its registry JSON; `marshmallow.ValidationError` names bad fields."""
    definition: BotDefinition = BotDefinitionSchema().load(dict(document))
    return definition


def to_dict(definition: BotDefinition, *, with_credentials: bool = False) -> dict[str, Any]:
    """The registry JSON of a definition; credentials only when asked (never for display)."""
    document: dict[str, Any] = {
        key: getattr(definition, key) for key in BotDefinitionSchema().fields
        if key != "credentials"
    }
    document["native"] = dict(definition.native) if definition.native is not None else None
    if with_credentials:
        document["credentials"] = dict(definition.credentials)
    return document
