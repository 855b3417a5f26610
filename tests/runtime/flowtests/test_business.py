"""Business controls from `given`: hours with special days, emergency flags, the fixed clock."""

from __future__ import annotations

from tests.runtime.flowtests.helpers import Project, flow_document, say

BUSINESS = flow_document("business", {
    "storm": {"type": "emergency", "props": {"flag": "storm"},
              "next": {"on": "closed_storm", "off": "hours"}},
    "hours": {"type": "business_hours", "props": {"hours": "main"},
              "next": {"open": "open", "closed": "closed", "holiday": "holiday"}},
    "open": say("We are open."),
    "closed": say("We are closed."),
    "holiday": say("Happy holidays."),
    "closed_storm": say("Closed for the storm."),
})


def test_hours_special_days_and_flags(project: Project) -> None:
    project.flow(BUSINESS)
    result = project.run("""
flow: flows/business.json
channel: voice
given:
  now: "2026-11-25T10:00:00-05:00"
  business:
    hours: {main: {mon-fri: "08:00-18:00", timezone: America/New_York}}
    special_days: {main: ["2026-12-25"]}
    emergency: {storm: false}
cases:
  - name: wednesday morning
    steps: [expect: {say: "We are open."}]
  - name: wednesday night
    given: {now: "2026-11-25T19:00:00-05:00"}
    steps: [expect: {say: "We are closed."}]
  - name: christmas
    given: {now: "2026-12-25T10:00:00-05:00"}
    steps: [expect: {say: "Happy holidays."}]
  - name: storm
    given: {business: {emergency: {storm: true}}}
    steps: [expect: {say: "Closed for the storm."}]
  - name: same instant in UTC
    given: {now: "2026-11-25T23:30:00Z"}
    steps: [expect: {say: "We are closed."}]
""")
    assert [(case.case, case.passed) for case in result.cases] == [
        (case.case, True) for case in result.cases], [case.message for case in result.cases]
    assert len(result.cases) == 5


def test_missing_resources_are_flow_errors(project: Project) -> None:
    project.flow(BUSINESS)
    result = project.run("""
flow: flows/business.json
channel: chat
cases:
  - name: nothing given
    steps: [expect: {error: {type: ResourceNotFound, message: "*emergency flag named 'storm'"}}]
""")
    assert result.passed, result.cases[0].message
