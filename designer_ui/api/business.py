"""Business Controls: business hours, special days, emergency flags and data tables, which
business users change while flows run (read by anyone, changed by business users and admins)."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Response, jsonify, request
from marshmallow import Schema

from designer_ui.api.docs import documented
from designer_ui.api.http import json_body, no_content
from designer_ui.api.schemas.business import (
    EmergencyIn,
    EmergencyOut,
    HoursIn,
    HoursOut,
    SpecialDaysIn,
    SpecialDaysOut,
    TableIn,
    TableOut,
)
from designer_ui.api.schemas.common import NAME_PATTERN
from designer_ui.errors import ApiError
from designer_ui.extensions import Base, db
from designer_ui.models import BusinessHoursRecord, DataTableRecord, EmergencyFlag, SpecialDaysRecord
from designer_ui.models.base import utcnow
from designer_ui.security import current_user, requires
from designer_ui.services import audit
from designer_ui.services.business import check_table, rows_from_csv, rows_to_csv
from interpreter.business_calendar import validate_schedule, validate_special_days

blueprint = Blueprint("business", __name__)
EDITORS = ("business",)
KINDS: dict[str, tuple[type[Any], str]] = {
    "hours": (BusinessHoursRecord, "business hours"),
    "special-days": (SpecialDaysRecord, "special days"),
    "emergency": (EmergencyFlag, "emergency flag"),
    "tables": (DataTableRecord, "data table"),
}


def _name(name: str) -> str:
    if not re.match(NAME_PATTERN, name):
        raise ApiError(400, "Names are 1-64 letters, digits, spaces and _ . -, not starting with "
                       "a space, dot or dash.")
    return name


def _get(kind: str, name: str) -> Any:
    model, label = KINDS[kind]
    record = db.session.get(model, name)
    if record is None:
        raise ApiError(404, f"There is no {label} named '{name}'.")
    return record


def _save(kind: str, name: str, **values: Any) -> Any:
    model, _ = KINDS[kind]
    record = db.session.get(model, _name(name))
    if record is None:
        record = model(name=name)
        db.session.add(record)
    for key, value in values.items():
        setattr(record, key, value)
    record.updated_at, record.updated_by = utcnow(), current_user().username
    details: dict[str, Any] = {key: len(value) if key == "rows" else value
                               for key, value in values.items()}
    audit.record(f"business.{kind}.save", f"{kind}:{name}", **details)
    db.session.commit()
    return record


def _list(model: type[Base]) -> Response:
    records = db.session.execute(db.select(model).order_by(model.name)).scalars()  # type: ignore[attr-defined]
    return jsonify([record.to_dict() for record in records])


def _problems(messages: list[str]) -> None:
    if messages:
        raise ApiError(400, messages[0], code="invalid_schedule", details={"problems": messages})


def _register(kind: str, body: type[Schema], out: type[Schema],
              store: Any) -> None:
    model, label = KINDS[kind]

    @requires()
    @documented(f"List {label} records", response=out, many=True)
    def list_all() -> Any:
        return _list(model)

    @requires()
    @documented(f"Read {label}", response=out, errors=(404,))
    def read(name: str) -> Any:
        return jsonify(_get(kind, name).to_dict())

    @requires(*EDITORS)
    @documented(f"Create or change {label}", body=body, response=out)
    def write(name: str) -> Any:
        return jsonify(store(name, json_body(body())).to_dict())

    @requires(*EDITORS)
    @documented(f"Delete {label}", status=204, errors=(404,))
    def delete(name: str) -> Any:
        record = _get(kind, name)
        db.session.delete(record)
        audit.record(f"business.{kind}.delete", f"{kind}:{name}")
        db.session.commit()
        return no_content()

    endpoint = kind.replace("-", "_")
    for view, suffix in ((list_all, "list"), (read, "read"), (write, "write"), (delete, "delete")):
        view.__name__ = f"{endpoint}_{suffix}"
    blueprint.add_url_rule(f"/business/{kind}", view_func=list_all, methods=["GET"])
    blueprint.add_url_rule(f"/business/{kind}/<name>", view_func=read, methods=["GET"])
    blueprint.add_url_rule(f"/business/{kind}/<name>", view_func=write, methods=["PUT"])
    blueprint.add_url_rule(f"/business/{kind}/<name>", view_func=delete, methods=["DELETE"])


def _store_hours(name: str, data: dict[str, Any]) -> Any:
    _problems(validate_schedule(data["schedule"]))
    return _save("hours", name, schedule=data["schedule"])


def _store_special_days(name: str, data: dict[str, Any]) -> Any:
    _problems(validate_special_days(data["days"]))
    return _save("special-days", name, days=data["days"])


def _store_emergency(name: str, data: dict[str, Any]) -> Any:
    return _save("emergency", name, on=data["on"])


def _store_table(name: str, data: dict[str, Any]) -> Any:
    key, columns = check_table(data["rows"], data["key"])
    return _save("tables", name, key_column=key, columns=columns, rows=data["rows"])


_register("hours", HoursIn, HoursOut, _store_hours)
_register("special-days", SpecialDaysIn, SpecialDaysOut, _store_special_days)
_register("emergency", EmergencyIn, EmergencyOut, _store_emergency)
_register("tables", TableIn, TableOut, _store_table)


@blueprint.get("/business/tables/<name>/csv")
@requires()
@documented("A data table as CSV", produces="text/csv", errors=(404,))
def table_csv(name: str) -> Any:
    record = _get("tables", name)
    response = Response(rows_to_csv(record.columns, record.rows), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="table.csv"'
    return response


@blueprint.put("/business/tables/<name>/csv")
@requires(*EDITORS)
@documented("Replace a data table from CSV (header row; `?key=` names the key column, default "
            "the first)", content_type="text/csv", response=TableOut)
def import_table_csv(name: str) -> Any:
    if request.mimetype not in ("text/csv", "text/plain"):
        raise ApiError(415, "Send the table with 'Content-Type: text/csv'.")
    try:
        text = request.get_data().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ApiError(400, "The CSV is not UTF-8 text.") from None
    rows = rows_from_csv(text)
    key, columns = check_table(rows, request.args.get("key"))
    return jsonify(_save("tables", name, key_column=key, columns=columns, rows=rows).to_dict())
