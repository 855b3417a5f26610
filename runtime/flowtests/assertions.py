"""The `assert:` section of a case, checked once the conversation is over.

Every failed check is reported, not just the first. Secure variables are compared like any
other but their values never appear in a report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from interpreter.compiler import CompiledFlow
from interpreter.engine.effects import Milestone
from runtime.flowtests.case_trace import root_path
from runtime.flowtests.conversation import Conversation
from runtime.flowtests.errors import CaseFailure
from runtime.flowtests.spec import Assertions
from runtime.flowtests.values import MASK, same_value, show


def check_assertions(assertions: Assertions, conversation: Conversation, flow: CompiledFlow,
                     *, hung_up: bool) -> None:
    """Raise CaseFailure describing every assertion that does not hold."""
    failures: list[str] = []
    if assertions.variables is not None:
        failures.extend(_variables(assertions.variables, conversation, flow))
    if assertions.path is not None:
        actual = root_path(conversation.events)
        failure = _sequence("path", "blocks entered", assertions.path, actual)
        if failure and hung_up:
            failure += ("\n  (the case ended while the session was waiting, so the runner hung "
                        "up: the path includes the blocks finalize ran after that)")
        if failure:
            failures.append(failure)
    if assertions.milestones is not None:
        reached = [e.name for e in conversation.effects if isinstance(e, Milestone)]
        failure = _sequence("milestones", "milestones reached", assertions.milestones, reached)
        if failure:
            failures.append(failure)
    if assertions.end_reason is not None:
        reason = conversation.state.get("end_reason")
        if reason != assertions.end_reason:
            failures.append(f"assert.end_reason: the session ended with {show(reason)}, "
                            f"expected {show(assertions.end_reason)}")
    if failures:
        raise CaseFailure("\n".join(failures))


def _variables(expected: Mapping[str, Any], conversation: Conversation,
               flow: CompiledFlow) -> list[str]:
    actual = conversation.variables()
    secure = flow.flow.secure_variables
    failures: list[str] = []
    for name, value in expected.items():
        if name not in flow.flow.variables:
            failures.append(f"assert.variables: '{name}' is not a variable of flow "
                            f"'{flow.id}' (its variables: {', '.join(flow.flow.variables)})")
            continue
        if same_value(value, actual.get(name)):
            continue
        if name in secure:
            failures.append(f"assert.variables: {name} (secure) is {MASK}, expected {MASK} "
                            "(values of secure variables are not shown)")
        else:
            failures.append(f"assert.variables: {name} is {show(actual.get(name))}, "
                            f"expected {show(value)}")
    return failures


def _sequence(key: str, what: str, expected: Sequence[str], actual: Sequence[str]) -> str:
    expected, actual = list(expected), list(actual)
    if expected == actual:
        return ""
    position = next((index for index, (e, a) in enumerate(zip(expected, actual)) if e != a),
                    min(len(expected), len(actual)))
    return (f"assert.{key}: the {what} differ from position {position + 1}\n"
            f"  expected: {', '.join(expected) or '(none)'}\n"
            f"  actual:   {', '.join(actual) or '(none)'}")
