"""Runs one case of a test file on one channel: start, play the steps, hang up, assert.

The steps consume the conversation's outputs in order. Outputs produced before an input can
only satisfy the expects written before that input. When the steps are over and the session
still waits, the runner hangs up for the caller, so finalize runs before `assert` is checked.
A failing case's message has the values of secure variables masked before anyone sees it.
"""

from __future__ import annotations

import traceback
from time import perf_counter

from interpreter.engine.errors import SessionStateError, UnexpectedEventError
from interpreter.engine.events import (
    CallbackResult,
    Event,
    Hangup,
    Input,
    Recorded,
    RouteResult,
    TransferResult,
)
from interpreter.engine.queue_status import with_queue_status
from runtime.flowtests.assertions import check_assertions
from runtime.flowtests.case_trace import trace_from_events
from runtime.flowtests.conversation import WAIT_INPUTS, Conversation, Waiting
from runtime.flowtests.errors import CaseFailure
from runtime.flowtests.expectations import matches
from runtime.flowtests.given import seed_for
from runtime.flowtests.limits import BudgetSpent, RunBudget
from runtime.flowtests.mismatch import explain_mismatch, list_outputs
from runtime.flowtests.plan import FilePlan
from runtime.flowtests.results import CaseResult, CaseTrace
from runtime.flowtests.spec import ExpectStep, FlowTestCase, InputStep
from runtime.flowtests.step_schema import AGENT_ANSWERS
from runtime.flowtests.world import World

DEFAULT_RECORDING_MS = 5000
AGENT_HANGUP = "agent_hangup"
TEST_AGENT = "agent"
"""The username an agent who answers in a flow test has."""
REFUSED_CALLBACK = "the callback was refused"
"""The detail of a `callback_result: failed` input: the block's error message."""


def run_case(plan: FilePlan, case: FlowTestCase, channel: str,
             budget: RunBudget | None = None) -> CaseResult:
    """Run one case on one channel; never raises for a failing case.

    With a `budget`, a case with too many inputs is not run, and a case still running when the
    budget's CPU time is spent stops there; either is reported not run.
    """
    started = perf_counter()
    if budget is not None:
        reason = budget.inputs_reason(case) or (budget.cpu_reason() if budget.exhausted
                                                else None)
        if reason is not None:
            return not_run(plan, case, channel, reason)
    run = _CaseRun(plan, case, channel, budget)
    stopped = ""
    try:
        run.execute()
        passed, message = True, ""
    except CaseFailure as failure:
        passed, message = False, str(failure)
    except BudgetSpent as spent:
        where = (f"at step {run.position} of {len(case.steps)}" if run.position
                 else "while the session started")
        stopped = f"Not run to its end: stopped {where}, as {spent}."
        passed, message = False, stopped
    except Exception as exc:
        passed = False
        message = (f"The flow-test runner stopped on an unexpected error: "
                   f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}")
    events = tuple(run.conversation.events) if run.conversation is not None else ()
    return CaseResult(plan.path, case.name, channel, passed, run.mask(message),
                      perf_counter() - started, plan.flow.id, run.trace(), events,
                      f"flowtest-{seed_for(case.name)}-{channel}", not_run=stopped)


def not_run(plan: FilePlan, case: FlowTestCase, channel: str, reason: str) -> CaseResult:
    """The result of a case a bound of the run kept from running."""
    message = f"Not run: {reason}."
    return CaseResult(plan.path, case.name, channel, False, message, 0.0, plan.flow.id,
                      session_id=f"flowtest-{seed_for(case.name)}-{channel}", not_run=message)


