"""Simulator sessions are recorded with `origin=simulator`, apart from production figures, and
no variable value (a secure PIN above all) ever reaches the analytics tables."""

from __future__ import annotations

import json

import sqlalchemy as sa
from flask import Flask

from designer_ui.analytics.tables import TABLES
from designer_ui.extensions import db
from tests.designer_ui.analytics.conftest import flush
from tests.designer_ui.helpers import Api, demo_flow, hello_flow

PIN = "987654"


def everything_stored(app: Flask) -> str:
    with app.app_context(), db.engine.connect() as conn:
        return json.dumps({table.name: [list(row) for row in conn.execute(sa.select(table))]
                           for table in TABLES.__dict__.values()}, default=str)


def test_simulated_sessions_are_marked_and_keep_no_values(app: Flask, developer: Api) -> None:
    developer.create_flow(demo_flow())
    mocks = {"http": [{"match": {"url": "https://orders.example.com/*"},
                       "respond": {"status": 500, "json": {"pin": PIN}}}]}
    started = developer.post("simulator/sessions", json={
        "flow_id": "sim-demo", "version": "draft", "channel": "voice", "mocks": mocks,
        "business": {"emergency": {"storm": False}}})
    assert started.status_code == 201, started.json
    session_id = started.json["session_id"]
    for given in ({"dtmf": "1"}, {"dtmf": PIN}):
        response = developer.post(f"simulator/sessions/{session_id}/events", json={"input": given})
        assert response.status_code == 200, response.json
    assert response.json["state_summary"]["ended"]
    flush(app)

    assert developer.get("analytics/summary").json["sessions"] == 0
    simulated = developer.get("analytics/summary?origin=simulator").json
    assert simulated["sessions"] == 1 and simulated["ended"] == 1
    detail = developer.get(f"analytics/sessions/{session_id}").json
    assert detail["origin"] == "simulator" and detail["flow_version"] == "draft"
    errors = [event for event in detail["events"] if event["kind"] == "error"]
    assert errors and all(set(event["data"]) == {"type"} for event in errors)
    blocks = developer.get("analytics/flows/sim-demo/blocks?origin=simulator").json["blocks"]
    assert blocks["ask_pin"]["inputs"] == {"match": 1}
    assert blocks["lookup"]["ports"] == {"error": 1}

    stored = everything_stored(app)
    assert session_id in stored
    assert PIN not in stored


FLOW_TEST = """\
flow: hello
cases:
  - name: greets
    steps:
      - expect: {say: "Hello"}
"""


def test_flow_test_runs_are_marked_flowtest(app: Flask, developer: Api) -> None:
    developer.create_flow(hello_flow())
    assert developer.put("flows/hello/tests", json={"yaml": FLOW_TEST}).status_code == 200
    assert developer.post("flows/hello/tests/run").json["passed"] == 2
    flush(app)
    assert developer.get("analytics/summary").json["sessions"] == 0
    tested = developer.get("analytics/summary?origin=flowtest").json
    assert tested["sessions"] == 2 and tested["ended"] == 2
    sessions = developer.get("analytics/sessions?origin=flowtest").json
    rows = sessions["sessions"] if isinstance(sessions, dict) else sessions
    assert {row["channel"] for row in rows} == {"voice", "chat"}
