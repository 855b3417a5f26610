"""Keeps a bot's credentials out of what its turns return.

Connectors word their own errors without credentials, but a provider's error text is passed on
("rejected the request: …") and a misconfigured endpoint could echo anything. What a turn
returns ends up in transcripts, analytics and the Designer's simulator, so every string in it
is checked against the bot's own credential values before it leaves the connector.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from interpreter.engine.events import BotResponse
from runtime.bots.definition import BotDefinition

MASK = "[redacted]"
MIN_SECRET_LENGTH = 6
PUBLIC_KEYS = frozenset({"type", "auth_uri", "token_uri", "auth_provider_x509_cert_url",
                         "client_x509_cert_url", "universe_domain"})
"""Fields of a Google service-account key that are the same for everyone, hence no secret."""


def secrets_of(definition: BotDefinition) -> tuple[str, ...]:
    """The credential strings worth hiding, longest first (so no part of one survives)."""
    found: set[str] = set()
    _collect(definition.credentials, found)
    return tuple(sorted(found, key=len, reverse=True))


def _collect(value: Any, found: set[str], key: str = "") -> None:
    if isinstance(value, Mapping):
        for name, item in value.items():
            _collect(item, found, str(name))
    elif isinstance(value, (list, tuple)):
        for item in value:
            _collect(item, found, key)
    elif isinstance(value, str) and key not in PUBLIC_KEYS:
        text = value.strip()
        if len(text) >= MIN_SECRET_LENGTH:
            found.add(text)
        for line in text.splitlines():
            if len(line.strip()) >= 16 and not line.startswith("-----"):
                found.add(line.strip())


def redact_text(text: str, secrets: tuple[str, ...]) -> str:
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, MASK)
    return text


def redact_value(value: Any, secrets: tuple[str, ...]) -> Any:
    """A JSON value with every credential string masked, keys included."""
    if isinstance(value, str):
        return redact_text(value, secrets)
    if isinstance(value, Mapping):
        return {redact_text(str(key), secrets): redact_value(item, secrets)
                for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_value(item, secrets) for item in value]
    return value


def redact_response(response: BotResponse, secrets: tuple[str, ...]) -> BotResponse:
    """The response itself when it holds no credential (the usual case), else a masked copy."""
    if not secrets:
        return response
    masked = replace(
        response,
        error=redact_text(response.error, secrets) if response.error else response.error,
        intent=redact_text(response.intent, secrets) if response.intent else response.intent,
        messages=tuple(redact_text(message, secrets) for message in response.messages),
        slots=redact_value(response.slots, secrets),
        raw=redact_value(response.raw, secrets))
    return response if masked == response else masked
