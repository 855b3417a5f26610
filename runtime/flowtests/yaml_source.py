"""Reads flow-test YAML the way business users expect it to be read.

PyYAML follows YAML 1.1, where `on`, `off`, `yes` and `no` are booleans, `0123` is an octal
number and `2026-12-25` a date object. In a test that scripts key presses and prompts those
surprises change meaning silently, so this loader follows the YAML 1.2 core schema instead:
only `true`/`false` are booleans, numbers are decimal (a leading zero keeps digits a string),
dates stay text. A key given twice in one mapping is an error rather than a silent overwrite.
Anchors, aliases, deep nesting and oversized texts are refused (`runtime.safe_yaml`).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from runtime.safe_yaml import BoundedLoader, load_yaml

_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_REPLACED = {_BOOL, _INT, _FLOAT, _TIMESTAMP}


class FlowTestLoader(BoundedLoader):
    """The bounded SafeLoader with YAML 1.2 core scalars and duplicate keys refused."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
            except TypeError:
                continue
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping", node.start_mark,
                    f"the key '{key}' is given twice", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


FlowTestLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag not in _REPLACED]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
FlowTestLoader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
FlowTestLoader.add_implicit_resolver(
    _INT, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
FlowTestLoader.add_implicit_resolver(
    _FLOAT, re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"
                       r"|^[-+]?[0-9]+[eE][-+]?[0-9]+$"
                       r"|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$"),
    list("-+0123456789."))


class YamlSyntaxError(ValueError):
    """YAML that cannot be parsed (or is refused); the message says where."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.line = line
        self.column = column


def parse_yaml(text: str) -> Any:
    try:
        return load_yaml(text, loader=FlowTestLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        raise YamlSyntaxError(f"{where}{exc.problem or exc}",
                              mark.line + 1 if mark is not None else None,
                              mark.column + 1 if mark is not None else None) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(str(exc)) from None
