"""In-queue flows as FLOW_TESTS.md writes them: `given.queue` sets the figures the flow starts
with (`estimated_wait_s`, or `ewt_s`), and `input: {queue: answered|timeout|closed}` ends the
wait as the distributor would — the flow is silenced and runs nothing more."""

from __future__ import annotations

from typing import Any

from tests.runtime.flowtests.helpers import Project, flow_document


def _in_queue_flow() -> dict[str, Any]:
    return flow_document("waiting", {
        "announce": {"type": "menu", "props": {
            "prompts": [{"tts": "Number {{ system.Queue.position }} in {{ system.Queue.name }}, "
                                "about {{ system.Queue.ewt_s }} seconds"}],
            "options": [{"key": "1", "label": "Leave"}], "timeout_ms": 30000, "retries": 0},
            "next": {"1": "bye", "noinput": "announce", "nomatch": "announce"}},
        "bye": {"type": "terminate", "props": {"reason": "leave"}},
    }, kind="in_queue", channels=("voice",))


def test_given_queue_and_the_wait_ending_as_the_design_writes_them(project: Project) -> None:
    project.flow(_in_queue_flow())
    result = project.run("""
        flow: waiting
        given:
          queue: {name: support, position: 3, estimated_wait_s: 240}
        cases:
          - name: an agent answers
            steps:
              - expect: {prompt: "Number 3 in support, about 240 seconds"}
              - input: {queue: answered}
            assert: {end_reason: queue_answered, path: [announce]}
          - name: the maximum wait passes
            given:
              queue: {position: 1}
            steps:
              - expect: {prompt: "Number 1 in support, about 240 seconds"}
              - input: {queue: timeout}
            assert: {end_reason: queue_timeout}
          - name: the queue closes
            steps:
              - input: {queue: closed}
            assert: {end_reason: queue_closed}
          - name: figures with the design's name
            steps:
              - input: {queue: {position: 2, estimated_wait_s: 30}}
              - input: {noinput: true}
              - expect: {prompt: "Number 2 in support, about 30 seconds"}
    """)
    assert result.error is None, result.error
    assert [(case.name, case.passed, case.message) for case in result.cases] == [
        (name, True, case.message) for name, case in zip(
            ["an agent answers [voice]", "the maximum wait passes [voice]",
             "the queue closes [voice]", "figures with the design's name [voice]"],
            result.cases, strict=True)]


def test_nothing_runs_after_the_wait_ended(project: Project) -> None:
    project.flow(_in_queue_flow())
    result = project.run("""
        flow: waiting
        given: {queue: {position: 3, ewt_s: 60}}
        cases:
          - name: keys after the agent answered
            steps:
              - input: {queue: answered}
              - input: {dtmf: "1"}
    """)
    (case,) = result.cases
    assert not case.passed
    assert "the session has already ended (reason: queue_answered)" in case.message


def test_only_an_in_queue_flow_has_a_wait_to_end(project: Project) -> None:
    waiting_main = _in_queue_flow()
    waiting_main.update(id="main", name="main", kind="application")
    project.flow(waiting_main)
    result = project.run("""
        flow: main
        given: {queue: {name: support, position: 1, ewt_s: 10}}
        cases:
          - name: not waiting in a queue
            steps:
              - input: {queue: answered}
    """)
    (case,) = result.cases
    assert not case.passed
    assert "ends the wait of an in-queue flow; this flow's kind is application" in case.message


def test_wrong_queue_steps_are_file_errors(project: Project) -> None:
    project.flow(_in_queue_flow())
    for step, expected in [
            ("{queue: served}", "answered, timeout, closed"),
            ("{queue: {ewt_s: 5, estimated_wait_s: 5}}", "ewt_s or estimated_wait_s"),
            ("{queue: 7}", "how the wait ends")]:
        result = project.run(f"""
            flow: waiting
            cases:
              - name: bad
                steps:
                  - input: {step}
        """)
        assert result.error is not None and not result.cases, step
        assert expected in str(result.error), (step, str(result.error))
    result = project.run("""
        flow: waiting
        given: {queue: {position: -1}}
        cases:
          - name: bad given
            steps:
              - input: {queue: answered}
    """)
    assert result.error is not None and "position" in str(result.error)
