"""Legal holds, for admins: place a hold on an interaction, a flow or a number so that the
retention purge keeps its call records and recordings; release it to let the purge resume.
Placing and releasing are written to the audit log."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Blueprint, current_app, jsonify
from marshmallow import Schema, fields, validate

from designer_ui.api.docs import documented
from designer_ui.api.http import created, json_body, no_content
from designer_ui.errors import ApiError
from designer_ui.extensions import db
from designer_ui.models.legal_holds import HOLD_KINDS, LegalHold
from designer_ui.security import current_user, requires
from designer_ui.services import audit

blueprint = Blueprint("legal_holds", __name__)


class LegalHoldCreate(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(HOLD_KINDS), metadata={
        "description": "`interaction` (a call's id or SIP Call-ID), `flow` (a flow id) or "
                       "`number` (a caller's or called number, as stored)."})
    value = fields.String(required=True, validate=validate.Length(min=1, max=255))
    reason = fields.String(required=True, validate=validate.Length(min=1, max=1000))


class LegalHoldOut(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    value = fields.String(required=True)
    reason = fields.String(required=True)
    created_by = fields.String(allow_none=True)
    created_at = fields.String(required=True)


def _find(hold_id: int) -> LegalHold:
    hold = db.session.get(LegalHold, hold_id)
    if hold is None:
        raise ApiError(404, f"There is no legal hold {hold_id}.")
    return hold


@blueprint.get("/legal-holds")
@requires("admin")
@documented("Legal holds in force, oldest first", response=LegalHoldOut, many=True)
def list_holds() -> Any:
    holds = db.session.execute(sa.select(LegalHold).order_by(LegalHold.id)).scalars()
    return jsonify([hold.to_dict() for hold in holds])


@blueprint.post("/legal-holds")
@requires("admin")
@documented("Place a legal hold: the purge keeps the matching call records and recordings",
            body=LegalHoldCreate, response=LegalHoldOut, status=201, errors=(409,))
def place_hold() -> Any:
    data = json_body(LegalHoldCreate())
    value = data["value"].strip()
    if not value:
        raise ApiError(400, "A legal hold needs a value.", code="invalid_body",
                       details={"fields": {"value": ["Give the id, flow or number to hold."]}})
    exists = db.session.execute(sa.select(LegalHold).where(
        LegalHold.kind == data["kind"], LegalHold.value == value)).scalar_one_or_none()
    if exists is not None:
        raise ApiError(409, f"There is already a legal hold on {data['kind']} '{value}' "
                            f"(hold {exists.id}).", code="exists")
    limit = int(current_app.config["LEGAL_HOLDS_MAX"])
    if db.session.execute(sa.select(sa.func.count()).select_from(LegalHold)).scalar_one() >= limit:
        raise ApiError(409, f"There are already {limit} legal holds (LEGAL_HOLDS_MAX); release "
                            "one first.", code="limit")
    hold = LegalHold(kind=data["kind"], value=value, reason=data["reason"],
                     created_by=current_user().username)
    db.session.add(hold)
    db.session.flush()
    audit.record("legal_hold.place", f"legal_hold:{hold.id}", kind=hold.kind, value=hold.value,
                 reason=hold.reason)
    db.session.commit()
    return created(hold.to_dict(), f"/api/v1/legal-holds/{hold.id}")


@blueprint.get("/legal-holds/<int:hold_id>")
@requires("admin")
@documented("One legal hold", response=LegalHoldOut, errors=(404,))
def get_hold(hold_id: int) -> Any:
    return jsonify(_find(hold_id).to_dict())


@blueprint.delete("/legal-holds/<int:hold_id>")
@requires("admin")
@documented("Release a legal hold: the purge treats its call records and recordings by age "
            "again", status=204, errors=(404,))
def release_hold(hold_id: int) -> Any:
    hold = _find(hold_id)
    audit.record("legal_hold.release", f"legal_hold:{hold.id}", kind=hold.kind,
                 value=hold.value, reason=hold.reason, placed_by=hold.created_by,
                 placed_at=hold.to_dict()["created_at"])
    db.session.delete(hold)
    db.session.commit()
    return no_content()
