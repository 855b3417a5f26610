"""Finding the flow under test and the modules it calls; validation problems fail each case."""

from __future__ import annotations

import json
from pathlib import Path

from blocks import shared_registry
from runtime.flowtests import RunReport, plan_file, port_coverage, run_file
from runtime.flowtests.project import FlowLibrary, project_root, search_folders
from tests.runtime.flowtests.helpers import FIXTURES, Project, flow_document, only_case, say

CALLER = flow_document("caller", {
    "check": {"type": "module", "props": {"module": "pin-check@2", "outputs": {
        "verified": "ok"}}, "next": {"next": "result"}},
    "result": say("Verified: {{ ok }}."),
}, variables={"ok": {"type": "boolean", "default": False}})

CALLER_TEST = """
flow: caller
channel: voice
cases:
  - name: right pin
    steps:
      - input: {dtmf: "1234"}
      - expect: {say: "Verified: true."}
"""


def test_project_root_is_the_nearest_marker(tmp_path: Path) -> None:
    (tmp_path / "repo" / "tests" / "deep").mkdir(parents=True)
    (tmp_path / "repo" / ".git").mkdir()
    assert project_root(tmp_path / "repo" / "tests" / "deep") == tmp_path / "repo"
    (tmp_path / "repo" / "tests" / "pyproject.toml").write_text("")
    assert project_root(tmp_path / "repo" / "tests" / "deep") == tmp_path / "repo" / "tests"


def test_search_stops_at_the_project_root(project: Project) -> None:
    deep = project.root / "tests" / "flows" / "deeper"
    deep.mkdir(parents=True)
    (project.root / "modules").mkdir()
    folders = search_folders(deep)
    assert folders[0] == deep
    assert folders[-1] == project.root / "modules"
    assert project.root.parent not in folders


def test_flow_and_module_found_by_id_in_parent_folders(project: Project) -> None:
    project.flow(CALLER)
    project.copy_fixture("modules/pin-check.json")
    case = only_case(project.run(CALLER_TEST, name="tests/voice/caller.flowtest.yaml"))
    assert case.passed, case.message
    assert case.flow_id == "caller"


def test_module_in_an_extra_module_path(project: Project) -> None:
    project.flow(CALLER)
    installed = project.root.parent / f"{project.root.name}-apps" / "acme" / "v2"
    installed.mkdir(parents=True)
    (installed / "pin-check.json").write_text((FIXTURES / "modules/pin-check.json").read_text())
    test_file = project.test_file(CALLER_TEST)
    assert "cannot be found" in only_case(run_file(test_file)).message
    result = run_file(test_file, module_paths=[installed.parent.parent])
    assert only_case(result).passed, only_case(result).message
    assert [shape.installed for shape in result.flows] == [False, True]


def test_namespaced_module_reference(project: Project) -> None:
    vendor = project.root / "apps" / "acme"
    vendor.mkdir(parents=True)
    (vendor / "pin-check.json").write_text((FIXTURES / "modules/pin-check.json").read_text())
    library = FlowLibrary(project.root, registry=shared_registry(), module_paths=[project.root / "apps"])
    found = library.lookup("acme/pin-check@1")
    assert found is not None and found.id == "pin-check"
    assert library.lookup("other/pin-check@1") is None
    assert library.resolve("acme/pin-check@latest").id == "pin-check"


def test_missing_module_fails_every_case_with_the_validation_error(project: Project) -> None:
    project.flow(CALLER)
    case = only_case(project.run(CALLER_TEST))
    assert not case.passed
    assert case.message.startswith("The flow 'caller' cannot run: validation found 1 error:")
    assert "check" in case.message and "'pin-check@2' cannot be found" in case.message


def test_errors_inside_a_called_module_are_reported(project: Project) -> None:
    project.flow(CALLER)
    broken = json.loads((FIXTURES / "modules/pin-check.json").read_text())
    broken["blocks"]["check"]["next"]["ok"] = "nowhere"
    project.flow(broken, "modules/pin-check.json")
    case = only_case(project.run(CALLER_TEST))
    assert not case.passed
    assert "in module 'pin-check': error: check next.ok: Port 'ok' leads to 'nowhere'" \
        in case.message


def test_flow_not_found_is_a_file_error(project: Project) -> None:
    result = project.run("flow: nowhere\ncases: [{name: one}]\n")
    assert result.cases == []
    assert result.error is not None
    assert "flow: 'nowhere' is neither a file next to this test nor the id of a flow" \
        in result.error
    result = project.run("flow: flows/nowhere.json\ncases: [{name: one}]\n")
    assert result.error is not None and "does not exist" in result.error


def test_flow_that_is_not_a_flow_document_is_a_file_error(project: Project) -> None:
    (project.root / "broken.json").write_text('{"format": "designer-flow", "id": 3}')
    result = project.run("flow: broken.json\ncases: [{name: one}]\n")
    assert result.error is not None
    assert "is not a valid flow document" in result.error


def test_channels_default_to_the_flows_and_a_case_may_narrow_them(project: Project) -> None:
    project.flow(flow_document("hello", {"hi": say("Hi.")}))
    plan = plan_file(project.test_file("""
flow: flows/hello.json
cases:
  - name: everywhere
  - name: chat only
    channel: chat
"""))
    assert [(case.name, channel) for case, channel in plan.runs] == [
        ("everywhere", "voice"), ("everywhere", "chat"), ("chat only", "chat")]


def test_a_channel_the_flow_does_not_serve_fails_the_case(acme: Project) -> None:
    case = only_case(acme.run("flow: voice-desk\nchannel: chat\ncases: [{name: chat}]\n"))
    assert not case.passed
    assert case.message == ("The flow 'voice-desk' does not serve the chat channel (it serves "
                            "voice).")


MODULE_TEST = """
flow: pin-check
channel: voice
cases:
  - name: right pin
    steps:
      - expect: {prompt: "Enter your four digit PIN."}
      - input: {dtmf: "1234"}
      - expect: {end: {reason: returned}}
    assert:
      variables: {verified: true, pin: "1234"}
      path: [ask_pin, pin_checked, check, ok_return]
      milestones: [pin_checked]
      end_reason: returned
  - name: wrong pin
    steps:
      - input: {dtmf: "9999"}
    assert:
      variables: {verified: true}
"""


def test_a_module_is_tested_on_its_own(project: Project) -> None:
    project.copy_fixture("modules/pin-check.json")
    result = project.run(MODULE_TEST, name="tests/pin-check.flowtest.yaml")
    right, wrong = result.cases
    assert right.passed, right.message
    assert right.flow_id == "pin-check"
    assert not wrong.passed
    assert wrong.message == "assert.variables: verified is false, expected true"
    (coverage,) = port_coverage(RunReport([result]))
    assert (coverage.flow_id, coverage.module) == ("pin-check", False)
    assert coverage.ports_missed == (("ask_pin", "noinput"), ("ask_pin", "nomatch"))


def test_a_module_with_tests_of_its_own_is_a_flow_under_test(acme: Project) -> None:
    caller = acme.run("""
flow: voice-desk
cases:
  - name: right pin
    steps: [input: {dtmf: "3"}, input: {dtmf: "1234"}]
""", name="tests/desk.flowtest.yaml")
    assert only_case(caller).passed, only_case(caller).message
    alone = acme.run(MODULE_TEST, name="tests/pin-check.flowtest.yaml")
    coverages = port_coverage(RunReport([caller, alone]))
    assert [(c.flow_id, c.module) for c in coverages] == [("pin-check", False),
                                                          ("voice-desk", False)]
