"""What the engine may ask of its host while stepping: the clock and business resources.

These are read-only look-ups with no waiting (business hours, emergency flags, data table rows,
announcements), so they are a small interface rather than effects. Hosts answer from memory, a cache or their
store; the flow-test runner answers from the test's `given`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol


class ResourceNotFoundError(LookupError):
    """A flow names a business resource (hours, flag, table) that does not exist."""


@dataclass(frozen=True, slots=True)
class BusinessHours:
    schedule: Mapping[str, Any]
    special_days: Sequence[Any] = ()


@dataclass(frozen=True, slots=True)
class Announcement:
    """A named prompt business users own: its text and/or recording in the caller's language,
    and its version (bumped on every change, so players can cache by it)."""

    text: str | None = None
    audio: str | None = None
    version: int = 0

    @staticmethod
    def variants(spec: Any, version: int = 0) -> dict[str, Announcement]:
        """Per-language announcements from a text (any language) or from
        `{"texts": {language: text}, "recordings": {language: audio ref}}`, the shape the
        Designer stores and flow tests and the simulator give; ValueError if neither."""
        if isinstance(spec, str):
            return {"": Announcement(text=spec, version=version)}
        if not isinstance(spec, Mapping) or not set(spec) <= {"texts", "recordings"}:
            raise ValueError("an announcement is a text or {texts: {LANGUAGE: TEXT}, "
                             "recordings: {LANGUAGE: AUDIO}}")
        texts, recordings = spec.get("texts") or {}, spec.get("recordings") or {}
        if not isinstance(texts, Mapping) or not isinstance(recordings, Mapping) or not all(
                isinstance(value, str) for value in (*texts.values(), *recordings.values())):
            raise ValueError("an announcement's texts and recordings map languages to texts")
        return {language: Announcement(texts.get(language), recordings.get(language), version)
                for language in {**texts, **recordings}}


class HostServices(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware."""
        ...

    def random_seed(self) -> str | None:
        """A fixed seed for Math.random (tests), or None for the session id."""
        ...

    def business_hours(self, name: str) -> BusinessHours:
        ...

    def emergency_flag(self, name: str) -> bool:
        ...

    def table_row(self, table: str, key: str) -> Mapping[str, Any] | None:
        ...

    def announcement(self, name: str, language: str) -> Announcement | None:
        """The announcement in `language` (or its fallback); None outside its effective period;
        ResourceNotFoundError when there is none by that name."""
        ...

    def srgs_grammar(self, name: str, language: str) -> str:
        """The text of the SRGS grammar uploaded as `name` for `language` (or its fallback);
        ResourceNotFoundError when there is none."""
        ...


@dataclass
class StaticHost:
    """Host services from fixed data: the flow-test runner, the console simulator, examples."""

    clock: datetime | None = None
    seed: str | None = None
    hours: dict[str, BusinessHours] = field(default_factory=dict)
    flags: dict[str, bool] = field(default_factory=dict)
    tables: dict[str, dict[str, Mapping[str, Any]]] = field(default_factory=dict)
    announcements: dict[str, dict[str, Announcement]] = field(default_factory=dict)
    """Announcement name -> language -> announcement ("" is any language)."""
    grammars: dict[str, dict[str, str]] = field(default_factory=dict)
    """SRGS grammar name -> language -> grammar text ("" is any language)."""

    def now(self) -> datetime:
        return self.clock if self.clock is not None else datetime.now(UTC)

    def random_seed(self) -> str | None:
        return self.seed

    def business_hours(self, name: str) -> BusinessHours:
        try:
            return self.hours[name]
        except KeyError:
            raise ResourceNotFoundError(f"there are no business hours named '{name}'") from None

    def emergency_flag(self, name: str) -> bool:
        try:
            return self.flags[name]
        except KeyError:
            raise ResourceNotFoundError(f"there is no emergency flag named '{name}'") from None

    def table_row(self, table: str, key: str) -> Mapping[str, Any] | None:
        try:
            rows = self.tables[table]
        except KeyError:
            raise ResourceNotFoundError(f"there is no data table named '{table}'") from None
        return rows.get(key)

    def announcement(self, name: str, language: str) -> Announcement | None:
        try:
            variants = self.announcements[name]
        except KeyError:
            raise ResourceNotFoundError(f"there is no announcement named '{name}'") from None
        return pick_language(variants, language)

    def srgs_grammar(self, name: str, language: str) -> str:
        source = pick_language(self.grammars.get(name, {}), language)
        if source is None:
            raise ResourceNotFoundError(f"there is no SRGS grammar named '{name}'")
        return str(source)

    @staticmethod
    def rows_by_key(rows: Sequence[Mapping[str, Any]], key: str | None = None
                    ) -> dict[str, Mapping[str, Any]]:
        """Index table rows by their primary key (the first column unless named)."""
        indexed: dict[str, Mapping[str, Any]] = {}
        for row in rows:
            column = key or next(iter(row), None)
            if column is None:
                continue
            indexed[str(row.get(column))] = row
        return indexed


def pick_language(variants: Mapping[str, Any], language: str) -> Any:
    """The variant for `language`, else its primary language ("es" for "es-MX"), else the
    language-neutral one (""), else the first; None when there are none."""
    primary = language.split("-")[0]
    for candidate in (language, primary, ""):
        if candidate in variants:
            return variants[candidate]
    for key, value in variants.items():
        if key.split("-")[0] == primary:
            return value
    return next(iter(variants.values()), None)
