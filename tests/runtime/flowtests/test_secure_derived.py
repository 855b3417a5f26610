"""Reports mask values computed from a secure variable too: the issue's PIN 48213579 read as
digits (`4 8 2 1 3 5 7 9`), reformatted (`48-213579`) and sent in a request body."""

from __future__ import annotations

from tests.runtime.flowtests.helpers import Project, flow_document, only_case, say

PIN = "48213579"
FORMS = (PIN, "48-213579", "4 8 2 1 3 5 7 9", "4 8 2 1")


def pin_flow(last: dict[str, object]) -> dict[str, object]:
    return flow_document("pin-forms", {
        "ask": {"type": "input", "props": {"prompts": [{"tts": "Your PIN?"}], "variable": "PIN",
                                           "min_length": 8, "max_length": 8, "retries": 0},
                "next": {"next": "derive"}},
        "derive": {"type": "assign", "props": {"assignments": [
            {"variable": "Shown", "expression": "PIN.slice(0,2) + '-' + PIN.slice(2)"}]},
            "next": {"next": "read"}},
        "read": {"type": "play_message", "props": {"prompts": [
            {"tts": "You entered"}, {"value": "PIN", "as": "digits"}, {"tts": "."}]},
            "next": {"next": "shown"}},
        "shown": say("On file: {{ Shown }}.", "last"),
        "last": last,
    }, variables={"PIN": {"type": "string", "default": None, "secure": True},
                  "Shown": {"type": "string", "default": None}})


def test_mismatch_report_masks_every_derived_form(project: Project) -> None:
    project.flow(pin_flow(say("Bye.")))
    case = only_case(project.run(f"""
flow: flows/pin-forms.json
channel: voice
cases:
  - name: the case
    steps:
      - input: {{dtmf: "{PIN}"}}
      - expect: {{say: "Something else"}}
"""))
    assert not case.passed
    for form in FORMS:
        assert form not in case.message
    assert 'say "You entered **** ."' in case.message
    assert 'say "On file: ****."' in case.message


def test_unmatched_request_masks_a_derived_body(project: Project) -> None:
    project.flow(pin_flow({"type": "http", "props": {
        "method": "POST", "url": "https://bank.example.com/check",
        "body": '{"pin": "{{ PIN.slice(0,2) + \'-\' + PIN.slice(2) }}", "code": "{{ Shown }}"}'}}))
    case = only_case(project.run(f"""
flow: flows/pin-forms.json
channel: chat
given: {{http: [{{match: {{url: "https://other.example.com/*"}}, respond: {{status: 200}}}}]}}
cases:
  - name: the case
    steps:
      - input: {{text: "{PIN}"}}
"""))
    assert not case.passed
    for form in FORMS:
        assert form not in case.message
    assert 'body {"pin": "****", "code": "****"}' in case.message
