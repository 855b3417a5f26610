"""Queue events in the simulator API, as buttons in its panel send them: the figures an in-queue
flow reads (`{queue: {position, ewt_s}}`, nothing runs), an agent who answers the route and then
hangs up first (the survey at `after_agent`), a caller who ends the talk with the agent; wrong
moves are refused clearly; the run saved as a test case plays the same steps."""

from __future__ import annotations

from typing import Any

import yaml

from tests.designer_ui.helpers import Api
from tests.runtime.flowtests.helpers import flow_document, say


def _desk() -> dict[str, Any]:
    return flow_document("sim-agent-desk", {
        "hello": say("Welcome"),
        "queue": {"type": "route", "props": {"target": {"type": "queue", "value": "support"}},
                  "next": {"after_agent": "survey"}},
        "survey": {"type": "menu", "props": {
            "prompts": [{"tts": "Press 1 if we helped"}],
            "options": [{"key": "1", "label": "Helped"}]}, "next": {"1": "thanks"}},
        "thanks": say("Thank you"),
    }, channels=("voice",), phases={"self_service": "hello", "assisted_service": "queue"})


def _wait() -> dict[str, Any]:
    return flow_document("sim-support-wait", {
        "announce": {"type": "menu", "props": {
            "prompts": [{"tts": "You are number {{system.Queue.position}}, about "
                                "{{system.Queue.ewt_s}} seconds."}],
            "options": [{"key": "1", "label": "Again"}]},
            "next": {"1": "announce", "noinput": "announce", "nomatch": "announce"}},
    }, kind="in_queue", channels=("voice",))


def _send(api: Api, session: str, **body: Any) -> dict[str, Any]:
    response = api.post(f"simulator/sessions/{session}/events", json=body)
    assert response.status_code == 200, response.json
    return dict(response.json)


def _texts(result: dict[str, Any]) -> list[str]:
    return [" ".join(p.get("text", "") for p in effect.get("prompts", []))
            for effect in result["output"] if effect["kind"] in ("say", "collect")]


def test_agent_answers_then_hangs_up_runs_the_survey(developer: Api) -> None:
    developer.create_flow(_desk())
    started = developer.post("simulator/sessions", json={"flow_id": "sim-agent-desk"})
    assert started.status_code == 201, started.json
    session = started.json["session_id"]
    assert started.json["state_summary"]["waiting_for"] == "route"
    early = developer.post(f"simulator/sessions/{session}/events",
                           json={"world": {"agent": "sings"}})
    assert early.status_code == 400 and "'agent' is 'answers' or 'hangs_up'" in \
        early.json["error"]["message"]
    answered = _send(developer, session, world={"agent": "answers"})
    assert answered["output"] == [] and answered["state_summary"]["agent_answered"] is True
    again = developer.post(f"simulator/sessions/{session}/events",
                           json={"world": {"agent": "answers"}})
    assert again.status_code == 409 and "already answered" in again.json["error"]["message"]
    left = _send(developer, session, world={"agent": "hangs_up"})
    assert _texts(left) == ["Press 1 if we helped"]
    assert left["state_summary"]["agent_answered"] is False
    refused = developer.post(f"simulator/sessions/{session}/events",
                             json={"world": {"agent": "answers"}})
    assert refused.status_code == 409
    assert "waiting for caller" in refused.json["error"]["message"]
    done = _send(developer, session, input={"dtmf": "1"})
    assert _texts(done) == ["Thank you"] and done["state_summary"]["ended"]
    case = developer.post(f"simulator/sessions/{session}/testcase", json={"name": "survey"})
    steps = yaml.safe_load(case.json["yaml"])["cases"][0]["steps"]
    assert {"input": {"agent": "answers"}} in steps
    assert steps.index({"input": {"agent": "answers"}}) + 1 == steps.index(
        {"input": {"agent": "hangs_up"}})


def test_the_caller_ending_the_talk_is_a_successful_route(developer: Api) -> None:
    developer.create_flow(_desk())
    session = developer.post("simulator/sessions",
                             json={"flow_id": "sim-agent-desk"}).json["session_id"]
    _send(developer, session, world={"agent": "answers"})
    ended = _send(developer, session, input={"hangup": True})
    assert ended["state_summary"]["ended"] and ended["state_summary"]["end_reason"] == "routed"


def test_queue_figures_change_what_the_in_queue_flow_says(developer: Api) -> None:
    developer.create_flow(_wait())
    started = developer.post("simulator/sessions", json={
        "flow_id": "sim-support-wait",
        "system": {"Queue": {"name": "support", "position": 3, "ewt_s": 240}}})
    assert started.status_code == 201, started.json
    assert _texts(started.json) == ["You are number 3, about 240 seconds."]
    assert started.json["state_summary"]["kind"] == "in_queue"
    session = started.json["session_id"]
    moved = _send(developer, session, world={"queue": {"position": 1, "ewt_s": 45}})
    assert moved["output"] == []
    assert moved["state_summary"]["queue"] == {"name": "support", "position": 1, "ewt_s": 45}
    assert _texts(_send(developer, session, input={"noinput": True})) == [
        "You are number 1, about 45 seconds."]
    for bad in ({"position": -1}, {"ewt_s": 90_000}, {"wait": 3}, {}):
        refused = developer.post(f"simulator/sessions/{session}/events",
                                 json={"world": {"queue": bad}})
        assert refused.status_code == 400, bad
    case = developer.post(f"simulator/sessions/{session}/testcase", json={"name": "wait"})
    steps = yaml.safe_load(case.json["yaml"])["cases"][0]["steps"]
    assert {"input": {"queue": {"position": 1, "ewt_s": 45}}} in steps
