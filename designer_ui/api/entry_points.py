"""Entry points: the phone numbers (DNIS) and chat keys that lead contacts into a flow in an
environment, or straight into a queue (see `designer_ui.queue_entry`). An address is unique per
kind."""

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
from designer_ui.models.queues import Queue
from designer_ui.security import requires
from designer_ui.services import audit
from designer_ui.services.flows import get_flow

blueprint = Blueprint("entry_points", __name__)
ENTRY_CHANNELS = {"phone": "voice", "chat": "chat"}


def _taken(kind: str, address: str, holder: EntryPoint | None = None) -> ApiError:
    """409 naming the entry point that already has the address, so the page can show it."""
    if holder is None:
        return ApiError(409, f"The {kind} address '{address}' is already used by another entry "
                        "point.", code="address_taken")
    target = f"queue '{holder.queue.name}'" if holder.queue else f"flow '{holder.flow_id}'"
    return ApiError(409, f"The {kind} address '{address}' already leads to {target} "
                    f"in {holder.environment} (entry point {holder.id}).",
                    code="address_taken", details={"entry_point": holder.to_dict()})


def _apply(entry: EntryPoint, data: dict[str, Any]) -> None:
    if data["queue"] is not None:
        queue = entry_queue(data["kind"], data["queue"])
        entry.queue_id, entry.queue = queue.id, queue
    else:
        get_flow(data["flow_id"])
        entry.queue_id, entry.queue = None, None
    clash = db.session.execute(db.select(EntryPoint).where(
        EntryPoint.kind == data["kind"], EntryPoint.address == data["address"])).scalar()
    if clash is not None and clash.id != entry.id:
        raise _taken(data["kind"], data["address"], clash)
    entry.kind, entry.address, entry.flow_id = data["kind"], data["address"], data["flow_id"]
    entry.environment, entry.fields, entry.updated_at = data["environment"], data["fields_"], utcnow()


def entry_queue(kind: str, name: str) -> Queue:
    """The queue an entry point names: 404 when there is none, 422 when it does not take the
    entry point's channel (a phone number needs a voice queue, a chat key a chat queue)."""
    queue = db.session.execute(db.select(Queue).where(Queue.name == name)).scalar()
    if queue is None:
        raise ApiError(404, f"There is no queue named '{name}'.", code="unknown_queue")
    channel = ENTRY_CHANNELS[kind]
    if channel not in (queue.channels or []):
        raise ApiError(422, f"Queue '{name}' does not take the {channel} channel, so a {kind} "
                       "entry point cannot lead into it.", code="wrong_channel")
    return queue


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
            errors=(404, 409, 422))
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
@documented("Change an entry point", body=EntryPointIn, response=EntryPointOut,
            errors=(404, 409, 422))
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
