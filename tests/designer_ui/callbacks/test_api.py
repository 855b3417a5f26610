"""The callbacks API: every booking rule refuses with a 4xx that says why (bad and premium
numbers, past times, closed and full slots with the next free ones, duplicate idempotency keys,
too many open callbacks per number), and cancel and reschedule follow the life cycle, each
with its audit entry."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import sqlalchemy as sa
from flask import Flask

from designer_ui.extensions import db
from designer_ui.models import AuditEntry
from tests.designer_ui.callbacks.helpers import add_queue, iso, next_weekday
from tests.designer_ui.helpers import Api

NUMBER = "+14155550123"


def _book(api: Api, **body: object) -> object:
    return api.post("callbacks", json={"number": NUMBER, "queue": "callbacks", **body})


def test_a_scheduled_callback_is_stored_and_read_back(app: Flask,
                                                      as_role: Callable[..., Api]) -> None:
    add_queue(app)
    api = as_role("business")
    at = next_weekday(10, 10)
    made = _book(api, desired_time=iso(at), data={"reason": "card"})
    assert made.status_code == 201, made.json
    body = made.json
    assert body["state"] == "scheduled" and body["kind"] == "scheduled"
    assert body["slot_start"] == iso(at.replace(minute=0)) and body["number"] == NUMBER
    assert made.headers["Location"] == f"/api/v1/callbacks/{body['id']}"
    read = api.get(f"callbacks/{body['id']}").json
    assert read["data"] == {"reason": "card"} and read["attempts"] == []
    listed = api.get("callbacks?state=scheduled&queue=callbacks").json
    assert [item["id"] for item in listed] == [body["id"]]
    assert api.get("callbacks?state=cancelled").json == []


def test_bad_premium_and_emergency_numbers_are_refused(app: Flask,
                                                       as_role: Callable[..., Api]) -> None:
    add_queue(app)
    api = as_role("agent")
    at = iso(next_weekday(10))
    for number, code in (("5551230002", "invalid_number"), ("+15555550100", "invalid_number"),
                         ("+19005551234", "premium_number"), ("+44112", "emergency_number")):
        refused = _book(api, number=number, desired_time=at)
        assert refused.status_code == 400, (number, refused.json)
        assert refused.json["error"]["code"] == code


def test_allow_and_deny_lists_apply_per_environment(app: Flask,
                                                    as_role: Callable[..., Api]) -> None:
    add_queue(app)
    from designer_ui.callbacks import EXTENSION
    from designer_ui.callbacks.settings import CallbackSettings

    saved = app.extensions[EXTENSION]
    app.extensions[EXTENSION] = CallbackSettings.from_config({"CALLBACK_NUMBER_RULES": {
        "live": {"allow": ["+1*"], "deny": ["+1415555*"]}}})
    try:
        api = as_role("business")
        at = iso(next_weekday(10))
        assert _book(api, desired_time=at).json["error"]["code"] == "number_denied"
        uk = _book(api, number="+442079460018", desired_time=at)
        assert uk.json["error"]["code"] == "number_not_allowed"
        assert _book(api, number="+442079460018", desired_time=at,
                     environment="test").status_code == 422  # test has no 'office' hours
    finally:
        app.extensions[EXTENSION] = saved


def test_past_and_far_times_are_refused(app: Flask, as_role: Callable[..., Api]) -> None:
    add_queue(app)
    api = as_role("business")
    past = _book(api, desired_time=iso(next_weekday(10) - timedelta(days=30)))
    assert past.status_code == 400 and past.json["error"]["code"] == "past_time"
    far = _book(api, desired_time=iso(next_weekday(10) + timedelta(days=60)))
    assert far.status_code == 400 and far.json["error"]["code"] == "too_far"


def test_a_closed_slot_is_refused_with_the_next_free_ones(app: Flask,
                                                          as_role: Callable[..., Api]) -> None:
    add_queue(app)
    api = as_role("business")
    evening = next_weekday(20)  # Tuesday 20:00, after hours
    refused = _book(api, desired_time=iso(evening))
    assert refused.status_code == 409 and refused.json["error"]["code"] == "slot_closed"
    free = refused.json["error"]["details"]["next_free"]
    assert free[0]["start"] == iso((evening + timedelta(days=1)).replace(hour=9))
    assert free[1]["start"] == iso((evening + timedelta(days=1)).replace(hour=9, minute=30))
    assert len(free) == 5


def test_a_full_slot_is_refused_with_the_next_free_ones(app: Flask,
                                                        as_role: Callable[..., Api]) -> None:
    add_queue(app)
    api = as_role("business")
    assert api.put("callbacks/rules/callbacks", json={"slot_capacity": 1}).status_code == 200
    at = next_weekday(11)
    assert _book(api, desired_time=iso(at)).status_code == 201
    full = _book(api, number="+14155550124", desired_time=iso(at + timedelta(minutes=5)))
    assert full.status_code == 409 and full.json["error"]["code"] == "slot_full"
    assert full.json["error"]["details"]["next_free"][0]["start"] == iso(at.replace(minute=30))
    slots = api.get(f"callbacks/availability?queue=callbacks&from={iso(at)}"
                    f"&to={iso(at + timedelta(hours=1))}").json
    assert [(slot["start"], slot["free"]) for slot in slots] == [
        (iso(at), 0), (iso(at.replace(minute=30)), 1)]


def test_a_repeated_idempotency_key_is_refused_and_names_the_first(
        app: Flask, as_role: Callable[..., Api]) -> None:
    add_queue(app)
    api = as_role("business")
    at = iso(next_weekday(10))
    first = _book(api, desired_time=at, idempotency_key="web-42")
    again = api.post("callbacks", json={"number": NUMBER, "queue": "callbacks",
                                        "desired_time": at}, headers={"Idempotency-Key": "web-42"})
    assert again.status_code == 409 and again.json["error"]["code"] == "duplicate"
    assert again.json["error"]["details"]["callback_id"] == first.json["id"]
    assert len(api.get("callbacks").json) == 1


def test_at_most_k_open_callbacks_per_number(app: Flask, as_role: Callable[..., Api]) -> None:
    add_queue(app)
    api = as_role("business")
    api.put("callbacks/rules/callbacks", json={"max_open_per_number": 2})
    for hour in (10, 11):
        assert _book(api, desired_time=iso(next_weekday(hour))).status_code == 201
    third = _book(api, desired_time=iso(next_weekday(12)))
    assert third.status_code == 409 and third.json["error"]["code"] == "too_many_open"
    assert _book(api, number="+14155550124", desired_time=iso(next_weekday(12))).status_code == 201


def test_cancel_then_nothing_more_changes(app: Flask, as_role: Callable[..., Api]) -> None:
    add_queue(app)
    api = as_role("business")
    made = _book(api, desired_time=iso(next_weekday(10))).json
    cancelled = api.delete(f"callbacks/{made['id']}")
    assert cancelled.status_code == 200 and cancelled.json["state"] == "cancelled"
    assert api.delete(f"callbacks/{made['id']}").json["error"]["code"] == "not_changeable"
    moved = api.patch(f"callbacks/{made['id']}", json={"desired_time": iso(next_weekday(11))})
    assert moved.status_code == 409
    assert api.delete("callbacks/999999").status_code == 404


def test_reschedule_moves_the_slot_and_keeps_the_rules(app: Flask,
                                                       as_role: Callable[..., Api]) -> None:
    add_queue(app)
    api = as_role("business")
    made = _book(api, desired_time=iso(next_weekday(10))).json
    later = next_weekday(14, 45)
    moved = api.patch(f"callbacks/{made['id']}", json={"desired_time": iso(later)})
    assert moved.status_code == 200, moved.json
    assert moved.json["slot_start"] == iso(later.replace(minute=30))
    closed = api.patch(f"callbacks/{made['id']}", json={"desired_time": iso(next_weekday(22))})
    assert closed.status_code == 409 and closed.json["error"]["code"] == "slot_closed"
    assert api.get(f"callbacks/{made['id']}").json["slot_start"] == iso(later.replace(minute=30))


def test_an_immediate_callback_keeps_the_place_in_an_always_open_queue(
        app: Flask, as_role: Callable[..., Api]) -> None:
    add_queue(app, "support", hours=None)
    made = as_role("business").post("callbacks", json={"number": NUMBER, "queue": "support"})
    assert made.status_code == 201, made.json
    assert made.json["state"] == "queued" and made.json["kind"] == "immediate"


def test_unknown_queues_and_bad_bodies(app: Flask, as_role: Callable[..., Api]) -> None:
    api = as_role("business")
    unknown = api.post("callbacks", json={"number": NUMBER, "queue": "nope"})
    assert unknown.status_code == 422 and unknown.json["error"]["code"] == "unknown_queue"
    assert api.post("callbacks", json={"queue": "nope"}).status_code == 400
    assert as_role("reviewer").get("callbacks").status_code == 403


def test_a_change_and_its_audit_entry_are_one_transaction(app: Flask,
                                                          as_role: Callable[..., Api]) -> None:
    add_queue(app)
    api = as_role("business", username="planner")
    made = _book(api, desired_time=iso(next_weekday(10))).json
    refused = api.patch(f"callbacks/{made['id']}", json={"desired_time": iso(next_weekday(22))})
    assert refused.status_code == 409
    moved = api.patch(f"callbacks/{made['id']}", json={"desired_time": iso(next_weekday(11))})
    assert moved.json["due_at"] == iso(next_weekday(11)) and moved.json["state"] == "scheduled"
    assert api.delete(f"callbacks/{made['id']}").json["state"] == "cancelled"
    assert api.delete(f"callbacks/{made['id']}").status_code == 409
    with app.app_context():
        entries = db.session.execute(sa.select(AuditEntry).where(
            AuditEntry.object == f"callback:{made['id']}").order_by(AuditEntry.id)).scalars().all()
        assert [(entry.action, entry.username, entry.details) for entry in entries] == [
            ("callback.reschedule", "planner", {"due_at": iso(next_weekday(11))}),
            ("callback.cancel", "planner", {})]
