"""The queues and agents API: CRUD with validation and the error shape, who may do what,
agents changing only their own state, figures with bounded ranges."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from designer_ui.queues.figures import MAX_BUCKETS
from tests.designer_ui.helpers import Api

QUEUE = {"name": "billing", "channels": ["chat", "voice"], "skills": {"billing": 2},
         "service_level": {"percent": 90, "seconds": 30},
         "in_queue_flows": {"voice": "hold-music"}, "max_wait_seconds": 300,
         "at_max_wait": "timeout", "hours": "office", "rona_seconds": 12}


def test_business_users_manage_queues_others_read(as_role: Callable[..., Api]) -> None:
    business, developer, agent = as_role("business"), as_role("developer"), as_role("agent")
    made = business.post("queues", json=QUEUE)
    assert made.status_code == 201, made.json
    queue = made.json
    assert queue["service_level"] == {"percent": 90, "seconds": 30}
    assert queue["skills"] == {"billing": 2} and queue["at_max_wait"] == "timeout"
    assert developer.get(f"queues/{queue['id']}").json["name"] == "billing"
    assert [q["name"] for q in agent.get("queues").json] == ["billing"]
    for reader in (developer, agent):
        refused = reader.post("queues", json={**QUEUE, "name": "other"})
        assert refused.status_code == 403 and refused.json["error"]["code"] == "forbidden"
    assert as_role("reviewer").get("queues").status_code == 403
    changed = business.open("PATCH", f"queues/{queue['id']}", json={"rona_seconds": 20})
    assert changed.status_code == 200 and changed.json["rona_seconds"] == 20
    assert business.post("queues", json=QUEUE).status_code == 409
    assert business.open("DELETE", f"queues/{queue['id']}").status_code == 204
    assert business.get(f"queues/{queue['id']}").status_code == 404


def test_bad_queues_are_refused_with_every_field_named(as_role: Callable[..., Api]) -> None:
    bad = as_role("admin").post("queues", json={
        "name": "has space", "channels": ["fax"], "skills": {"x": 11},
        "service_level": {"percent": 0, "seconds": 20}, "rona_seconds": 1})
    assert bad.status_code == 400
    assert bad.json["error"]["code"] == "invalid_body"
    fields = bad.json["error"]["details"]["fields"]
    assert {"name", "channels", "skills", "service_level", "rona_seconds"} <= set(fields)


def test_agents_change_only_their_own_state(as_role: Callable[..., Api]) -> None:
    ann, bob = as_role("agent", username="ann"), as_role("agent", username="bob")
    ann_id, bob_id = ann.get("agents/me").json["id"], bob.get("agents/me").json["id"]
    assert ann.get("agents/me").json["state"] == "offline"
    away = ann.put(f"agents/{ann_id}/state", json={"state": "not_ready", "reason": "lunch"})
    assert away.status_code == 200
    assert (away.json["state"], away.json["reason"]) == ("not_ready", "lunch")
    assert ann.put(f"agents/{bob_id}/state", json={"state": "ready"}).status_code == 403
    assert ann.put(f"agents/{ann_id}/state", json={"state": "busy"}).status_code == 400
    manager = as_role("business")
    assert manager.put(f"agents/{bob_id}/state", json={"state": "offline"}).status_code == 200
    assert ann.put(f"agents/{ann_id}/profile", json={"skills": {}}).status_code == 403
    profile = manager.put(f"agents/{ann_id}/profile",
                          json={"skills": {"billing": 3}, "capacity": {"chat": 3, "voice": 1}})
    assert profile.status_code == 200 and profile.json["skills"] == {"billing": 3}
    assert {a["username"] for a in manager.get("agents").json} == {"ann", "bob"}
    assert as_role("developer").get("agents/me").status_code == 403


def test_figures_and_their_limits(as_role: Callable[..., Api]) -> None:
    business = as_role("business")
    queue_id = business.post("queues", json=QUEUE).json["id"]
    realtime = business.get(f"queues/{queue_id}/realtime").json
    assert (realtime["waiting"], realtime["longest_wait_s"], realtime["service_level"]) == (
        0, 0.0, None)
    start = datetime(2026, 12, 1, tzinfo=UTC)
    ok = business.get(f"queues/{queue_id}/intervals", query_string={
        "start": start.isoformat(), "end": (start + timedelta(hours=1)).isoformat(),
        "size": 900})
    assert ok.status_code == 200 and len(ok.json) == 4 and ok.json[0]["offered"] == 0
    too_long = business.get(f"queues/{queue_id}/intervals", query_string={
        "start": start.isoformat(), "end": (start + timedelta(days=8)).isoformat()})
    assert too_long.status_code == 400
    too_many = business.get(f"queues/{queue_id}/intervals", query_string={
        "start": start.isoformat(),
        "end": (start + timedelta(seconds=300 * (MAX_BUCKETS + 1))).isoformat(), "size": 300})
    assert too_many.status_code == 400
    assert business.get("queues/999999/realtime").status_code == 404
