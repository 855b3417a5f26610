"""The pytest plugin: flow-test files collected as one item per case and channel."""

from __future__ import annotations

import json

import pytest

from tests.runtime.flowtests.helpers import FIXTURES, flow_document, say

pytest_plugins = ["pytester"]

PLUGIN_ARGS = ("-p", "no:designer_flowtests", "-p", "runtime.flowtests.pytest_plugin")
"""Load the plugin by module whether or not the package's entry point is installed."""

HELLO = json.dumps(flow_document("hello", {"hi": say("Hello.")}))


@pytest.fixture
def flows(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makepyprojecttoml("[tool.pytest.ini_options]\n")
    pytester.mkdir("flows")
    (pytester.path / "flows" / "hello.json").write_text(HELLO)
    return pytester


def test_cases_become_items_per_channel(flows: pytest.Pytester) -> None:
    flows.makefile(".flowtest.yaml", greeting="""
        flow: flows/hello.json
        cases:
          - name: greets
            steps: [expect: {say: "Hello."}]
          - name: greets on chat
            channel: chat
            steps: [expect: {message: "Hel*"}]
    """)
    result = flows.runpytest("-v", *PLUGIN_ARGS)
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines([
        "*greeting.flowtest.yaml::greets ?voice? PASSED*",
        "*greeting.flowtest.yaml::greets ?chat? PASSED*",
        "*greeting.flowtest.yaml::greets on chat ?chat? PASSED*",
    ])


def test_failure_report_is_the_runners_message(flows: pytest.Pytester) -> None:
    flows.makefile(".flowtest.yaml", greeting="""
        flow: flows/hello.json
        channel: voice
        cases:
          - name: shouts
            steps: [expect: {say: "HELLO!"}]
    """)
    result = flows.runpytest(*PLUGIN_ARGS)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*Flow test 'shouts' failed on voice (flow 'hello'):",
        "*Step 1 of 1 (expect say): no output since the previous step matches.",
        '*  expected: say "HELLO!"',
        "*  actual:   say \"Hello.\"   <- block 'hi'",
    ])
    assert "def runtest" not in result.stdout.str()


def test_unusable_file_is_a_collection_error(flows: pytest.Pytester) -> None:
    flows.makefile(".flowtest.yaml", broken="""
        flow: flows/hello.json
        cases:
          - name: typo
            stpes: []
    """)
    result = flows.runpytest(*PLUGIN_ARGS)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([
        "*This flow-test file cannot be used:",
        "*case 'typo': unknown key 'stpes'*",
    ])


def test_items_can_be_selected_by_name(flows: pytest.Pytester) -> None:
    flows.makefile(".flowtest.yaml", greeting="""
        flow: flows/hello.json
        cases:
          - name: first
          - name: second
    """)
    result = flows.runpytest("-k", "second and chat", *PLUGIN_ARGS)
    result.assert_outcomes(passed=1, deselected=3)


def test_module_paths_from_the_ini_file(pytester: pytest.Pytester) -> None:
    pytester.makepyprojecttoml('[tool.pytest.ini_options]\nflowtest_module_paths = ["apps"]\n')
    pytester.mkdir("apps")
    (pytester.path / "apps" / "pin-check.json").write_text(
        (FIXTURES / "modules" / "pin-check.json").read_text())
    pytester.mkdir("flows")
    (pytester.path / "flows" / "desk.json").write_text(
        (FIXTURES / "flows" / "voice-desk.json").read_text())
    pytester.makefile(".flowtest.yaml", desk="""
        flow: flows/desk.json
        cases:
          - name: pin
            steps: [input: {dtmf: "3"}, input: {dtmf: "1234"}, expect: {say: "*good standing*"}]
    """)
    result = pytester.runpytest(*PLUGIN_ARGS)
    result.assert_outcomes(passed=1)
