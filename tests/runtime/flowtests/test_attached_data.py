"""`expect: {route: {data}}` and `{transfer: {data}}`: the attached data, matched as a subset."""

from __future__ import annotations

import pytest

from runtime.flowtests.expectations import matches
from runtime.flowtests.outputs import Output
from tests.runtime.flowtests.helpers import Project, flow_document, only_case, say

DATA = {"count": "1 + 1", "tier": "'gold'", "verified": "true", "nothing": "null",
        "profile": "({'name': 'Dana', 'age': 40, 'tags': ['a', 'b']})"}


def attach_then(project: Project, target: dict[str, object]) -> None:
    project.flow(flow_document("handoff", {
        "hello": say("Hello."),
        "attach": {"type": "set_data", "props": {"data": DATA}, "next": {"next": "hand_off"}},
        "hand_off": target,
    }, phases={"self_service": "hello", "assisted_service": "attach"}))


def run(project: Project, expectation: str, target: dict[str, object]) -> tuple[bool, str]:
    attach_then(project, target)
    case = only_case(project.run(f"""
flow: flows/handoff.json
channel: voice
cases:
  - name: handoff
    steps: [expect: {expectation}]
"""))
    return case.passed, case.message


ROUTE = {"type": "route", "props": {"target": {"value": "sales"}}}
TRANSFER = {"type": "transfer", "props": {"destination": "'+18005550199'"}}


@pytest.mark.parametrize("data", [
    "{count: 2, tier: gold}",
    "{count: 2.0, verified: true, nothing: null}",
    "{profile: {age: 40}}",
    "{profile: {tags: [a, b]}}",
    "{}",
])
def test_route_data_matches_what_the_case_lists(project: Project, data: str) -> None:
    passed, message = run(project, f"{{route: {{value: sales, data: {data}}}}}", ROUTE)
    assert passed, message


@pytest.mark.parametrize("data", [
    '{count: "2"}',
    "{tier: silver}",
    "{verified: 1}",
    "{missing: null}",
    "{profile: {tags: [a]}}",
    "{tier: gol*}",
])
def test_route_data_that_differs_fails(project: Project, data: str) -> None:
    passed, message = run(project, f"{{route: {{data: {data}}}}}", ROUTE)
    assert not passed
    assert ("actual:   route queue \"sales\" data {\"count\": 2, \"tier\": \"gold\", "
            "\"verified\": true, \"nothing\": null, \"profile\": {\"name\": \"Dana\", \"age\": "
            "40, \"tags\": [\"a\", \"b\"]}}   <- block 'hand_off'") in message


def test_transfer_data(project: Project) -> None:
    passed, message = run(project, "{transfer: {destination: '+1800*', data: {count: 2}}}",
                          TRANSFER)
    assert passed, message
    passed, message = run(project, "{transfer: {data: {count: 3}}}", TRANSFER)
    assert not passed
    assert 'expected: transfer data {"count": 3}' in message
    assert 'actual:   transfer "+18005550199" (blind) data {"count": 2, ' in message


def test_outputs_without_data_are_shown_without_it() -> None:
    route = Output(("route",), "r", {"type": "queue", "value": "sales", "skills": [],
                                     "priority": 0, "data": {}})
    assert route.describe() == 'route queue "sales"'
    assert matches("route", {"data": {}}, route)
    assert not matches("route", {"data": {"a": 1}}, route)
