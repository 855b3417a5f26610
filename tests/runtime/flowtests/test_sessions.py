"""The runner saves and reloads the session state on every step, and runs are deterministic."""

from __future__ import annotations

import json
from typing import Any

import pytest

from interpreter.engine.engine import Engine
from tests.runtime.flowtests.helpers import Project, flow_document, only_case, say


def test_every_step_resumes_from_a_json_copy_of_the_state(acme: Project,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    returned: list[int] = []
    kept: list[dict[str, Any]] = []  # keeps returned states alive, so their ids are not reused
    resumed: list[dict[str, Any]] = []
    original_start, original_resume = Engine.start, Engine.resume

    def start(self: Engine, *args: Any, **kwargs: Any) -> Any:
        step = original_start(self, *args, **kwargs)
        returned.append(id(step.state))
        kept.append(step.state)
        return step

    def resume(self: Engine, flow: Any, state: dict[str, Any], *args: Any) -> Any:
        resumed.append(state)
        assert id(state) not in returned
        assert json.loads(json.dumps(state)) == state
        step = original_resume(self, flow, state, *args)
        returned.append(id(step.state))
        kept.append(step.state)
        return step

    monkeypatch.setattr(Engine, "start", start)
    monkeypatch.setattr(Engine, "resume", resume)
    case = only_case(acme.run("""
flow: flows/acme-main.json
channel: voice
given:
  business: {tables: {vip: []}}
  http: [{match: {url: "*"}, respond: {json: {status: shipped}}}]
cases:
  - name: order
    steps: [input: {dtmf: "1"}, input: {dtmf: "42#"}, expect: {say: "Your order has shipped."}]
"""))
    assert case.passed, case.message
    assert len(resumed) >= 4


def said_by_each_case(project: Project, text: str) -> list[str]:
    """What each case's flow said, read from the failure of an expect that cannot match."""
    result = project.run(text)
    return [line for case in result.cases for line in case.message.splitlines()
            if line.startswith("  actual:")]


def test_math_random_is_seeded_by_the_case_name(project: Project) -> None:
    project.flow(flow_document("dice", {
        "roll": {"type": "assign", "props": {"assignments": [
            {"variable": "roll", "expression": "Math.floor(Math.random() * 1000000)"}]},
            "next": {"next": "show"}},
        "show": say("{{ roll }}"),
    }, variables={"roll": {"type": "number", "default": 0}}))
    text = """
flow: flows/dice.json
channel: voice
cases:
  - {name: first, steps: [expect: {say: IMPOSSIBLE}]}
  - {name: second, steps: [expect: {say: IMPOSSIBLE}]}
  - {name: third, given: {seed: fixed}, steps: [expect: {say: IMPOSSIBLE}]}
  - {name: fourth, given: {seed: fixed}, steps: [expect: {say: IMPOSSIBLE}]}
"""
    first, second, third, fourth = said_by_each_case(project, text)
    assert said_by_each_case(project, text) == [first, second, third, fourth]
    assert first != second
    assert third == fourth


def test_same_case_gives_the_same_values_on_each_channel_and_run(project: Project) -> None:
    project.flow(flow_document("dice", {
        "roll": {"type": "assign", "props": {"assignments": [
            {"variable": "roll", "expression": "Math.random()"},
            {"variable": "started", "expression": "system.StartTime"},
            {"variable": "session", "expression": "system.SessionID"}]},
            "next": {"next": "show"}},
        "show": say("{{ roll }} {{ started }} {{ session }}"),
    }, variables={"roll": {"default": 0}, "started": {"default": ""},
                  "session": {"default": ""}}))
    text = """
flow: flows/dice.json
cases:
  - name: roll
    steps: [expect: {say: "IMPOSSIBLE"}]
"""
    said = said_by_each_case(project, text) + said_by_each_case(project, text)
    assert len(said) == 4 and len(set(said)) == 1
    assert "2026-01-05T12:00:00+00:00" in said[0]


def test_case_variables_are_initial_values(acme: Project) -> None:
    text = """
flow: flows/acme-main.json
channel: voice
given: {business: {tables: {vip: []}}}
cases:
  - name: five attempts before
    variables: {attempts: 5}
    assert: {variables: {attempts: 6}}
  - name: not a variable
    variables: {atempts: 5}
"""
    first, second = acme.run(text).cases
    assert first.passed, first.message
    assert not second.passed
    assert second.message == ("The case cannot start: 'atempts' is not a variable of flow "
                              "'acme-main'.")


def test_given_language_selects_the_prompts(project: Project) -> None:
    project.flow(flow_document("hola", {
        "greet": {"type": "play_message", "props": {"prompts": [{"prompt": "greeting"}]}},
    }, languages=["en-US", "es-US"],
        prompts={"greeting": {"en-US": {"tts": "Hello"}, "es-US": {"tts": "Hola"}}}))
    result = project.run("""
flow: flows/hola.json
cases:
  - {name: default language, steps: [expect: {say: Hello}]}
  - {name: spanish, given: {language: es-US}, steps: [expect: {say: Hola}]}
""")
    assert result.passed, [case.message for case in result.cases]
