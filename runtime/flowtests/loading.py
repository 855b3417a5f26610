"""Reads a `*.flowtest.yaml` file into a `FlowTestFile`, or explains exactly what is wrong.

Every problem names the file, the case (by its name) and the key, in words a business user can
act on; all problems are reported at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from marshmallow import Schema, ValidationError, fields

from runtime.flowtests.errors import FlowTestFileError
from runtime.flowtests.given import Given, GivenError, build_given, js_values, merge_given
from runtime.flowtests.schema import FileSchema
from runtime.flowtests.schema_fields import TrueOrMapping
from runtime.flowtests.spec import (
    Assertions,
    ExpectStep,
    FlowTestCase,
    FlowTestFile,
    InputStep,
    Step,
)
from runtime.flowtests.step_schema import AGENT_HANGS_UP
from runtime.flowtests.yaml_source import YamlSyntaxError, parse_yaml

TEST_FILE_SUFFIX = ".flowtest.yaml"


def load_test_file(path: Path | str) -> FlowTestFile:
    """Parse and check a test file; raises FlowTestFileError listing every problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise FlowTestFileError(path, [f"cannot be read: {exc.strerror or exc}"]) from None
    except UnicodeDecodeError:
        raise FlowTestFileError(path, ["is not UTF-8 text"]) from None
    try:
        raw = parse_yaml(text)
    except YamlSyntaxError as exc:
        raise FlowTestFileError(path, [f"is not valid YAML: {exc}"]) from None
    if not isinstance(raw, dict):
        raise FlowTestFileError(path, ["a flow-test file is a mapping with `flow:` and `cases:`"])
    try:
        data = FileSchema().load(raw)
    except ValidationError as exc:
        raise FlowTestFileError(path, schema_problems(exc.messages, raw)) from None
    return _build_file(path, data)


def _build_file(path: Path, data: dict[str, Any]) -> FlowTestFile:
    problems: list[str] = []
    cases: list[FlowTestCase] = []
    seen: set[str] = set()
    file_given = data.get("given", {})
    for case in data["cases"]:
        name = case["name"]
        if name in seen:
            problems.append(f"two cases are named '{name}'; case names must be unique")
        seen.add(name)
        try:
            given = build_given(merge_given(file_given, case.get("given", {})))
        except GivenError as exc:
            problems.append(f"case '{name}': given: {exc}")
            continue
        assertions = case.get("assertions", {})
        cases.append(FlowTestCase(
            name=name, given=given, steps=tuple(_step(step) for step in case.get("steps", [])),
            variables=js_values(case.get("variables", {})),
            assertions=Assertions(
                variables=assertions.get("variables"),
                path=tuple(assertions["path"]) if "path" in assertions else None,
                milestones=(tuple(assertions["milestones"]) if "milestones" in assertions
                            else None),
                end_reason=assertions.get("end_reason")),
            strict=case.get("strict", False),
            channels=tuple(case["channel"]) if "channel" in case else None))
    if problems:
        raise FlowTestFileError(path, problems)
    channels = tuple(data["channel"]) if "channel" in data else None
    return FlowTestFile(path=path, flow=data["flow"], cases=tuple(cases), channels=channels,
                        given=file_given)


def load_given(path: Path | str, case_name: str | None = None) -> Given:
    """The world of a test file: its own `given`, or with `case_name` that case's merged one.

    The console simulator uses it to play a flow in the same world its tests run in. Raises
    FlowTestFileError when the file cannot be used or has no case of that name.
    """
    spec = load_test_file(path)
    if case_name is None:
        try:
            return build_given(spec.given)
        except GivenError as exc:
            raise FlowTestFileError(spec.path, [f"given: {exc}"]) from None
    case = spec.case(case_name)
    if case is None:
        names = ", ".join(f"'{case.name}'" for case in spec.cases)
        raise FlowTestFileError(spec.path, [f"there is no case named '{case_name}' (its cases: "
                                            f"{names})"])
    return case.given


def _step(step: Mapping[str, Any]) -> Step:
    if "expect" in step:
        ((kind, expected),) = step["expect"].items()
        return ExpectStep(kind, expected)
    ((kind, value),) = step["input"].items()
    if kind == "agent_left":  # the design's name for the agent hanging up first
        return InputStep("agent", AGENT_HANGS_UP)
    return InputStep(kind, value)


# -- readable schema errors --------------------------------------------------------------------

def schema_problems(messages: Any, raw: Any) -> list[str]:
    """Marshmallow's nested error messages as one readable line each."""
    return [_describe(path, message, raw) for path, message in _flatten(messages, ())]


def _flatten(messages: Any, path: tuple[Any, ...]) -> list[tuple[tuple[Any, ...], str]]:
    if isinstance(messages, dict):
        found: list[tuple[tuple[Any, ...], str]] = []
        for key, value in messages.items():
            found.extend(_flatten(value, path if key == "_schema" else (*path, key)))
        return found
    if isinstance(messages, list):
        return [item for message in messages for item in _flatten(message, path)]
    return [(path, str(messages))]


def _describe(path: tuple[Any, ...], message: str, raw: Any) -> str:
    where: list[str] = []
    if len(path) >= 2 and path[0] == "cases" and isinstance(path[1], int):
        where.append(f"case '{_case_name(raw, path[1])}'")
    if message == "Unknown field." and path:
        parts, node = _walk(path[:-1])
        schema = _unwrap(node)
        known = [f.data_key or name for name, f in schema.fields.items()] if schema else []
        hint = f" (known keys: {', '.join(sorted(known))})" if known else ""
        where.extend(parts[1:] if where else parts)
        where.append(f"unknown key '{path[-1]}'{hint}")
        return ": ".join(where)
    parts, _ = _walk(path)
    where.extend(parts[1:] if where else parts)
    if message == "Missing data for required field.":
        message = "is required"
    return ": ".join([*where, message])


def _case_name(raw: Any, index: int) -> str:
    try:
        name = raw["cases"][index]["name"]
    except (KeyError, IndexError, TypeError):
        name = None
    return str(name) if isinstance(name, str | int) else f"#{index + 1}"


def _walk(path: tuple[Any, ...]) -> tuple[list[str], Any]:
    """Readable parts for an error path ('step 3', 'http #1'), and the schema node at its end."""
    parts: list[str] = []
    node: Any = FileSchema()
    keys = list(path)
    while keys:
        node = _unwrap(node) or node
        key = keys.pop(0)
        if isinstance(key, int):
            if parts and parts[-1] == "steps":
                parts[-1] = f"step {key + 1}"
            elif parts:
                parts[-1] += f" #{key + 1}"
            node = node.inner if isinstance(node, fields.List) else None
            continue
        parts.append(str(key))
        if isinstance(node, fields.Dict):
            marker = keys.pop(0) if keys and keys[0] in ("key", "value") else "value"
            node = node.value_field if marker == "value" else node.key_field
        elif isinstance(node, Schema):
            node = next((f for name, f in node.fields.items() if (f.data_key or name) == key),
                        None)
        else:
            node = None
    return parts, node


def _unwrap(node: Any) -> Schema | None:
    if isinstance(node, Schema):
        return node
    if isinstance(node, fields.Nested) and isinstance(node.schema, Schema):
        return node.schema
    if isinstance(node, TrueOrMapping):
        return node.schema()
    return None
