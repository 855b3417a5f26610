"""Flow tests give named SRGS grammars under `business.grammars`; broken ones name their line."""

from __future__ import annotations

import json

from tests.runtime.flowtests.helpers import Project, flow_document, only_case

TRIP = ("#ABNF 1.0; root $trip; $trip = from $city {out.from = rules.city} "
        "to $city {out.to = rules.latest()}; $city = boston {out = 'BOS'} | "
        "new york {out = 'NYC'};")


def trip_flow(project: Project) -> None:
    project.flow(flow_document("trip", {
        "ask": {"type": "input", "props": {"prompts": [{"tts": "Where to?"}],
                                           "variable": "trip", "grammar": {"srgs": "trip"}},
                "next": {"next": "done"}},
        "done": {"type": "milestone", "props": {"name": "done"}},
    }, variables={"trip": {"type": "any"}}))


def test_a_named_grammar_from_the_given_answers_the_input(project: Project) -> None:
    trip_flow(project)
    case = only_case(project.run(f"""
flow: flows/trip.json
channel: chat
given:
  business: {{grammars: {{trip: {{en: "{TRIP}"}}}}}}
cases:
  - name: the case
    steps:
      - input: {{text: "from new york to boston"}}
    assert: {{variables: {{trip: {json.dumps({"from": "NYC", "to": "BOS"})}}}}}
"""))
    assert case.passed, case.message


def test_a_broken_given_grammar_names_its_line(project: Project) -> None:
    trip_flow(project)
    result = project.run("""
flow: flows/trip.json
given:
  business: {grammars: {trip: {en: "#ABNF 1.0;\\nroot $a;\\n$a = yes $nope;\\n"}}}
cases:
  - name: the case
""")
    assert result.error is not None
    assert "business.grammars.trip.en" in result.error and "line 3" in result.error
