"""What the engine may ask of its host while stepping: the clock and business resources.

These are read-only look-ups with no waiting (business hours, emergency flags, data table rows),
so they are a small interface rather than effects. Hosts answer from memory, a cache or their
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


@dataclass
class StaticHost:
    """Host services from fixed data: the flow-test runner, the console simulator, examples."""

    clock: datetime | None = None
    seed: str | None = None
    hours: dict[str, BusinessHours] = field(default_factory=dict)
    flags: dict[str, bool] = field(default_factory=dict)
    tables: dict[str, dict[str, Mapping[str, Any]]] = field(default_factory=dict)

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
