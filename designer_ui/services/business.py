"""Business Controls as the engine sees them, and data tables to and from CSV.

`ControlsHost` answers the engine's look-ups (hours, flags, table rows, announcements) from
mocks given to the simulator first, then from the database in its environment (the one the
call's or chat's entry point is bound to), read at the moment of the look-up, so a flag a
business user switches or an announcement they reword takes effect at the next block.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from designer_ui.errors import ApiError
from designer_ui.extensions import db
from designer_ui.models import (
    AnnouncementRecord,
    BusinessHoursRecord,
    DataTableRecord,
    EmergencyFlag,
    SpecialDaysRecord,
)
from designer_ui.models.grammars import SrgsGrammarRecord
from interpreter.host import Announcement, BusinessHours, ResourceNotFoundError, StaticHost, pick_language

DEFAULT_ENVIRONMENT = "live"
"""The environment of look-ups and API calls that name none (what applied everywhere before
Business Controls had environments)."""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^[+-][0-9 ().-]*$")


def table_rows(spec: Any) -> tuple[str | None, list[dict[str, Any]]]:
    """A test's table: a list of rows (first column is the key) or {key, rows}."""
    if isinstance(spec, dict):
        return spec.get("key"), list(spec.get("rows") or [])
    return None, list(spec or [])


def control(model: Any, environment: str, name: str) -> Any:
    """One Business Control's record in one environment, or None."""
    return db.session.execute(db.select(model).where(
        model.environment == environment, model.name == name)).scalar()


class ControlsHost:
    def __init__(self, business: Mapping[str, Any] | None = None, clock: datetime | None = None,
                 seed: str | None = None, environment: str = DEFAULT_ENVIRONMENT):
        business = business or {}
        self.environment = environment
        self.clock = clock
        self.seed = seed
        self.hours = dict(business.get("hours") or {})
        self.special_days = dict(business.get("special_days") or {})
        self.flags = dict(business.get("emergency") or {})
        self.tables: dict[str, dict[str, Mapping[str, Any]]] = {}
        for name, spec in (business.get("tables") or {}).items():
            key, rows = table_rows(spec)
            self.tables[name] = StaticHost.rows_by_key(rows, key)
        self.announcements = {name: Announcement.variants(spec)
                              for name, spec in (business.get("announcements") or {}).items()}

    def now(self) -> datetime:
        return self.clock if self.clock is not None else datetime.now(UTC)

    def random_seed(self) -> str | None:
        return self.seed

    def business_hours(self, name: str) -> BusinessHours:
        schedule = self.hours.get(name)
        if schedule is None:
            record = control(BusinessHoursRecord, self.environment, name)
            if record is None:
                raise ResourceNotFoundError(f"there are no business hours named '{name}'")
            schedule = record.schedule
        days = self.special_days.get(name)
        if days is None:
            special = control(SpecialDaysRecord, self.environment, name)
            days = special.days if special is not None else []
        return BusinessHours(schedule, days)

    def emergency_flag(self, name: str) -> bool:
        if name in self.flags:
            return bool(self.flags[name])
        record = control(EmergencyFlag, self.environment, name)
        if record is None:
            raise ResourceNotFoundError(f"there is no emergency flag named '{name}'")
        return record.on

    def table_row(self, table: str, key: str) -> Mapping[str, Any] | None:
        if table in self.tables:
            return self.tables[table].get(key)
        record = control(DataTableRecord, self.environment, table)
        if record is None:
            raise ResourceNotFoundError(f"there is no data table named '{table}'")
        return record.row(key)

    def announcement(self, name: str, language: str) -> Announcement | None:
        if name in self.announcements:
            return pick_language(self.announcements[name], language)
        record = control(AnnouncementRecord, self.environment, name)
        if record is None:
            raise ResourceNotFoundError(f"there is no announcement named '{name}' in "
                                        f"{self.environment}")
        if not record.in_effect(self.now()):
            return None
        variants = Announcement.variants({"texts": record.texts, "recordings": record.recordings},
                                         record.version)
        return pick_language(variants, language)

    def srgs_grammar(self, name: str, language: str) -> str:
        """An uploaded SRGS grammar's text in `language` (or its fallback); not per environment."""
        records = db.session.execute(db.select(SrgsGrammarRecord).where(
            SrgsGrammarRecord.name == name)).scalars()
        source = pick_language({record.language: record.source for record in records}, language)
        if source is None:
            raise ResourceNotFoundError(f"there is no SRGS grammar named '{name}'")
        return str(source)


def check_table(rows: list[dict[str, Any]], key: str | None) -> tuple[str, list[str]]:
    """(key column, columns) of rows a user uploads; 400 when the key is missing or repeated."""
    columns = list(dict.fromkeys(column for row in rows for column in row))
    key = key or (columns[0] if columns else None)
    if key is None:
        raise ApiError(400, "Give the key column ('key') or at least one row.")
    seen: set[str] = set()
    for index, row in enumerate(rows, start=1):
        value = row.get(key)
        if value is None or value == "":
            raise ApiError(400, f"Row {index} has no value in the key column '{key}'.",
                           details={"row": index})
        if str(value) in seen:
            raise ApiError(400, f"Row {index} repeats the key '{value}'.", details={"row": index})
        seen.add(str(value))
    if key not in columns:
        columns.insert(0, key)
    return key, columns


def rows_from_csv(text: str) -> list[dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or any(not name for name in reader.fieldnames):
        raise ApiError(400, "The CSV needs a header row naming every column.")
    if len(set(reader.fieldnames)) != len(reader.fieldnames):
        raise ApiError(400, "The CSV header names a column twice.")
    rows = []
    for row in reader:
        if None in row:
            raise ApiError(400, f"Line {reader.line_num} has more cells than the header.")
        rows.append({column: _uncell(value) for column, value in row.items() if value is not None})
    return rows


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES) and not PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def _uncell(text: str) -> str:
    """Undo `_cell`'s quoting, so an exported table imports back unchanged."""
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def rows_to_csv(columns: list[str], rows: list[dict[str, Any]]) -> str:
    """CSV for spreadsheets; cells a spreadsheet would run as formulas get a leading '
    (phone numbers such as +15551234567 are left alone)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_cell(column) for column in columns])
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    return buffer.getvalue()
