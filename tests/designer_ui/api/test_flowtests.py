"""Flow tests stored per flow and run with the flow-test runner."""

from __future__ import annotations

import textwrap

from designer_ui.simulation.testcase import SECURE_PLACEHOLDER
from tests.designer_ui.helpers import Api, demo_flow, hello_flow

PASSING = textwrap.dedent("""\
    flow: ../flows/hello.json
    cases:
      - name: greets
        steps:
          - expect: {say: "Hello"}
          - expect: {end: true}
      - name: wrong greeting
        channel: chat
        steps:
          - expect: {say: "Goodbye"}
    """)


def test_store_and_run_tests(developer: Api, as_role) -> None:  # type: ignore[no-untyped-def]
    developer.create_flow(hello_flow())
    assert developer.get("flows/hello/tests").json["yaml"] == ""
    saved = developer.put("flows/hello/tests", json={"yaml": PASSING})
    assert saved.status_code == 200 and saved.json["updated_by"] == "developer"
    agent = as_role("agent")
    assert agent.put("flows/hello/tests", json={"yaml": PASSING}).status_code == 403
    results = agent.post("flows/hello/tests/run").json
    by_case = {(case["name"], case["channel"]): case for case in results["cases"]}
    assert by_case[("greets", "voice")]["passed"] and by_case[("greets", "chat")]["passed"]
    assert not by_case[("wrong greeting", "chat")]["passed"]
    assert "Goodbye" in by_case[("wrong greeting", "chat")]["message"]
    assert results["passed"] == 2 and results["failed"] == 1
    assert developer.get("flows/hello/tests").json["last_results"]["failed"] == 1


def test_invalid_yaml_is_refused(developer: Api) -> None:
    developer.create_flow(hello_flow())
    response = developer.put("flows/hello/tests", json={"yaml": "cases: [\n  - name: x\n bad"})
    assert response.status_code == 400 and response.json["error"]["code"] == "invalid_yaml"
    assert response.json["error"]["details"]["line"] >= 1
    assert developer.put("flows/hello/tests", json={"yaml": "- a list"}).status_code == 400
    assert developer.post("flows/hello/tests/run").status_code == 409


def test_file_errors_are_reported(developer: Api) -> None:
    developer.create_flow(hello_flow())
    developer.put("flows/hello/tests", json={"yaml": "flow: hello\ncases: []\n"})
    results = developer.post("flows/hello/tests/run").json
    assert results["error"] and results["failed"] == 1 and results["cases"] == []


def test_simulator_case_runs_as_a_test(developer: Api) -> None:
    developer.create_flow(demo_flow())
    mock = {"match": {"method": "GET", "url": "https://orders.example.com/status/*"},
            "respond": {"status": 200, "json": {"state": "shipped"}}}
    started = developer.post("simulator/sessions", json={
        "flow_id": "sim-demo", "channel": "voice", "mocks": {"http": [mock]},
        "business": {"emergency": {"storm": False}}}).json
    sid = started["session_id"]
    developer.post(f"simulator/sessions/{sid}/events", json={"input": {"dtmf": "1"}})
    developer.post(f"simulator/sessions/{sid}/events", json={"input": {"dtmf": "1234"}})
    case_yaml = developer.post(f"simulator/sessions/{sid}/testcase", json={"name": "orders"}).json
    # the secure PIN was not saved: the author fills in a test value for it
    filled = case_yaml["yaml"].replace(SECURE_PLACEHOLDER, "1234")
    developer.put("flows/sim-demo/tests", json={"yaml": filled})
    results = developer.post("flows/sim-demo/tests/run").json
    assert results["failed"] == 0 and results["passed"] == 1, results
