"""The simulator: sessions kept in the database, mocks, live Business Controls, test cases."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

from tests.designer_ui.helpers import Api, broken_flow, demo_flow

HTTP_MOCK = {"match": {"method": "GET", "url": "https://orders.example.com/status/*"},
             "respond": {"status": 200, "json": {"state": "shipped"}}}


def start(api: Api, **body: Any) -> dict[str, Any]:
    response = api.post("simulator/sessions", json={"flow_id": "sim-demo", **body})
    assert response.status_code == 201, response.json
    return dict(response.json)


def send(api: Api, session_id: str, **body: Any) -> dict[str, Any]:
    response = api.post(f"simulator/sessions/{session_id}/events", json=body)
    assert response.status_code == 200, response.json
    return dict(response.json)


def texts(result: dict[str, Any]) -> list[str]:
    return [" ".join(p.get("text", "") for p in effect.get("prompts", []))
            for effect in result["output"] if effect["kind"] in ("say", "collect")]


def test_run_with_mocks_masks_secure_variables(developer: Api, business: Api) -> None:
    developer.create_flow(demo_flow())
    business.put("business/emergency/storm", json={"on": False})
    first = start(developer, channel="voice", mocks={"http": [HTTP_MOCK]})
    assert texts(first) == ["Welcome to Acme.", "Press 1 for orders, 2 for sales."]
    assert first["trace"] == ["welcome", "storm", "main_menu"]
    assert first["state_summary"]["waiting_for"] == "caller"
    sid = first["session_id"]
    asked = send(developer, sid, input={"dtmf": "1"})
    assert texts(asked) == ["Enter your PIN."]
    done = send(developer, sid, input={"dtmf": "1234"})
    kinds = [effect["kind"] for effect in done["output"]]
    assert kinds[0] == "http" and "Your order is shipped." in texts(done)
    assert done["state_summary"]["ended"] is True
    assert done["state_summary"]["variables"]["pin"] == "••••••"
    assert done["state_summary"]["variables"]["status"] == {"state": "shipped"}
    assert done["trace"][-3:] == ["lookup", "say_status", "bye"]
    ended = developer.post(f"simulator/sessions/{sid}/events", json={"input": {"dtmf": "1"}})
    assert ended.status_code == 409


def test_unmocked_http_waits_for_the_user(developer: Api, business: Api) -> None:
    developer.create_flow(demo_flow())
    business.put("business/emergency/storm", json={"on": False})
    sid = start(developer, channel="voice")["session_id"]
    send(developer, sid, input={"dtmf": "1"})
    waiting = send(developer, sid, input={"dtmf": "42"})
    assert waiting["state_summary"]["waiting_for"] == "http"
    wrong = developer.post(f"simulator/sessions/{sid}/events", json={"input": {"dtmf": "1"}})
    assert wrong.status_code == 409 and wrong.json["error"]["code"] == "unexpected_event"
    answered = send(developer, sid, world={"http": {"status": 200, "json": {"state": "late"}}})
    assert "Your order is late." in texts(answered)


def test_business_controls_are_read_live(developer: Api, business: Api) -> None:
    developer.create_flow(demo_flow())
    business.put("business/emergency/storm", json={"on": True})
    stormy = start(developer, channel="chat")
    assert "We are closed by a storm." in texts(stormy) and stormy["state_summary"]["ended"]
    mocked = start(developer, channel="chat", business={"emergency": {"storm": False}})
    assert mocked["state_summary"]["waiting_for"] == "caller"
    business.put("business/emergency/storm", json={"on": False})
    calm = start(developer, channel="chat")
    assert "We are closed by a storm." not in texts(calm)


def test_a_flag_switched_mid_run_changes_the_next_emergency_block(developer: Api,
                                                                    business: Api) -> None:
    developer.create_flow(demo_flow())
    business.put("business/emergency/storm", json={"on": False})
    sid = start(developer, channel="voice")["session_id"]
    business.put("business/emergency/storm", json={"on": True})
    again = send(developer, sid, input={"dtmf": "3"})
    assert "We are closed by a storm." in texts(again)
    assert again["trace"][-3:] == ["storm", "storm_msg", "bye"]


def test_route_hangup_and_world_answers(developer: Api, business: Api) -> None:
    developer.create_flow(demo_flow())
    business.put("business/emergency/storm", json={"on": False})
    sid = start(developer, channel="voice")["session_id"]
    routed = send(developer, sid, input={"dtmf": "2"})
    assert routed["output"][-1]["kind"] == "route"
    assert routed["state_summary"]["waiting_for"] == "route"
    failed = send(developer, sid, world={"route_result": "failed"})
    assert failed["state_summary"]["ended"] is True
    other = start(developer, channel="voice")["session_id"]
    hung = send(developer, other, input={"hangup": True})
    assert hung["state_summary"]["end_reason"] == "hangup"


def test_bad_events_and_foreign_sessions(developer: Api, business: Api,
                                         as_role: Callable[..., Api]) -> None:
    developer.create_flow(demo_flow())
    business.put("business/emergency/storm", json={"on": False})
    sid = start(developer, channel="voice")["session_id"]
    assert developer.post(f"simulator/sessions/{sid}/events",
                          json={"input": {"smell": "x"}}).status_code == 400
    assert developer.post(f"simulator/sessions/{sid}/events",
                          json={"input": {"dtmf": "1"}, "world": {}}).status_code == 400
    stranger = as_role("agent")
    assert stranger.post(f"simulator/sessions/{sid}/events",
                         json={"input": {"dtmf": "1"}}).status_code == 404
    assert developer.post("simulator/sessions/nope/events",
                          json={"input": {"dtmf": "1"}}).status_code == 404


def test_start_errors(developer: Api) -> None:
    unparsable = broken_flow()
    unparsable["blocks"]["welcome"]["props"]["prompts"] = [{"tts": "Hi {{ a + }}"}]
    developer.create_flow(unparsable)
    invalid = developer.post("simulator/sessions", json={"flow_id": "broken"})
    assert invalid.status_code == 422 and invalid.json["error"]["details"]["problems"]
    assert developer.post("simulator/sessions", json={"flow_id": "nope"}).status_code == 404
    developer.create_flow(demo_flow())
    assert developer.post("simulator/sessions", json={"flow_id": "sim-demo",
                                                      "version": 3}).status_code == 404
    assert developer.post("simulator/sessions", json={"flow_id": "sim-demo",
                                                      "version": "x"}).status_code == 400
    assert developer.post("simulator/sessions", json={
        "flow_id": "sim-demo", "variables": {"nope": 1}}).status_code == 400


def test_simulate_a_published_version(developer: Api) -> None:
    developer.create_flow(demo_flow())
    developer.post("flows/sim-demo/versions", json={})
    result = start(developer, version=1, business={"emergency": {"storm": True}})
    assert result["state_summary"]["ended"]


def test_run_becomes_a_flow_test_case(developer: Api) -> None:
    developer.create_flow(demo_flow())
    sid = start(developer, channel="voice", mocks={"http": [HTTP_MOCK]},
                business={"emergency": {"storm": False}},
                system={"ANI": "+15551234567"})["session_id"]
    send(developer, sid, input={"dtmf": "1"})
    send(developer, sid, input={"dtmf": "1234"})
    response = developer.post(f"simulator/sessions/{sid}/testcase", json={"name": "orders"})
    assert response.status_code == 200
    document = yaml.safe_load(response.json["yaml"])
    assert document["flow"] == "sim-demo" and document["channel"] == "voice"
    assert document["given"]["business"] == {"emergency": {"storm": False}}
    assert document["given"]["http"] == [HTTP_MOCK]
    case = document["cases"][0]
    assert case["name"] == "orders"
    assert case["steps"][:3] == [{"expect": {"say": "Welcome to Acme."}},
                                 {"expect": {"prompt": "Press 1 for orders, 2 for sales."}},
                                 {"expect": {"menu": {"options": ["1", "2", "3"]}}}]
    # the PIN is secure: the case holds a placeholder, never the value typed
    assert {"input": {"dtmf": "<secure value: replace with a test value>"}} in case["steps"]
    assert "'1234'" not in response.json["yaml"] and "status/1234" not in response.json["yaml"]
    assert case["steps"][-1] == {"expect": {"end": True}}
    assert case["assert"]["path"][-1] == "bye"