class _CaseRun:
    def __init__(self, plan: FilePlan, case: FlowTestCase, channel: str,
                 budget: RunBudget | None = None):
        self.plan = plan
        self.case = case
        self.channel = channel
        self.budget = budget
        self.position = 0
        """How many steps have been taken (or are being taken); later steps are ahead."""
        self.cursor = 0
        """Outputs before this index are consumed by expects or left behind by inputs."""
        self.recordings = 0
        self.answered_at: str | None = None
        """The route or transfer block an agent answered (`input: {agent: answers}`), if any."""
        self.conversation: Conversation | None = None

    def execute(self) -> None:
        plan, case = self.plan, self.case
        if plan.problems or plan.compiled is None:
            count = len(plan.problems)
            raise CaseFailure(f"The flow '{plan.flow.id}' cannot run: validation found {count} "
                              f"error{'s' if count != 1 else ''}:\n"
                              + "\n".join(f"  {problem}" for problem in plan.problems))
        flow = plan.compiled
        if self.channel not in flow.flow.channels:
            raise CaseFailure(f"The flow '{flow.id}' does not serve the {self.channel} channel "
                              f"(it serves {', '.join(flow.flow.channels)}).")
        host = case.given.host(case.name)
        conversation = Conversation(flow, plan.engine, host, World(case.given, host),
                                    self.channel, self._case_scripts_result,
                                    check=self.budget.check if self.budget else None)
        self.conversation = conversation
        try:
            conversation.start(system=case.given.system, variables=case.variables,
                               language=case.given.language,
                               session_id=f"flowtest-{seed_for(case.name)}")
        except CaseFailure as failure:
            raise CaseFailure(f"When the session starts: {failure}") from None
        except ValueError as exc:
            raise CaseFailure(f"The case cannot start: {exc}.") from None
        for index, step in enumerate(case.steps):
            self.position = index + 1
            if self.budget is not None:
                self.budget.check()
            if isinstance(step, ExpectStep):
                self._expect(index, step)
            else:
                self._input(index, step)
        if case.strict:
            self._nothing_unexpected("after the last step")
        hung_up = not conversation.ended
        if hung_up:
            try:
                conversation.send(self._result_of_agent_talk("success")
                                  if self.answered_at is not None else Hangup("test-end"))
            except CaseFailure as failure:
                raise CaseFailure(f"After the last step the runner hung up, and then: "
                                  f"{failure}") from None
        check_assertions(case.assertions, conversation, flow, hung_up=hung_up)

    def mask(self, message: str) -> str:
        """The message with every value secure variables held replaced by `****`."""
        if self.conversation is None:
            return message
        return self.conversation.secrets.mask(message)

    def trace(self) -> CaseTrace:
        if self.conversation is None:
            return CaseTrace()
        return trace_from_events(self.plan.flow.id, self.conversation.events)

    # -- steps -------------------------------------------------------------------------------

    def _label(self, index: int) -> str:
        step = self.case.steps[index]
        return f"Step {index + 1} of {len(self.case.steps)} ({step.describe()})"

    def _expect(self, index: int, step: ExpectStep) -> None:
        conversation = self._conversation()
        available = conversation.outputs[self.cursor:]
        candidates = available[:1] if self.case.strict else available
        for offset, output in enumerate(candidates):
            if matches(step.kind, step.expected, output):
                self.cursor += offset + 1
                return
        raise CaseFailure(explain_mismatch(self._label(index), step.kind, step.expected,
                                           available, strict=self.case.strict,
                                           status=conversation.status()))

    def _input(self, index: int, step: InputStep) -> None:
        conversation = self._conversation()
        label = self._label(index)
        if self.case.strict:
            self._nothing_unexpected(f"before step {index + 1}")
        if conversation.ended:
            raise CaseFailure(f"{label}: the session has already ended "
                              f"(reason: {conversation.state.get('end_reason')}).\n"
                              + list_outputs(conversation.outputs[self.cursor:]))
        if step.kind == "queue" and isinstance(step.value, str):
            self._end_queue_wait(label, step.value)
            return
        if step.kind == "queue":  # the queue's figures changed: the next prompt reads them
            conversation.state = with_queue_status(conversation.state, **step.value)
            return
        waiting = conversation.waiting
        allowed = WAIT_INPUTS.get(waiting.kind) if waiting is not None else None
        if waiting is not None and allowed is not None and step.kind not in allowed:
            raise CaseFailure(f"{label}: the session is not waiting for that; it is "
                              f"{waiting.describe()}, where the possible inputs are "
                              f"{', '.join(allowed)}.")
        if step.kind == "agent" and step.value == AGENT_ANSWERS:
            self._agent_answers(label, waiting)
            return
        self.cursor = len(conversation.outputs)
        try:
            conversation.send(self._event(step))
        except CaseFailure as failure:
            raise CaseFailure(f"{label}: {failure}") from None
        except (UnexpectedEventError, SessionStateError) as exc:
            raise CaseFailure(f"{label}: the engine refused this input: {exc}") from None

    def _event(self, step: InputStep) -> Event:
        kind, value = step.kind, step.value
        if kind in ("dtmf", "text"):
            return Input(kind, value)
        if kind in ("noinput", "nomatch"):
            return Input(kind)
        if kind == "hangup":
            if self.answered_at is not None:  # the customer ends the talk with the agent
                return self._result_of_agent_talk("success")
            return Hangup()
        if kind == "agent":  # hangs_up: the agent leaves first
            return self._result_of_agent_talk(AGENT_HANGUP)
        if kind == "recording":
            self.recordings += 1
            return Recorded(value.get("id", f"recording-{self.recordings}"),
                            value.get("duration_ms", DEFAULT_RECORDING_MS))
        if kind == "route_result":
            return RouteResult(value)
        if kind == "callback_result":
            return CallbackResult(value, REFUSED_CALLBACK if value == "failed" else "")
        return TransferResult(value)

    def _end_queue_wait(self, label: str, how: str) -> None:
        """The distributor ends an in-queue flow's wait, as the voice pool stops it: silenced at
        once, no further turn and no `finalize` (the caller's main flow goes on)."""
        conversation = self._conversation()
        if conversation.flow.flow.kind != "in_queue":
            raise CaseFailure(f"{label}: `queue: {how}` ends the wait of an in-queue flow; this "
                              f"flow's kind is {conversation.flow.flow.kind}.")
        conversation.end_wait(f"queue_{how}")
        self.cursor = len(conversation.outputs)

    def _agent_answers(self, label: str, waiting: Waiting | None) -> None:
        """An agent takes the waiting route or transfer: nothing runs until the talk ends."""
        if waiting is None or waiting.kind not in ("route", "transfer"):
            what = waiting.describe() if waiting is not None else "not waiting"
            raise CaseFailure(f"{label}: an agent can only answer a route or transfer; the "
                              f"session is {what}.")
        if self.answered_at == waiting.block:
            raise CaseFailure(f"{label}: an agent has already answered at block "
                              f"'{waiting.block}'.")
        self.answered_at = waiting.block

    def _result_of_agent_talk(self, status: str) -> Event:
        """How the talk with the agent ended, as the waiting route or transfer hears it."""
        waiting = self._conversation().waiting
        self.answered_at = None
        if waiting is not None and waiting.kind == "transfer":
            return TransferResult(status)
        return RouteResult(status, agent=TEST_AGENT)

    def _nothing_unexpected(self, when: str) -> None:
        conversation = self._conversation()
        left = conversation.outputs[self.cursor:]
        if left:
            raise CaseFailure(f"This case is strict, and {when} the flow produced outputs the "
                              f"case does not expect.\n" + list_outputs(left))

    def _case_scripts_result(self, kind: str) -> bool:
        """Does the next input step give this route's, transfer's or callback's result itself?

        A caller may hang up while waiting in a queue or during a transfer, so `hangup` holds
        those; registering a callback takes no time, so only `callback_result` holds it.
        """
        upcoming = (step for step in self.case.steps[self.position:]
                    if isinstance(step, InputStep))
        following = next(upcoming, None)
        if following is None:
            return False
        if kind == "callback":
            return following.kind == "callback_result"
        return following.kind in (f"{kind}_result", "agent", "hangup")

    def _conversation(self) -> Conversation:
        assert self.conversation is not None
        return self.conversation
