"""Reads a flow document (text or parsed JSON) into an immutable `Flow`.

The loader checks the document's structure only: JSON syntax, format and version (upgrading
old versions), and the shape of every key. Block props and the graph are checked by
`interpreter.validation`, which needs the block registry.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from marshmallow import ValidationError

from interpreter.document_schema import load_document_structure
from interpreter.flow_model import (
    FORMAT_NAME,
    BlockDef,
    Flow,
    VariableDecl,
    freeze,
)
from interpreter.migrations import DEFAULT_CHAIN, MigrationChain, MigrationError
from interpreter.problems import FlowFormatError, Problem, error

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_NESTING = 64


def nesting_depth(value: Any) -> int:
    """How deeply lists and objects nest, found without recursion."""
    deepest = 0
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_NESTING:
            return deepest
        pending.extend((child, depth + 1) for child in children)
    return deepest


def parse_json_document(source: str | bytes) -> Any:
    """JSON text to Python data, with syntax errors given by line and column."""
    if len(source) > MAX_DOCUMENT_BYTES:
        raise FlowFormatError([error("too_large", f"The flow document is larger than "
                                     f"{MAX_DOCUMENT_BYTES // (1024 * 1024)} MB.")])
    if isinstance(source, bytes):
        try:
            source = source.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise FlowFormatError([error("encoding", f"The file is not UTF-8 text ({exc.reason} "
                                         f"at byte {exc.start}).")]) from None
    try:
        return json.loads(source)
    except json.JSONDecodeError as exc:
        raise FlowFormatError([error("json_syntax", f"This is not valid JSON: {exc.msg}.",
                                     line=exc.lineno, column=exc.colno)]) from None
    except RecursionError:
        raise FlowFormatError([error("json_depth", "The document is nested too deeply.")]) from None


def load_flow(source: str | bytes | Mapping[str, Any], *, version: str = "draft",
              chain: MigrationChain = DEFAULT_CHAIN) -> Flow:
    """Load and structurally check a flow; raises FlowFormatError with every problem found."""
    document = parse_json_document(source) if isinstance(source, str | bytes) else dict(source)
    if not isinstance(document, dict):
        raise FlowFormatError([error("not_object", "A flow document is a JSON object.")])
    if nesting_depth(document) > MAX_NESTING:
        raise FlowFormatError([error("json_depth", f"The document is nested more than "
                                     f"{MAX_NESTING} levels deep.")])
    if document.get("format") not in (FORMAT_NAME, "designer-flow-preview"):
        raise FlowFormatError([error("format", f"This is not a flow document ('format' must be "
                                     f"'{FORMAT_NAME}').", path="format")])
    try:
        document = chain.upgrade(document)
    except MigrationError as exc:
        raise FlowFormatError([error("format_version", str(exc), path="format_version")]) from None
    try:
        data = load_document_structure(document)
    except ValidationError as exc:
        raise FlowFormatError(problems_from_marshmallow(exc.messages)) from None
    except RecursionError:
        raise FlowFormatError([error("json_depth", "The document is nested too deeply.")]) from None
    return _build_flow(data, document, version)


def _build_flow(data: dict[str, Any], document: dict[str, Any], version: str) -> Flow:
    variables = {
        name: VariableDecl(name=name, type=decl["type"], default=freeze(decl["default"]),
                           secure=decl["secure"], description=decl["description"])
        for name, decl in data["variables"].items()
    }
    blocks = {
        block_id: BlockDef(id=block_id, type=block["type"], label=block["label"],
                           props=freeze(block["props"]), next=freeze(block["next"]),
                           ui=freeze(block["ui"]), description=block["description"])
        for block_id, block in data["blocks"].items()
    }
    return Flow(
        id=data["id"], name=data["name"], kind=data["kind"],
        channels=tuple(dict.fromkeys(data["channels"])),
        languages=tuple(dict.fromkeys(data["languages"])),
        variables=freeze(variables), inputs=tuple(data["inputs"]), outputs=tuple(data["outputs"]),
        phases=freeze(data["phases"]), blocks=freeze(blocks), prompts=freeze(data["prompts"]),
        description=data["description"], version=version, document=freeze(document),
    )


def problems_from_marshmallow(messages: Any, path: tuple[str, ...] = ()) -> list[Problem]:
    """Flatten marshmallow's nested error dict into problems with block ids and paths."""
    problems: list[Problem] = []
    if isinstance(messages, dict):
        for key, value in messages.items():
            key = str(key)
            if key in ("key", "value") and path and path[-1] != "props":
                problems.extend(problems_from_marshmallow(value, path))
            else:
                problems.extend(problems_from_marshmallow(value, (*path, key)))
        return problems
    if isinstance(messages, list) and messages and all(isinstance(m, str) for m in messages):
        for message in messages:
            problems.append(_problem_at(path, _friendly(message, path)))
        return problems
    if isinstance(messages, list):
        for item in messages:
            problems.extend(problems_from_marshmallow(item, path))
        return problems
    problems.append(_problem_at(path, str(messages)))
    return problems


def _problem_at(path: tuple[str, ...], message: str) -> Problem:
    block_id = None
    rest = path
    if len(path) >= 2 and path[0] == "blocks":
        block_id, rest = path[1], path[2:]
    return error("structure", message, block_id=block_id, path=join_path(rest))


def join_path(parts: tuple[str, ...]) -> str:
    """`("options", "0", "key")` → `options[0].key`."""
    text = ""
    for part in parts:
        if part.isdigit():
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


_LENGTH = re.compile(r"^Length must be between (\d+) and (\d+)\.$")


def _friendly(message: str, path: tuple[str, ...]) -> str:
    """Marshmallow's messages reworded for the business user reading them in the editor."""
    name = path[-1] if path else "document"
    if message == "Unknown field.":
        return f"'{name}' is not a known setting here."
    if message == "Missing data for required field.":
        return f"'{name}' is required."
    if message == "Field may not be null.":
        return f"'{name}' needs a value."
    if message.startswith("Not a valid "):
        return f"'{name}' should be {message[len('Not a valid '):].rstrip('.').lower()}."
    if message.startswith("Must be one of: "):
        return f"'{name}' must be one of: {message[len('Must be one of: '):]}"
    length = _LENGTH.match(message)
    if length:
        return f"'{name}' needs between {length.group(1)} and {length.group(2)} entries or characters."
    return message
