"""Flow tests play the agent side of a route: `input: {agent: answers}` (the route waits while
they talk), then `input: {agent: hangs_up}` (the design's `agent_left: true` is the same): the
route continues at `after_agent`. A caller who hangs up while talking with the agent ends it as
a successful route; wrong uses fail with a clear message."""

from __future__ import annotations

from tests.runtime.flowtests.helpers import Project, after_agent_survey


def test_agent_answers_then_hangs_up_runs_the_after_agent_survey(project: Project) -> None:
    project.flow(after_agent_survey("agent-desk"))
    result = project.run("""
        flow: agent-desk
        cases:
          - name: answered, then the agent leaves
            steps:
              - expect: {say: Welcome}
              - expect: {route: {value: support}}
              - input: {agent: answers}
              - input: {agent: hangs_up}
              - expect: {prompt: "Press 1*"}
              - input: {dtmf: "1"}
              - expect: {say: Thank you}
              - expect: {end: true}
            assert: {path: [hello, queue, survey, thanks, bye]}
          - name: the design's agent_left
            steps:
              - input: {agent: answers}
              - input: {agent_left: true}
              - expect: {prompt: "Press 1*"}
          - name: the caller ends the talk
            steps:
              - input: {agent: answers}
              - input: {hangup: true}
            assert: {path: [hello, queue, bye], end_reason: routed}
          - name: the steps end while they talk
            steps:
              - input: {agent: answers}
            assert: {path: [hello, queue, bye], end_reason: routed}
    """)
    assert result.passed, [case.message for case in result.cases]


def test_an_agent_answers_only_a_route_and_only_once(project: Project) -> None:
    project.flow(after_agent_survey("agent-desk"))
    result = project.run("""
        flow: agent-desk
        cases:
          - name: twice
            steps:
              - input: {agent: answers}
              - input: {agent: answers}
          - name: after the route is over
            steps:
              - input: {route_result: failed}
              - input: {agent: answers}
    """)
    messages = {case.name: case.message for case in result.cases if not case.passed}
    assert len(result.cases) == len(messages) == 4  # each case on voice and chat
    for channel in ("voice", "chat"):
        assert "an agent has already answered at block 'queue'" in messages[f"twice [{channel}]"]
        assert "the session has already ended" in messages[
            f"after the route is over [{channel}]"]


def test_an_unknown_agent_event_is_a_file_error(project: Project) -> None:
    project.flow(after_agent_survey("agent-desk"))
    result = project.run("""
        flow: agent-desk
        cases:
          - name: bad
            steps:
              - input: {agent: sings}
    """)
    assert result.error is not None and not result.cases
    assert "agent" in str(result.error) and "answers, hangs_up" in str(result.error)
