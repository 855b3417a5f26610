"""The callbacks API (`/api/v1/callbacks`), in the style of Genesys Engagement Services: a web
site or app books, reads, moves and cancels callbacks with an API token; the Designer's
Callbacks page uses the same calls. Refusals are 4xx in the API's usual error shape, with a
machine-readable `code` and, for a closed or full slot, the next free ones."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from flask import Blueprint, current_app, jsonify, request

from designer_ui.api.docs import documented
from designer_ui.api.http import created, json_body, query_args
from designer_ui.callbacks import callback_events, settings_of
from designer_ui.callbacks.booking import BookingRequest, CallbackBooking
from designer_ui.callbacks.queue_rules import find_queue, rules_of
from designer_ui.callbacks.schemas import (
    AvailabilityQuery,
    CallbackCreate,
    CallbackListQuery,
    CallbackOut,
    CallbackRulesIn,
    CallbackRulesOut,
    CallbackSlotOut,
    CallbackUpdate,
)
from designer_ui.errors import ApiError
from designer_ui.extensions import db
from designer_ui.models.callbacks import CallbackAttempt, CallbackRequest
from designer_ui.security import current_user, requires
from designer_ui.services import audit
from runtime.callbacks import CallbackRefused

blueprint = Blueprint("callbacks", __name__)
USERS = ("business", "agent", "developer")
MANAGERS = ("business",)
CONFLICTS = {"slot_closed", "slot_full", "duplicate", "too_many_open", "wait_too_short",
             "queue_closed", "not_changeable"}
UNPROCESSABLE = {"unknown_queue", "no_hours"}


def refused(exc: CallbackRefused) -> ApiError:
    status = 409 if exc.code in CONFLICTS else 422 if exc.code in UNPROCESSABLE else 400
    return ApiError(status, exc.message, code=exc.code, details=dict(exc.details))


def _booking() -> CallbackBooking:
    return CallbackBooking(db.session, settings_of(current_app),
                           events=callback_events(current_app))


@contextmanager
def _kept_on_commit() -> Iterator[None]:
    """A change's own commit does not expire what the request holds: the answer shows what
    was just written (and the signed-in user) without reading it back."""
    session = db.session()
    previous = session.expire_on_commit
    session.expire_on_commit = False
    try:
        yield
    finally:
        session.expire_on_commit = previous


def _find(callback_id: int) -> CallbackRequest:
    callback = db.session.get(CallbackRequest, callback_id)
    if callback is None:
        raise ApiError(404, f"There is no callback {callback_id}.", code="not_found")
    return callback


def _attempts(callback_id: int) -> list[CallbackAttempt]:
    return list(db.session.execute(sa.select(CallbackAttempt).where(
        CallbackAttempt.callback_id == callback_id).order_by(CallbackAttempt.id)).scalars())


@blueprint.get("/callbacks/availability")
@requires(*USERS)
@documented("Free and booked callback slots of a queue between two times",
            query=AvailabilityQuery, response=CallbackSlotOut, many=True, errors=(400, 422))
def availability() -> Any:
    args = query_args(AvailabilityQuery())
    try:
        slots = _booking().availability(args["queue"], args["from_"], args["to"],
                                        args["environment"])
    except CallbackRefused as exc:
        raise refused(exc) from None
    return jsonify([slot.to_dict() for slot in slots])


@blueprint.post("/callbacks")
@requires(*USERS)
@documented("Book a callback, as soon as an agent is free or at a desired time",
            body=CallbackCreate, response=CallbackOut, status=201, errors=(400, 409, 422),
            description="An `Idempotency-Key` header works like the `idempotency_key` field: a "
                        "second request with the same key is refused (409, `duplicate`) and "
                        "names the callback booked first.")
def book() -> Any:
    data = json_body(CallbackCreate())
    key = data["idempotency_key"] or request.headers.get("Idempotency-Key") or None
    if key is not None and len(key) > 200:
        raise ApiError(400, "The idempotency key is longer than 200 characters.")
    kind = data["kind"] or ("scheduled" if data["desired_time"] else "immediate")
    booking = BookingRequest(queue=data["queue"], number=data["number"], kind=kind,
                             desired=data["desired_time"], data=data["data"],
                             idempotency_key=key, environment=data["environment"],
                             origin="api", created_by=current_user().username)
    try:
        with _kept_on_commit():
            callback = _booking().book(booking)
    except CallbackRefused as exc:
        raise refused(exc) from None
    return created(callback.to_dict([]), f"/api/v1/callbacks/{callback.id}")


@blueprint.get("/callbacks")
@requires(*USERS)
@documented("Callbacks, newest due first, by state, queue, number and due time",
            query=CallbackListQuery, response=CallbackOut, many=True)
def list_callbacks() -> Any:
    args = query_args(CallbackListQuery())
    limit = min(args["limit"], settings_of(current_app).list_max)
    query = sa.select(CallbackRequest).order_by(CallbackRequest.due_at.desc(),
                                                 CallbackRequest.id.desc()).limit(limit)
    for column, key in ((CallbackRequest.state, "state"), (CallbackRequest.queue, "queue"),
                        (CallbackRequest.number, "number")):
        if args[key]:
            query = query.where(column == args[key])
    if args["from_"] is not None:
        query = query.where(CallbackRequest.due_at >= args["from_"])
    if args["to"] is not None:
        query = query.where(CallbackRequest.due_at < args["to"])
    callbacks = list(db.session.execute(query).scalars())
    attempts: dict[int, list[CallbackAttempt]] = {callback.id: [] for callback in callbacks}
    if attempts:
        for attempt in db.session.execute(sa.select(CallbackAttempt).where(
                CallbackAttempt.callback_id.in_(list(attempts))).order_by(CallbackAttempt.id)
        ).scalars():
            attempts[attempt.callback_id].append(attempt)
    return jsonify([callback.to_dict(attempts[callback.id]) for callback in callbacks])


@blueprint.get("/callbacks/<int:callback_id>")
@requires(*USERS)
@documented("One callback with every attempt and its SIP result", response=CallbackOut,
            errors=(404,))
def get_callback(callback_id: int) -> Any:
    return jsonify(_find(callback_id).to_dict(_attempts(callback_id)))


@blueprint.patch("/callbacks/<int:callback_id>")
@requires(*USERS)
@documented("Reschedule a callback that has not been dialled yet", body=CallbackUpdate,
            response=CallbackOut, errors=(400, 404, 409))
def reschedule(callback_id: int) -> Any:
    data = json_body(CallbackUpdate())
    callback = _find(callback_id)

    def audited(moved: CallbackRequest) -> None:
        audit.record("callback.reschedule", f"callback:{moved.id}",
                     due_at=moved.to_dict()["due_at"])

    try:
        with _kept_on_commit():
            _booking().reschedule(callback, data["desired_time"], on_change=audited)
    except CallbackRefused as exc:
        raise refused(exc) from None
    return jsonify(callback.to_dict(_attempts(callback_id)))


@blueprint.delete("/callbacks/<int:callback_id>")
@requires(*USERS)
@documented("Cancel a callback that has not been dialled yet", response=CallbackOut,
            errors=(404, 409))
def cancel(callback_id: int) -> Any:
    callback = _find(callback_id)
    try:
        with _kept_on_commit():
            _booking().cancel(callback, f"cancelled by {current_user().username}",
                              on_change=lambda cancelled: audit.record(
                                  "callback.cancel", f"callback:{cancelled.id}"))
    except CallbackRefused as exc:
        raise refused(exc) from None
    return jsonify(callback.to_dict(_attempts(callback_id)))


@blueprint.get("/callbacks/rules/<name>")
@requires(*USERS)
@documented("A queue's callback rules (defaults until they are set)", response=CallbackRulesOut,
            errors=(404,))
def get_rules(name: str) -> Any:
    found = _queue(name)
    return jsonify({"queue": found.name, **rules_of(db.session, found).to_dict()})


@blueprint.put("/callbacks/rules/<name>")
@requires(*MANAGERS)
@documented("Set a queue's callback rules", body=CallbackRulesIn, response=CallbackRulesOut,
            errors=(400, 404))
def put_rules(name: str) -> Any:
    data = json_body(CallbackRulesIn())
    found = _queue(name)
    if data.get("timezone"):
        try:
            ZoneInfo(data["timezone"])
        except (ZoneInfoNotFoundError, ValueError):
            raise ApiError(400, f"'{data['timezone']}' is not a time zone.") from None
    rules = rules_of(db.session, found)
    for key, value in data.items():
        setattr(rules, key, value)
    db.session.merge(rules)
    audit.record("callback.rules", f"queue:{found.id}", **data)
    db.session.commit()
    return jsonify({"queue": found.name, **rules_of(db.session, found).to_dict()})


def _queue(name: str) -> Any:
    try:
        return find_queue(db.session, name)
    except CallbackRefused as exc:
        raise ApiError(404, exc.message, code="not_found") from None
