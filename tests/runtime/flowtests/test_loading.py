"""Reading test files: the strict schema, readable errors, YAML 1.2 scalars, merging of given."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from runtime.flowtests import FlowTestFileError, load_test_file
from runtime.flowtests.given import DEFAULT_NOW, merge_given
from runtime.flowtests.loading import load_given
from runtime.flowtests.spec import ExpectStep, InputStep
from tests.runtime.flowtests.helpers import Project


def load_error(project: Project, text: str) -> str:
    path = project.test_file(text)
    with pytest.raises(FlowTestFileError) as info:
        load_test_file(path)
    message = str(info.value)
    assert str(path) in message
    return message


def test_unknown_keys_name_the_file_case_and_key(project: Project) -> None:
    message = load_error(project, """
        flow: main.json
        cases:
          - name: order status
            steps:
              - expcet: {say: "Hi"}
              - expect: {sya: "Hi"}
            assert: {varibles: {}}
    """)
    assert "case 'order status': step 1: unknown key 'expcet' (known keys: expect, input)" \
        in message
    assert "case 'order status': step 2: expect: unknown key 'sya'" in message
    assert "say" in message.split("'sya'")[1]
    assert "case 'order status': assert: unknown key 'varibles'" in message


def test_unknown_keys_in_given_and_file(project: Project) -> None:
    message = load_error(project, """
        flow: main.json
        chanel: voice
        given:
          http:
            - match: {url: "https://x.example/*"}
              respond: {status: 200, jsn: {}}
        cases: [{name: one}]
    """)
    assert "unknown key 'chanel'" in message
    assert "given: http #1: respond: unknown key 'jsn'" in message
    assert "json" in message


def test_shape_errors_are_readable(project: Project) -> None:
    message = load_error(project, """
        flow: main.json
        cases:
          - name: shapes
            channel: fax
            steps:
              - expect: {say: "a", prompt: "b"}
              - {}
              - input: {dtmf: "12x"}
              - input: {route_result: maybe}
          - steps: []
    """)
    assert "case 'shapes': channel: A channel is 'voice' or 'chat'" in message
    assert "step 1: expect: An expect names exactly one of" in message
    assert "this one has say, prompt" in message
    assert "step 2: A step is either `expect: {...}` or `input: {...}`" in message
    assert "step 3: input: dtmf: '12x' is not a sequence of key presses" in message
    assert "step 4: input: route_result:" in message
    assert "case '#2': name: is required" in message


def test_yaml_errors_and_non_mappings(project: Project) -> None:
    assert "is not valid YAML: line 3" in load_error(project, "flow: a\ncases: [\n")
    assert "a flow-test file is a mapping" in load_error(project, "- just a list\n")
    assert "the key 'flow' is given twice" in load_error(project, "flow: a\nflow: b\n")
    assert "cases: is required" in load_error(project, "flow: a\n")


def test_case_names_are_unique(project: Project) -> None:
    message = load_error(project, """
        flow: main.json
        cases: [{name: same}, {name: same}]
    """)
    assert "two cases are named 'same'" in message


def test_yaml_scalars_follow_yaml_1_2(project: Project) -> None:
    spec = load_test_file(project.test_file("""
        flow: main.json
        cases:
          - name: scalars
            variables: {flag: on, count: 2, ratio: 0.5, day: 2026-12-25}
            steps:
              - input: {dtmf: 0123}
              - input: {dtmf: 42}
              - expect: {menu: {options: [1, 2]}}
    """))
    case = spec.cases[0]
    assert case.variables == {"flag": "on", "count": 2.0, "ratio": 0.5, "day": "2026-12-25"}
    assert case.steps[0] == InputStep("dtmf", "0123")
    assert case.steps[1] == InputStep("dtmf", "42")
    assert case.steps[2] == ExpectStep("menu", {"options": ["1", "2"]})


def test_steps_become_expect_and_input_records(project: Project) -> None:
    spec = load_test_file(project.test_file("""
        flow: main.json
        channel: [chat, voice]
        cases:
          - name: steps
            strict: true
            steps:
              - expect: {end: true}
              - expect: {record: true}
              - input: {noinput: true}
              - input: {recording: {id: r1}}
            assert: {path: [a, b], milestones: [], end_reason: routed}
    """))
    case = spec.cases[0]
    assert spec.channels == ("chat", "voice")
    assert case.strict
    assert case.steps == (ExpectStep("end", {}), ExpectStep("record", {}),
                          InputStep("noinput", True), InputStep("recording", {"id": "r1"}))
    assert case.assertions.path == ("a", "b")
    assert case.assertions.milestones == ()
    assert case.assertions.end_reason == "routed"
    assert case.assertions.variables is None


def test_merge_given_key_by_key() -> None:
    file_given = {
        "now": "2026-11-25T10:00:00-05:00",
        "system": {"ANI": "+1555", "DNIS": "+1800"},
        "business": {"hours": {"main": {"mon-fri": "08:00-18:00"}},
                     "emergency": {"storm": False, "flood": False},
                     "tables": {"vip": [{"ani": "1"}], "blocked": [{"ani": "2"}]}},
        "http": [{"match": {"url": "file"}, "respond": {}}],
        "bots": {"pizza": [{"intent": "A"}], "help": [{"intent": "B"}]},
    }
    case_given = {
        "now": "2026-12-25T09:00:00Z",
        "system": {"ANI": "+1666"},
        "business": {"emergency": {"storm": True}, "tables": {"vip": []}},
        "http": [{"match": {"url": "case"}, "respond": {}}],
        "bots": {"pizza": [{"intent": "C"}]},
    }
    merged = merge_given(file_given, case_given)
    assert merged["now"] == "2026-12-25T09:00:00Z"
    assert merged["system"] == {"ANI": "+1666", "DNIS": "+1800"}
    assert merged["business"]["hours"] == {"main": {"mon-fri": "08:00-18:00"}}
    assert merged["business"]["emergency"] == {"storm": True, "flood": False}
    assert merged["business"]["tables"] == {"vip": []}
    assert [mock["match"]["url"] for mock in merged["http"]] == ["case", "file"]
    assert merged["bots"] == {"pizza": [{"intent": "C"}], "help": [{"intent": "B"}]}
    assert file_given["system"] == {"ANI": "+1555", "DNIS": "+1800"}


def test_loaded_cases_get_the_merged_given(project: Project) -> None:
    spec = load_test_file(project.test_file("""
        flow: main.json
        given:
          now: "2026-11-25T10:00:00-05:00"
          system: {ANI: "+15551234567", DNIS: 18005550100}
          business:
            hours: {main: {mon-fri: "08:00-18:00", timezone: America/New_York}}
            special_days: {main: ["2026-12-25"]}
            tables:
              vip: [{ani: "+15551234567", tier: gold}]
              accounts: {key: number, rows: [{name: Ann, number: 7}]}
        cases:
          - name: from the file
          - name: own clock and tables
            given:
              now: "2026-12-24T16:30:00"
              business: {tables: {vip: [{ani: "+1999", tier: silver}]}}
    """))
    first, second = spec.cases
    assert first.given.now == datetime(2026, 11, 25, 10, tzinfo=timezone(timedelta(hours=-5)))
    assert first.given.system == {"ANI": "+15551234567", "DNIS": 18005550100.0}
    assert first.given.hours["main"].special_days == ("2026-12-25",)
    assert first.given.hours["main"].schedule["timezone"] == "America/New_York"
    assert first.given.tables["vip"]["+15551234567"]["tier"] == "gold"
    assert first.given.tables["accounts"]["7"]["name"] == "Ann"
    assert second.given.now == datetime(2026, 12, 24, 16, 30, tzinfo=UTC)
    assert set(second.given.tables) == {"vip"}
    assert second.given.tables["vip"]["+1999"]["tier"] == "silver"
    assert second.given.hours == first.given.hours


def test_default_clock_is_fixed_never_the_wall_clock(project: Project) -> None:
    spec = load_test_file(project.test_file("flow: main.json\ncases: [{name: plain}]\n"))
    assert spec.cases[0].given.now == DEFAULT_NOW
    host = spec.cases[0].given.host("plain")
    assert host.now() == DEFAULT_NOW
    assert host.random_seed() == spec.cases[0].given.host("plain").random_seed()
    assert host.random_seed() != spec.cases[0].given.host("other").random_seed()


@pytest.mark.parametrize(("given", "expected"), [
    ('now: "next tuesday"', "now: 'next tuesday' is not an ISO 8601 date-time"),
    ("business: {special_days: {main: ['2026-12-25']}}",
     "business.special_days names 'main', which has no business.hours entry"),
    ("business: {tables: {vip: {rows: []}}}", "business.tables.vip is a list of rows or"),
    ("business: {tables: {vip: [1, 2]}}", "business.tables.vip: the rows are a list of mappings"),
    ("business: {tables: {vip: {key: id, rows: [{name: x}]}}}",
     "business.tables.vip: a row has no 'id' column"),
])
def test_bad_given_values_name_the_case(project: Project, given: str, expected: str) -> None:
    message = load_error(project, f"flow: main.json\ncases:\n  - name: odd\n    given: {{{given}}}\n")
    assert "case 'odd': given: " in message
    assert expected in message


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(FlowTestFileError, match="cannot be read"):
        load_test_file(tmp_path / "missing.flowtest.yaml")


GIVEN_FILE = """
flow: main.json
given:
  now: "2026-11-24T10:00:00-05:00"
  system: {ANI: "+1555", DNIS: "+1800"}
  business:
    emergency: {outage: false}
    tables: {vip: [{ani: "+1555", tier: gold}]}
