"""Which recogniser hears a language: the voice settings' `asr_routes`, checked at start-up.

`asr_routes` maps a language tag ("es-ES"), a primary language ("es") or "*" to
`{"provider": "pocketsphinx" | "google" | "transcribe", "credentials": "<Bot Registry entry>"}`;
the most specific key wins. English without a route goes to pocketsphinx (offline, the
default); any other language without one is refused with a clear error rather than decoded
with the English model. A cloud provider's address and credentials are a Bot Registry entry
(provider `google_speech` or `amazon_transcribe`), read through the same `DefinitionSource`
the worker's bot turns use, so they stay encrypted in the Designer's database and a registry
edit counts from the next utterance. Recognisers are built once per entry version.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from runtime.bots.definition import BotDefinition
from runtime.bots.registry import DefinitionSource
from runtime.voice.asr.base import AsrError, Recognizer
from runtime.voice.asr.pocketsphinx import NAME as POCKETSPHINX
from runtime.voice.asr.pocketsphinx import is_english

REGISTRY_KIND = {"google": "google_speech", "transcribe": "amazon_transcribe"}
"""The Bot Registry provider each cloud recogniser's entry must have."""
PROVIDERS = (POCKETSPHINX, *REGISTRY_KIND)


@dataclass(frozen=True, slots=True)
class AsrRoute:
    provider: str
    credentials: str | None = None


def parse_routes(data: Mapping[str, Any]) -> dict[str, AsrRoute]:
    """The settings' routes, checked; `ValueError` names the first wrong one."""
    routes: dict[str, AsrRoute] = {}
    for language, value in data.items():
        if not isinstance(value, Mapping) or set(value) - {"provider", "credentials"}:
            raise ValueError(f"asr_routes[{language!r}] must be {{provider, credentials?}}")
        provider = value.get("provider")
        if provider not in PROVIDERS:
            raise ValueError(f"asr_routes[{language!r}]: unknown provider {provider!r}; "
                             f"one of {', '.join(PROVIDERS)}")
        credentials = value.get("credentials")
        if provider in REGISTRY_KIND and not isinstance(credentials, str):
            raise ValueError(f"asr_routes[{language!r}]: a {provider} route names its Bot "
                             "Registry entry under 'credentials'")
        if provider == POCKETSPHINX and not is_english(language if language != "*" else "en"):
            raise ValueError(f"asr_routes[{language!r}]: pocketsphinx recognises English only")
        routes[language.lower().replace("_", "-")] = AsrRoute(str(provider), credentials)
    return routes


def route_for(routes: Mapping[str, AsrRoute], language: str) -> AsrRoute:
    tag = language.lower().replace("_", "-")
    for key in (tag, tag.split("-")[0], "*"):
        if key in routes:
            return routes[key]
    if is_english(tag):
        return AsrRoute(POCKETSPHINX)
    raise AsrError(f"no speech recogniser is configured for {language} (voice setting "
                   "asr_routes)")


def _cloud_recognizer(provider: str, definition: BotDefinition) -> Recognizer:
    if provider == "google":
        from runtime.voice.asr.google import GoogleSpeechRecognizer

        return GoogleSpeechRecognizer(definition)
    from runtime.voice.asr.transcribe import TranscribeRecognizer

    return TranscribeRecognizer(definition)


class AsrSelector:
    """`recognizer_for(language)`: the configured recogniser, built on first use."""

    def __init__(self, routes: Mapping[str, AsrRoute], definitions: DefinitionSource | None,
                 offline: Callable[[], Recognizer],
                 cloud: Callable[[str, BotDefinition], Recognizer] = _cloud_recognizer):
        self.routes = dict(routes)
        self.definitions = definitions
        self._offline_factory = offline
        self._offline: Recognizer | None = None
        self._cloud_factory = cloud
        self._cloud: dict[tuple[str, str], tuple[str, Recognizer]] = {}
        self._lock = threading.Lock()

    def recognizer_for(self, language: str) -> Recognizer:
        route = route_for(self.routes, language)
        with self._lock:
            if route.provider == POCKETSPHINX:
                if self._offline is None:
                    self._offline = self._offline_factory()
                return self._offline
            definition = self._definition(route)
            key = (route.provider, route.credentials or "")
            fingerprint = definition.fingerprint()
            built = self._cloud.get(key)
            if built is None or built[0] != fingerprint:
                if built is not None:
                    built[1].close()
                built = (fingerprint, self._cloud_factory(route.provider, definition))
                self._cloud[key] = built
            return built[1]

    def _definition(self, route: AsrRoute) -> BotDefinition:
        name = route.credentials or ""
        definition = self.definitions.definition(name) if self.definitions else None
        if definition is None:
            raise AsrError(f"the Bot Registry has no entry '{name}' for {route.provider} "
                           "speech recognition")
        if definition.provider != REGISTRY_KIND[route.provider]:
            raise AsrError(f"Bot Registry entry '{name}' is a {definition.provider} entry, "
                           f"not {REGISTRY_KIND[route.provider]}")
        return definition

    def close(self) -> None:
        with self._lock:
            for _, recognizer in self._cloud.values():
                recognizer.close()
            self._cloud.clear()
