"""A flow test says "the agent answered and hung up first" with `route_result: agent_hangup`
(and `transfer_result: agent_hangup` for a bridged transfer): the case then follows the
`after_agent` port, so an after-agent survey is tested offline."""

from __future__ import annotations

from tests.runtime.flowtests.helpers import Project, after_agent_survey


def test_agent_hangup_in_a_flow_test_runs_the_after_agent_survey(project: Project) -> None:
    project.flow(after_agent_survey("survey-desk", priority="system.ANI == '+1555' ? 90 : 5"))
    result = project.run("""
        flow: survey-desk
        given: {system: {ANI: "+1555"}}
        cases:
          - name: survey after the agent
            steps:
              - expect: {say: Welcome}
              - expect: {route: {type: queue, value: support, priority: 90}}
              - input: {route_result: agent_hangup}
              - expect: {prompt: "Press 1*"}
              - input: {dtmf: "1"}
              - expect: {say: Thank you}
              - expect: {end: true}
          - name: answered and ended by the customer
            steps:
              - expect: {route: {value: support}}
              - input: {route_result: success}
              - expect: {end: {reason: routed}}
    """)
    assert result.passed, [case.message for case in result.cases]
