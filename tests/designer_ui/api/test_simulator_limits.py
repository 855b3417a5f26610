"""What one user's simulations may cost: flow size, sessions kept, history kept."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from flask import Flask

from designer_ui.extensions import db
from designer_ui.models import SimulatorSession
from tests.designer_ui.helpers import Api, demo_flow, hello_flow

LOOP = hello_flow("loop", blocks={
    "welcome": {"type": "menu", "props": {"prompts": [{"tts": "Press 1"}], "retries": 0,
                                          "options": [{"key": "1", "label": "One"}]},
                "next": {"1": "welcome", "noinput": "welcome", "nomatch": "welcome"}}})


def start(api: Api, flow_id: str, **body: Any) -> Any:
    return api.post("simulator/sessions", json={"flow_id": flow_id, **body})


def test_flow_documents_over_the_limit_are_refused_with_413(
        developer: Api, app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    big = hello_flow("big", blocks={"welcome": {"type": "play_message", "props": {
        "prompts": [{"tts": "Hello " * 1000}]}}})
    developer.create_flow(big)
    monkeypatch.setitem(app.config, "FLOW_DOCUMENT_MAX_BYTES", 4000)
    created = developer.post("flows", json={"document": {**big, "id": "bigger"}})
    assert created.status_code == 413
    error = created.json["error"]
    assert error["code"] == "payload_too_large" and "at most 0.0 MB" in error["message"]
    assert error["details"]["limit"] == 4000 and error["details"]["bytes"] > 6000
    simulated = start(developer, "big")
    assert simulated.status_code == 413 and simulated.json["error"]["code"] == "payload_too_large"
    validated = developer.post("flows/big/validate", json={"document": big})
    assert validated.status_code == 413
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(SimulatorSession.id))) == 0


def test_starting_more_sessions_than_allowed_evicts_the_oldest(
        developer: Api, app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "SIMULATOR_MAX_SESSIONS_PER_USER", 2)
    developer.create_flow(LOOP)
    ids = [start(developer, "loop").json["session_id"] for _ in range(3)]
    gone = developer.post(f"simulator/sessions/{ids[0]}/events", json={"input": {"dtmf": "1"}})
    assert gone.status_code == 404
    for session_id in ids[1:]:
        answer = developer.post(f"simulator/sessions/{session_id}/events",
                                json={"input": {"dtmf": "1"}})
        assert answer.status_code == 200
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(SimulatorSession.id))) == 2


def test_the_session_cap_holds_when_a_user_starts_many_sessions_at_once(
        developer: Api, app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "SIMULATOR_MAX_SESSIONS_PER_USER", 3)
    developer.create_flow(LOOP)
    starts = 12
    together = threading.Barrier(starts)

    def start_one(_: int) -> int:
        client = Api(app.test_client(), token=developer.token)
        together.wait()
        return int(start(client, "loop").status_code)

    with ThreadPoolExecutor(max_workers=starts) as pool:
        codes = list(pool.map(start_one, range(starts)))
    assert codes == [201] * starts
    with app.app_context():
        kept = db.session.scalar(db.select(db.func.count(SimulatorSession.id)))
    assert kept == 3


def test_history_is_trimmed_and_then_cannot_become_a_test_case(
        developer: Api, app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "SIMULATOR_HISTORY_ENTRIES", 6)
    developer.create_flow(LOOP)
    session_id = start(developer, "loop", channel="voice").json["session_id"]
    for _ in range(2):
        developer.post(f"simulator/sessions/{session_id}/events", json={"input": {"dtmf": "1"}})
    assert developer.post(f"simulator/sessions/{session_id}/testcase",
                          json={"name": "short"}).status_code == 200
    for _ in range(5):
        developer.post(f"simulator/sessions/{session_id}/events", json={"input": {"dtmf": "1"}})
    with app.app_context():
        session = db.session.get(SimulatorSession, session_id)
        assert session is not None
        assert len(session.transcript) == 6 and len(session.trace) == 6
    refused = developer.post(f"simulator/sessions/{session_id}/testcase", json={"name": "long"})
    assert refused.status_code == 409 and refused.json["error"]["code"] == "history_trimmed"


def test_history_is_trimmed_by_size(developer: Api, app: Flask,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "SIMULATOR_HISTORY_MAX_BYTES", 600)
    developer.create_flow(LOOP)
    session_id = start(developer, "loop", channel="voice").json["session_id"]
    for _ in range(10):
        developer.post(f"simulator/sessions/{session_id}/events", json={"input": {"dtmf": "1"}})
    with app.app_context():
        session = db.session.get(SimulatorSession, session_id)
        assert session is not None and session.settings["history_trimmed"]
        assert len(str(session.transcript)) + len(str(session.trace)) < 1200


def test_a_published_version_is_not_copied_into_the_session(developer: Api, app: Flask) -> None:
    developer.create_flow(demo_flow())
    developer.post("flows/sim-demo/versions", json={})
    session_id = start(developer, "sim-demo", version=1, channel="voice",
                       business={"emergency": {"storm": False}}).json["session_id"]
    with app.app_context():
        session = db.session.get(SimulatorSession, session_id)
        assert session is not None and session.document == {}
    answer = developer.post(f"simulator/sessions/{session_id}/events",
                            json={"input": {"dtmf": "1"}})
    assert answer.status_code == 200
    assert answer.json["state_summary"]["block"] == "ask_pin"


POLLING = hello_flow("polling", phases={"self_service": "poll"}, blocks={
    "poll": {"type": "http", "props": {"method": "GET", "url": "https://orders.example.com/poll",
                                       "result_variable": "status"},
             "next": {"next": "poll", "error": "poll"}}})
POLL_MOCK = {"match": {"method": "GET", "url": "https://orders.example.com/poll"},
             "respond": {"status": 200, "json": {"state": "pending"}}}


def test_one_request_runs_at_most_the_step_budget_of_blocks(
        developer: Api, app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    developer.create_flow(POLLING)
    monkeypatch.setitem(app.config, "SIMULATOR_STEP_BUDGET", 10)
    bounded = start(developer, "polling", channel="chat", mocks={"http": [POLL_MOCK]})
    assert bounded.status_code == 201, bounded.json
    assert not bounded.json["state_summary"]["ended"], bounded.json
    assert bounded.json["state_summary"]["waiting_for"] == "http"
    assert 10 <= len(bounded.json["trace"]) <= 12
    monkeypatch.setitem(app.config, "SIMULATOR_STEP_BUDGET", 40)
    wider = start(developer, "polling", channel="chat", mocks={"http": [POLL_MOCK]})
    assert 40 <= len(wider.json["trace"]) <= 42
