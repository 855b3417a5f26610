"""Copying Business Controls from one environment to another, with the difference first.

A promotion makes every control the source environment has equal in the target (controls only
the target has are kept), so what was tried on a test number goes live as it was tried. The
diff names what will change in words a business user reads: 'test -> live: 2 rows changed in
`holidays`, emergency `storm` on'.
"""

from __future__ import annotations

from collections.abc import Iterable
from copy import deepcopy
from dataclasses import dataclass
from typing import Any

from designer_ui.extensions import db
from designer_ui.models import (
    AnnouncementRecord,
    BusinessHoursRecord,
    DataTableRecord,
    EmergencyFlag,
    SpecialDaysRecord,
)
from designer_ui.models.base import utcnow

VALUES: dict[str, tuple[type[Any], tuple[str, ...]]] = {
    "tables": (DataTableRecord, ("key_column", "columns", "rows")),
    "emergency": (EmergencyFlag, ("on",)),
    "hours": (BusinessHoursRecord, ("schedule",)),
    "special-days": (SpecialDaysRecord, ("days",)),
    "announcements": (AnnouncementRecord, ("texts", "recordings", "starts_at", "ends_at")),
}
"""Each kind's model and the columns that make its value (what a promotion copies)."""


@dataclass(frozen=True)
class Change:
    kind: str
    name: str
    change: str
    """added (the target has none by that name) or changed"""
    detail: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "name": self.name, "change": self.change,
                "detail": self.detail}


def _records(model: Any, environment: str) -> dict[str, Any]:
    rows = db.session.execute(db.select(model).where(model.environment == environment)
                              ).scalars()
    return {record.name: record for record in rows}


def _value(record: Any, columns: Iterable[str]) -> tuple[Any, ...]:
    return tuple(getattr(record, column) for column in columns)


def _changed_rows(source: DataTableRecord, target: DataTableRecord | None) -> int:
    """Rows added, removed or changed, matched by the source's key column."""
    key = source.key_column
    old = {str(row.get(key)): row for row in (target.rows if target else [])}
    new = {str(row.get(key)): row for row in source.rows}
    return sum(1 for k in new.keys() | old.keys() if new.get(k) != old.get(k))


def _detail(kind: str, name: str, source: Any, target: Any) -> str:
    if kind == "tables":
        count = _changed_rows(source, target)
        if target is not None and count == 0:
            return f"columns changed in `{name}`"
        return f"{count} row{'s' if count != 1 else ''} changed in `{name}`"
    if kind == "emergency":
        return f"emergency `{name}` {'on' if source.on else 'off'}"
    label = {"hours": "business hours", "special-days": "special days",
             "announcements": "announcement"}[kind]
    return f"{'new ' if target is None else ''}{label} `{name}`"


def diff(source: str, target: str) -> list[Change]:
    """What copying `source` to `target` would change, kind by kind, in name order."""
    changes: list[Change] = []
    for kind, (model, columns) in VALUES.items():
        targets = _records(model, target)
        for name, record in sorted(_records(model, source).items()):
            existing = targets.get(name)
            if existing is not None and _value(existing, columns) == _value(record, columns):
                continue
            changes.append(Change(kind, name, "added" if existing is None else "changed",
                                  _detail(kind, name, record, existing)))
    return changes


def summary(source: str, target: str, changes: list[Change]) -> str:
    if not changes:
        return f"{source} -> {target}: no changes"
    return f"{source} -> {target}: " + ", ".join(change.detail for change in changes)


def apply(source: str, target: str, changes: list[Change], username: str) -> None:
    """Copy the changed controls into `target` (the caller commits and audits)."""
    now = utcnow()
    for change in changes:
        model, columns = VALUES[change.kind]
        record = _records(model, source)[change.name]
        twin = db.session.execute(db.select(model).where(
            model.environment == target, model.name == change.name)).scalar()
        if twin is None:
            twin = model(environment=target, name=change.name)
            db.session.add(twin)
        for column in columns:
            setattr(twin, column, deepcopy(getattr(record, column)))
        if change.kind == "announcements":
            twin.version = (twin.version or 0) + 1
        twin.updated_at, twin.updated_by = now, username
