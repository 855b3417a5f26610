"""Does an output match what a step expects, and if not, what is the closest thing it saw?

Each expect kind compares the fields the case gives and ignores the rest (`route: {value:
sales}` accepts any queue named sales, whatever its skills). Texts are globs (see `globs`);
attached data and request bodies match when they hold what the case lists, compared as flow
values (YAML `2` is the flow's `2.0`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from difflib import SequenceMatcher
from typing import Any

from runtime.flowtests.globs import glob_match
from runtime.flowtests.outputs import Output, quote
from runtime.flowtests.values import contains, same_value, show

Check = Callable[[Any, dict[str, Any]], bool]


def _text(expected: str, data: dict[str, Any]) -> bool:
    return glob_match(expected, data["text"])


def _menu(expected: Mapping[str, Any], data: dict[str, Any]) -> bool:
    return list(expected["options"]) == data["options"]


def _buttons(expected: Sequence[str], data: dict[str, Any]) -> bool:
    labels = data["labels"]
    return len(labels) == len(expected) and all(map(glob_match, expected, labels))


def _fields(**rules: str) -> Check:
    """A check of the listed fields only: 'glob' for texts, 'contains' for data that may hold
    more than the case lists, 'equal' for anything else."""

    def check(expected: Mapping[str, Any], data: dict[str, Any]) -> bool:
        for key, value in expected.items():
            actual = data.get(key)
            rule = rules.get(key, "equal")
            if rule == "glob":
                if value is None:
                    if actual is not None:
                        return False
                elif not glob_match(value, actual):
                    return False
            elif rule == "nocase":
                if str(value).casefold() != str(actual).casefold():
                    return False
            elif rule == "body":
                if not body_matches(value, actual):
                    return False
            elif rule == "contains":
                if not contains(value, actual):
                    return False
            elif not same_value(value, actual):
                return False
        return True

    return check


def _record(expected: Mapping[str, Any], data: dict[str, Any]) -> bool:
    renamed = {("text" if key == "prompt" else key): value for key, value in expected.items()}
    return _fields(text="glob")(renamed, data)


CHECKS: dict[str, Check] = {
    "say": _text, "message": _text, "prompt": _text, "menu": _menu, "buttons": _buttons,
    "route": _fields(value="glob", data="contains"),
    "transfer": _fields(destination="glob", data="contains"),
    "record": _record,
    "http": _fields(method="nocase", url="glob", body="body"),
    "bot": _fields(text="glob"),
    "end": _fields(reason="glob"),
    "error": _fields(type="glob", message="glob"),
    "callback": _fields(number="glob", when="glob"),
}


def matches(kind: str, expected: Any, output: Output) -> bool:
    return kind in output.kinds and CHECKS[kind](expected, output.data)


def body_matches(expected: Any, body: str | None) -> bool:
    """A request body against an expectation: a glob for text, a JSON subset for data."""
    if isinstance(expected, str):
        return glob_match(expected, body or "")
    if expected is None:
        return body is None
    try:
        parsed = json.loads(body) if body is not None else None
    except ValueError:
        return False
    return contains(expected, parsed)


def describe_expected(kind: str, expected: Any) -> str:
    if kind in ("say", "message", "prompt"):
        return f"{kind} {quote(expected)}"
    if kind == "menu":
        return f"menu options {', '.join(expected['options'])}"
    if kind == "buttons":
        return f"buttons {', '.join(quote(label) for label in expected)}"
    if not expected:
        return f"{kind} (any)"
    details = ", ".join(f"{key} {quote(value) if isinstance(value, str) else show(value)}"
                        for key, value in expected.items())
    return f"{kind} {details}"


def nearest(kind: str, expected: Any, candidates: Sequence[Output]) -> Output | None:
    """The output most like the expectation: same kind first, then the most similar text."""
    pool = [output for output in candidates if kind in output.kinds] or list(candidates)
    if not pool:
        return None
    target = describe_expected(kind, expected)
    return max(pool, key=lambda output: SequenceMatcher(
        None, target, output.describe(kind if kind in output.kinds else None)).ratio())
