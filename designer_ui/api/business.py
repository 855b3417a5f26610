"""Business Controls: business hours, special days, emergency flags, data tables and
announcements, which business users change while flows run (read by anyone, changed by business
users and admins). Every control holds a value per environment: `?environment=dev|test|live`
(default live) picks which one a request reads or changes; `/business/promotion` copies one
environment's controls to another, showing the difference first."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Response, jsonify, request
from marshmallow import Schema

from designer_ui.api.docs import documented
from designer_ui.api.http import json_body, no_content, query_args
from designer_ui.api.schemas.business import (
    AnnouncementIn,
    AnnouncementOut,
    EmergencyIn,
    EmergencyOut,
    HoursIn,
    HoursOut,
    PromotionIn,
    PromotionOut,
    SpecialDaysIn,
    SpecialDaysOut,
    TableIn,
    TableOut,
)
from designer_ui.api.schemas.common import NAME_PATTERN
from designer_ui.api.versions import may_promote
from designer_ui.errors import ApiError
from designer_ui.extensions import Base, db
from designer_ui.models import (
    ENVIRONMENTS,
    AnnouncementRecord,
    BusinessHoursRecord,
    DataTableRecord,
    EmergencyFlag,
    SpecialDaysRecord,
)
from designer_ui.models.base import utcnow
from designer_ui.security import current_user, requires
from designer_ui.services import audit, business_promotion
from designer_ui.services.business import (
    DEFAULT_ENVIRONMENT,
    check_table,
    control,
    rows_from_csv,
    rows_to_csv,
)
from interpreter.business_calendar import validate_schedule, validate_special_days

blueprint = Blueprint("business", __name__)
EDITORS = ("business",)
KINDS: dict[str, tuple[type[Any], str]] = {
    "hours": (BusinessHoursRecord, "business hours"),
    "special-days": (SpecialDaysRecord, "special days"),
    "emergency": (EmergencyFlag, "emergency flag"),
    "tables": (DataTableRecord, "data table"),
    "announcements": (AnnouncementRecord, "announcement"),
}


def _environment() -> str:
    """The environment a request reads or changes: `?environment=`, default live."""
    environment = request.args.get("environment", DEFAULT_ENVIRONMENT)
    if environment not in ENVIRONMENTS:
        raise ApiError(400, f"There is no environment '{environment[:32]}' (there are "
                       f"{', '.join(ENVIRONMENTS)}).")
    return environment


def _name(name: str) -> str:
    if not re.match(NAME_PATTERN, name):
        raise ApiError(400, "Names are 1-64 letters, digits, spaces and _ . -, not starting with "
                       "a space, dot or dash.")
    return name


def _get(kind: str, name: str) -> Any:
    model, label = KINDS[kind]
    environment = _environment()
    record = control(model, environment, name)
    if record is None:
        raise ApiError(404, f"There is no {label} named '{name}' in {environment}.")
    return record


def _save(kind: str, name: str, **values: Any) -> Any:
    model, _ = KINDS[kind]
    environment = _environment()
    record = control(model, environment, _name(name))
    if record is None:
        record = model(environment=environment, name=name)
        db.session.add(record)
    for key, value in values.items():
        setattr(record, key, value)
    if kind == "announcements":
        record.version = (record.version or 0) + 1
    record.updated_at, record.updated_by = utcnow(), current_user().username
    details: dict[str, Any] = {key: len(value) if key == "rows" else value
                               for key, value in values.items()
                               if key not in ("starts_at", "ends_at")}
    audit.record(f"business.{kind}.save", f"{kind}:{name}", environment=environment, **details)
    db.session.commit()
    return record


def _list(model: type[Base]) -> Response:
    records = db.session.execute(db.select(model).where(
        model.environment == _environment()).order_by(model.name)).scalars()  # type: ignore[attr-defined]
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
        audit.record(f"business.{kind}.delete", f"{kind}:{name}",
                     environment=record.environment)
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


def _store_announcement(name: str, data: dict[str, Any]) -> Any:
    return _save("announcements", name, texts=data["texts"], recordings=data["recordings"],
                 starts_at=data["starts_at"], ends_at=data["ends_at"])


_register("hours", HoursIn, HoursOut, _store_hours)
_register("special-days", SpecialDaysIn, SpecialDaysOut, _store_special_days)
_register("emergency", EmergencyIn, EmergencyOut, _store_emergency)
_register("tables", TableIn, TableOut, _store_table)
_register("announcements", AnnouncementIn, AnnouncementOut, _store_announcement)


def _promotion(data: dict[str, Any], changes: list[business_promotion.Change],
               applied: bool) -> dict[str, Any]:
    return {"from": data["source"], "to": data["target"], "applied": applied,
            "summary": business_promotion.summary(data["source"], data["target"], changes),
            "changes": [change.to_dict() for change in changes]}


@blueprint.get("/business/promotion")
@requires()
@documented("What copying one environment's Business Controls to another would change "
            "(`?from=test&to=live`)", response=PromotionOut)
def promotion_diff() -> Any:
    data = query_args(PromotionIn())
    changes = business_promotion.diff(data["source"], data["target"])
    return jsonify(_promotion(data, changes, applied=False))


@blueprint.post("/business/promotion")
@requires("developer", "business")
@documented("Copy one environment's Business Controls to another (the same roles as promoting "
            "a flow: dev and test need a developer; live an admin, or a business user allowed "
            "to promote to live)", body=PromotionIn, response=PromotionOut, errors=(403,))
def promote_controls() -> Any:
    data = json_body(PromotionIn())
    user = current_user()
    may_promote(user, data["target"])
    changes = business_promotion.diff(data["source"], data["target"])
    result = _promotion(data, changes, applied=True)
    business_promotion.apply(data["source"], data["target"], changes, user.username)
    audit.record("business.promote", f"environment:{data['target']}",
                 source=data["source"], target=data["target"], summary=result["summary"],
                 changes=len(changes))
    db.session.commit()
    return jsonify(result)


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
