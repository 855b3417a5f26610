"""The world a case runs in: its clock, caller, business resources and mocked services.

A test file's `given` is merged key by key into each case's `given`, then turned into a `Given`
(checked once, when the file is loaded) and, per run, into a `StaticHost` for the engine.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from interpreter.engine.queue_status import QUEUE
from interpreter.grammars.srgs import SrgsError, parse_srgs
from interpreter.host import Announcement, BusinessHours, StaticHost

DEFAULT_NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
"""The clock of a case without `now`: Monday 5 January 2026, noon UTC. Never the wall clock."""

_MERGED_BY_KEY = ("system", "bots", "queue")
_BUSINESS_REPLACED = ("tables",)


class GivenError(ValueError):
    """A `given` value that cannot be used (a bad date, a malformed table)."""


def merge_given(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """The file's `given` with a case's on top.

    `system` and `bots` merge by key; `business` merges each resource kind by name, except
    `tables`, which a case replaces whole; a case's `http` mocks are tried before the file's;
    anything else (`now`, `seed`, `language`) is replaced.
    """
    merged = dict(base)
    for key, value in override.items():
        if key in _MERGED_BY_KEY:
            merged[key] = {**base.get(key, {}), **value}
        elif key == "business":
            merged[key] = _merge_business(base.get(key, {}), value)
        elif key == "http":
            merged[key] = [*value, *base.get(key, [])]
        else:
            merged[key] = value
    return merged


def _merge_business(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        merged[key] = value if key in _BUSINESS_REPLACED else {**base.get(key, {}), **value}
    return merged


@dataclass(frozen=True)
class Given:
    now: datetime = DEFAULT_NOW
    system: Mapping[str, Any] = field(default_factory=dict)
    hours: Mapping[str, BusinessHours] = field(default_factory=dict)
    flags: Mapping[str, bool] = field(default_factory=dict)
    tables: Mapping[str, dict[str, Mapping[str, Any]]] = field(default_factory=dict)
    announcements: Mapping[str, dict[str, Announcement]] = field(default_factory=dict)
    grammars: Mapping[str, dict[str, str]] = field(default_factory=dict)
    """SRGS grammar name -> language -> text (`business.grammars`), checked when loaded."""
    http: tuple[Mapping[str, Any], ...] = ()
    bots: Mapping[str, tuple[Mapping[str, Any], ...]] = field(default_factory=dict)
    seed: str | None = None
    language: str | None = None

    def host(self, case_name: str) -> StaticHost:
        """A fresh host for one run: its own clock (mocks may advance it) and tables."""
        return StaticHost(clock=self.now, seed=self.seed or seed_for(case_name),
                          hours=dict(self.hours), flags=dict(self.flags),
                          tables={name: dict(rows) for name, rows in self.tables.items()},
                          announcements=dict(self.announcements),
                          grammars={name: dict(texts) for name, texts in self.grammars.items()})


def seed_for(case_name: str) -> str:
    """The Math.random seed of a case: derived from its name, the same on every channel."""
    return hashlib.sha256(case_name.encode("utf-8")).hexdigest()[:16]


def build_given(raw: Mapping[str, Any]) -> Given:
    """Check a merged `given` and index its resources; raises GivenError."""
    business = raw.get("business", {})
    hours_raw: Mapping[str, Any] = business.get("hours", {})
    special: Mapping[str, Any] = business.get("special_days", {})
    unknown = sorted(set(special) - set(hours_raw))
    if unknown:
        raise GivenError(f"business.special_days names '{unknown[0]}', which has no "
                         "business.hours entry.")
    hours = {name: BusinessHours(dict(schedule), tuple(special.get(name, ())))
             for name, schedule in hours_raw.items()}
    tables = {name: _table(name, table) for name, table in business.get("tables", {}).items()}
    bots = {name: tuple(replies) for name, replies in raw.get("bots", {}).items()}
    announcements = {name: _announcement(name, spec)
                     for name, spec in business.get("announcements", {}).items()}
    return Given(now=parse_now(raw["now"]) if "now" in raw else DEFAULT_NOW,
                 system=_with_queue(js_values(raw.get("system", {})), raw.get("queue")),
                 hours=hours,
                 flags=dict(business.get("emergency", {})), tables=tables,
                 announcements=announcements, grammars=_grammars(business.get("grammars", {})),
                 http=tuple(raw.get("http", ())), bots=bots, seed=raw.get("seed"),
                 language=raw.get("language"))


def _with_queue(system: Mapping[str, Any], queue: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """`given.queue` becomes `system.Queue` (with `estimated_wait_s` read as `ewt_s`), on top
    of whatever `given.system.Queue` says."""
    if not queue:
        return system
    figures = dict(system.get(QUEUE) or {})
    if "name" in queue:
        figures["name"] = queue["name"]
    if "position" in queue:
        figures["position"] = int(queue["position"])
    wait = queue.get("ewt_s", queue.get("estimated_wait_s"))
    if wait is not None:
        figures["ewt_s"] = round(float(wait))
    return {**system, QUEUE: figures}


def _grammars(raw: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, str]]:
    """`business.grammars`, each text compiled once here so a broken one names its line."""
    for name, texts in raw.items():
        for language, text in texts.items():
            try:
                parse_srgs(text)
            except SrgsError as exc:
                raise GivenError(f"business.grammars.{name}.{language}: {exc}.") from None
    return {name: dict(texts) for name, texts in raw.items()}


def parse_now(text: str) -> datetime:
    """An ISO 8601 date or date-time; without an offset it is UTC."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise GivenError(f"now: '{text}' is not an ISO 8601 date-time such as "
                             "'2026-11-25T10:00:00-05:00'.") from None
        moment = datetime(day.year, day.month, day.day)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _announcement(name: str, spec: Any) -> dict[str, Announcement]:
    try:
        return Announcement.variants(spec)
    except ValueError as exc:
        raise GivenError(f"business.announcements.{name}: {exc}.") from None


def _table(name: str, table: Any) -> dict[str, Mapping[str, Any]]:
    key: str | None = None
    rows = table
    if isinstance(table, Mapping):
        if set(table) != {"key", "rows"} or not isinstance(table["key"], str):
            raise GivenError(f"business.tables.{name} is a list of rows or "
                             "{key: COLUMN, rows: [...]}.")
        key, rows = table["key"], table["rows"]
    if not isinstance(rows, Sequence) or isinstance(rows, str) or not all(
            isinstance(row, Mapping) and row for row in rows):
        raise GivenError(f"business.tables.{name}: the rows are a list of mappings "
                         "(column: value).")
    if key is not None and any(key not in row for row in rows):
        raise GivenError(f"business.tables.{name}: a row has no '{key}' column.")
    return StaticHost.rows_by_key(rows, key)


def js_values(value: Any) -> Any:
    """YAML data as flow values: whole numbers become JS numbers (floats), the rest is kept."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return float(value)
    if isinstance(value, Mapping):
        return {str(key): js_values(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [js_values(item) for item in value]
    return value