cases:
  - name: plain
  - name: outage
    given:
      system: {ANI: "+1666"}
      business: {emergency: {outage: true}}
"""


def test_load_given_reads_the_files_world_or_a_cases(project: Project) -> None:
    path = project.test_file(GIVEN_FILE)
    world = load_given(path)
    assert world.now == datetime(2026, 11, 24, 15, tzinfo=UTC)
    assert world.system == {"ANI": "+1555", "DNIS": "+1800"}
    assert world.flags == {"outage": False}
    assert world.tables == {"vip": {"+1555": {"ani": "+1555", "tier": "gold"}}}
    case = load_given(path, "outage")
    assert case.system == {"ANI": "+1666", "DNIS": "+1800"}
    assert case.flags == {"outage": True}
    assert case.tables == world.tables
    assert load_test_file(path).given["system"] == {"ANI": "+1555", "DNIS": "+1800"}


def test_load_given_names_the_cases_when_one_is_missing(project: Project) -> None:
    path = project.test_file(GIVEN_FILE)
    with pytest.raises(FlowTestFileError) as info:
        load_given(path, "outgae")
    assert info.value.problems == ["there is no case named 'outgae' (its cases: 'plain', "
                                   "'outage')"]


def test_load_given_checks_the_files_own_world(project: Project) -> None:
    path = project.test_file("""
flow: main.json
given: {business: {special_days: {main: ["2026-12-25"]}}}
cases:
  - name: with hours
    given: {business: {hours: {main: {mon-fri: "08:00-18:00"}}}}
""")
    assert load_given(path, "with hours").hours["main"].special_days == ("2026-12-25",)
    with pytest.raises(FlowTestFileError) as info:
        load_given(path)
    assert info.value.problems == ["given: business.special_days names 'main', which has no "
                                   "business.hours entry."]
