"""Entry points: the phone numbers (DNIS) and chat keys that lead contacts into a flow in an
environment. An address is unique per kind."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from sqlalchemy.exc import IntegrityError

from designer_ui.api.docs import documented
from designer_ui.api.http import created, json_body, no_content
from designer_ui.api.schemas.catalog import EntryPointIn, EntryPointOut
from designer_ui.errors import ApiError
from designer_ui.extensions import db
from designer_ui.models import EntryPoint
from designer_ui.models.base import utcnow
from designer_ui.security import requires
from designer_ui.services import audit
from designer_ui.services.flows import get_flow

blueprint = Blueprint("entry_points", __name__)


def _taken(kind: str, address: str, holder: EntryPoint | None = None) -> ApiError:
    """409 naming the entry point that already has the address, so the page can show it."""
    if holder is None:
        return ApiError(409, f"The {kind} address '{address}' is already used by another entry "
                        "point.", code="address_taken")
    return ApiError(409, f"The {kind} address '{address}' already leads to flow "
                    f"'{holder.flow_id}' in {holder.environment} (entry point {holder.id}).",
                    code="address_taken", details={"entry_point": holder.to_dict()})


def _apply(entry: EntryPoint, data: dict[str, Any]) -> None:
    get_flow(data["flow_id"])
    clash = db.session.execute(db.select(EntryPoint).where(
        EntryPoint.kind == data["kind"], EntryPoint.address == data["address"])).scalar()
    if clash is not None and clash.id != entry.id:
        raise _taken(data["kind"], data["address"], clash)
    entry.kind, entry.address, entry.flow_id = data["kind"], data["address"], data["flow_id"]
    entry.environment, entry.fields, entry.updated_at = data["environment"], data["fields_"], utcnow()


def _commit(entry: EntryPoint) -> None:
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise _taken(entry.kind, entry.address) from None


def _get(entry_id: int) -> EntryPoint:
    entry = db.session.get(EntryPoint, entry_id)
    if entry is None:
        raise ApiError(404, f"There is no entry point {entry_id}.")
    return entry


@blueprint.get("/entry-points")
@requires("developer")
@documented("List entry points", response=EntryPointOut, many=True)
def list_entry_points() -> Any:
    entries = db.session.execute(db.select(EntryPoint).order_by(EntryPoint.kind, EntryPoint.address))
    return jsonify([entry.to_dict() for entry in entries.scalars()])


@blueprint.post("/entry-points")
@requires("developer")
@documented("Create an entry point", body=EntryPointIn, response=EntryPointOut, status=201,
            errors=(404, 409))
def add_entry_point() -> Any:
    data = json_body(EntryPointIn())
    entry = EntryPoint()
    _apply(entry, data)
    db.session.add(entry)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise _taken(data["kind"], data["address"]) from None
    audit.record("entry_point.create", f"entry_point:{entry.id}", **entry.to_dict())
    _commit(entry)
    return created(entry.to_dict(), f"/api/v1/entry-points/{entry.id}")


@blueprint.put("/entry-points/<int:entry_id>")
@requires("developer")
@documented("Change an entry point", body=EntryPointIn, response=EntryPointOut, errors=(404, 409))
def update_entry_point(entry_id: int) -> Any:
    data = json_body(EntryPointIn())
    entry = _get(entry_id)
    before = entry.to_dict()
    _apply(entry, data)
    audit.record("entry_point.update", f"entry_point:{entry.id}", before=before,
                 after=entry.to_dict())
    _commit(entry)
    return jsonify(entry.to_dict())


@blueprint.delete("/entry-points/<int:entry_id>")
@requires("developer")
@documented("Delete an entry point", status=204, errors=(404,))
def delete_entry_point(entry_id: int) -> Any:
    entry = _get(entry_id)
    audit.record("entry_point.delete", f"entry_point:{entry.id}", **entry.to_dict())
    db.session.delete(entry)
    db.session.commit()
    return no_content()
