"""`assert:` — variables with JS-aware comparison and masking, path, milestones, end reason."""

from __future__ import annotations

from tests.runtime.flowtests.helpers import Project, flow_document, only_case, say

VALUES = flow_document("values", {
    "set": {"type": "assign", "props": {"assignments": [
        {"variable": "count", "expression": "1 + 1"},
        {"variable": "ratio", "expression": "1 / 4"},
        {"variable": "items", "expression": "[1, 'two', null]"},
        {"variable": "profile", "expression": "({'tier': 'gold', 'age': 40})"},
        {"variable": "pin", "expression": "'4321'"},
        {"variable": "flag", "expression": "true"},
    ]}, "next": {"next": "bye"}},
    "bye": say("Bye."),
}, variables={
    "count": {"type": "number", "default": 0}, "ratio": {"type": "number", "default": 0},
    "items": {"type": "array", "default": []}, "profile": {"type": "object", "default": {}},
    "pin": {"type": "string", "default": None, "secure": True},
    "flag": {"type": "boolean", "default": False}, "untouched": {"default": None},
})


def run_values(project: Project, assertions: str) -> tuple[bool, str]:
    project.flow(VALUES)
    case = only_case(project.run(f"""
flow: flows/values.json
channel: chat
cases:
  - name: values
    assert:
      variables: {assertions}
"""))
    return case.passed, case.message


def test_numbers_compare_as_javascript_numbers(project: Project) -> None:
    passed, message = run_values(project, "{count: 2, ratio: 0.25, untouched: null, flag: true}")
    assert passed, message
    passed, message = run_values(project, "{count: 2.0}")
    assert passed, message


def test_nested_values_compare_deeply(project: Project) -> None:
    passed, message = run_values(project, "{items: [1, two, null], profile: {tier: gold, age: 40}}")
    assert passed, message
    passed, message = run_values(project, "{profile: {tier: gold}}")
    assert not passed
    assert message == ('assert.variables: profile is {"tier": "gold", "age": 40}, expected '
                       '{"tier": "gold"}')


def test_types_are_not_coerced(project: Project) -> None:
    passed, message = run_values(project, '{count: "2", flag: 1, untouched: ""}')
    assert not passed
    assert message.splitlines() == [
        'assert.variables: count is 2, expected "2"',
        "assert.variables: flag is true, expected 1",
        'assert.variables: untouched is null, expected ""',
    ]


def test_secure_variables_are_compared_but_never_shown(project: Project) -> None:
    passed, message = run_values(project, '{pin: "4321"}')
    assert passed, message
    passed, message = run_values(project, '{pin: "9999"}')
    assert not passed
    assert message == ("assert.variables: pin (secure) is ****, expected **** (values of secure "
                       "variables are not shown)")
    assert "4321" not in message and "9999" not in message


def test_unknown_variables_are_reported(project: Project) -> None:
    passed, message = run_values(project, "{cuont: 2}")
    assert not passed
    assert message.startswith("assert.variables: 'cuont' is not a variable of flow 'values'")


def test_every_failed_assertion_is_reported(acme: Project) -> None:
    case = only_case(acme.run("""
flow: flows/acme-main.json
channel: voice
given: {business: {tables: {vip: []}}}
cases:
  - name: all wrong
    steps:
      - input: {dtmf: "2"}
    assert:
      variables: {attempts: 3}
      path: [init, vip_lookup, welcome, to_sales]
      milestones: [order_found]
      end_reason: hangup
"""))
    assert not case.passed
    assert case.message == "\n".join([
        "assert.variables: attempts is 1, expected 3",
        "assert.path: the blocks entered differ from position 4",
        "  expected: init, vip_lookup, welcome, to_sales",
        "  actual:   init, vip_lookup, welcome, main_menu, to_sales, wrapup",
        "assert.milestones: the milestones reached differ from position 1",
        "  expected: order_found",
        "  actual:   (none)",
        'assert.end_reason: the session ended with "routed", expected "hangup"',
    ])


def test_runner_hangs_up_so_the_path_includes_finalize(acme: Project) -> None:
    text = """
flow: flows/acme-main.json
channel: voice
given: {business: {tables: {vip: []}}}
cases:
  - name: still at the menu
    steps:
      - expect: {menu: {options: ["1", "2"]}}
    assert:
      path: [init, vip_lookup, welcome, main_menu, wrapup]
      variables: {wrapped: true}
      end_reason: hangup
  - name: forgot finalize
    assert:
      path: [init, vip_lookup, welcome, main_menu]
"""
    first, second = acme.run(text).cases
    assert first.passed, first.message
    assert not second.passed
    assert "the runner hung up: the path includes the blocks finalize ran" in second.message


def test_path_leaves_out_module_blocks_but_milestones_keep_them(acme: Project) -> None:
    case = only_case(acme.run("""
flow: voice-desk
cases:
  - name: pin
    steps:
      - input: {dtmf: "3"}
      - input: {dtmf: "1234"}
    assert:
      path: [desk_menu, verify, pin_result, account, hang_up]
      milestones: [pin_checked]
      variables: {pinOk: true}
      end_reason: done
"""))
    assert case.passed, case.message
