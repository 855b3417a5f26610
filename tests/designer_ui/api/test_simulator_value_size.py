"""A value built from shared parts cannot blow up the simulator's response or its stored row.

`x = [x, x]` run 23 times is cheap to build but 2^23 elements to write out; the engine
measures what a flow stores, so the simulation ends at the block's error port with a small
state. The simulator also refuses any step whose state is over `SIMULATOR_STATE_MAX_BYTES`.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask

from designer_ui.extensions import db
from designer_ui.models import SimulatorSession
from tests.designer_ui.helpers import Api, hello_flow


def doubling_flow(flow_id: str, build: str, rounds: int) -> dict[str, Any]:
    return hello_flow(flow_id, phases={"self_service": "grow"}, blocks={
        "grow": {"type": "assign", "props": {"assignments": [
            {"variable": "x", "expression": build}, {"variable": "i", "expression": "i + 1"}]},
            "next": {"next": "more", "error": "sorry"}},
        "more": {"type": "segmentation", "props": {"conditions": [
            {"name": "again", "expression": f"i < {rounds}"}]},
            "next": {"again": "grow", "default": "done"}},
        "done": {"type": "assign", "props": {"assignments": [
            {"variable": "y", "expression": "JSON.stringify(x).length"}]},
            "next": {"next": "end", "error": "sorry"}},
        "sorry": {"type": "assign", "props": {"assignments": [
            {"variable": "err", "expression": "system.LastError"},
            {"variable": "x", "expression": "0"}]}, "next": {"next": "end"}},
        "end": {"type": "terminate", "props": {"reason": "done"}},
    }, variables={"x": {"type": "any", "default": 1}, "y": {"type": "any", "default": None},
                  "i": {"type": "number", "default": 0}, "err": {"type": "any", "default": None}})


def stored_state_bytes(app: Flask, session_id: str) -> int:
    with app.app_context():
        session = db.session.get(SimulatorSession, session_id)
        assert session is not None
        return len(json.dumps(session.state))


@pytest.mark.parametrize("build", ["[x, x]", "({a: x, b: x})"])
def test_a_value_doubled_in_a_loop_ends_at_the_error_port_with_a_small_state(
        developer: Api, app: Flask, build: str) -> None:
    developer.create_flow(doubling_flow("dag", build, 23))
    started = developer.post("simulator/sessions", json={"flow_id": "dag", "version": "draft"})
    assert started.status_code == 201, started.json
    summary = started.json["state_summary"]
    assert summary["ended"] is True and summary["end_reason"] == "done"
    variables = summary["variables"]
    assert variables["err"]["type"] == "LimitExceeded"
    assert variables["err"]["block"] == "grow"
    assert "limit of 1,000,000 elements and characters one variable may hold" in \
        variables["err"]["message"]
    assert variables["y"] is None and variables["x"] == 0
    assert len(started.data) < 100_000
    assert stored_state_bytes(app, started.json["session_id"]) < 20_000


def test_a_state_over_the_simulator_s_byte_limit_is_refused_and_not_stored(
        developer: Api, app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    developer.create_flow(hello_flow("wide", phases={"self_service": "fill"}, blocks={
        "fill": {"type": "assign", "props": {"assignments": [
            {"variable": "s", "expression": "'x'.repeat(5000)"}]}, "next": {"next": "ask"}},
        "ask": {"type": "input", "props": {"prompts": [{"tts": "Say something"}],
                                           "variable": "v", "grammar": {"regex": ".*"}},
                "next": {"next": "ask"}},
    }, variables={"s": {"type": "string", "default": ""},
                  "v": {"type": "string", "default": ""}}))
    fits = developer.post("simulator/sessions", json={"flow_id": "wide", "version": "draft"})
    assert fits.status_code == 201
    assert 5000 < stored_state_bytes(app, fits.json["session_id"]) < 20_000

    monkeypatch.setitem(app.config, "SIMULATOR_STATE_MAX_BYTES", 4000)
    refused = developer.post("simulator/sessions", json={"flow_id": "wide", "version": "draft"})
    assert refused.status_code == 422
    error = refused.json["error"]
    assert error["code"] == "state_too_large"
    assert error["details"]["limit"] == 4000 and error["details"]["bytes"] > 5000
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(SimulatorSession.id))) == 1
