"""The one way the project reads YAML it did not write itself: bounded in size and shape.

Flow tests, MicroApp packages and bot definitions come from users of any role. Plain
`yaml.safe_load` expands anchors and aliases without limit, so a few hundred bytes of
"billion laughs" become millions of objects, and it recurses once per nesting level. This
loader refuses anchors (`&name`) and aliases (`*name`) outright, naming the line, refuses
documents nested deeper than a limit before the composer recurses into them, and refuses texts
longer than a limit before parsing starts; a number too long to convert is reported the same way.

| variable | meaning | default |
|---|---|---|
| `YAML_MAX_BYTES` | longest YAML text read (characters of text, or bytes) | 1048576 |
| `YAML_MAX_DEPTH` | deepest nesting of mappings and sequences | 64 |
"""

from __future__ import annotations

import os
from typing import Any

import yaml

DEFAULT_MAX_BYTES = 1024 * 1024
DEFAULT_MAX_DEPTH = 64


class YamlLimitError(yaml.MarkedYAMLError):
    """YAML refused for its size or shape rather than its syntax; `problem_mark` says where."""


class BoundedLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases and nesting deeper than `max_depth`."""

    max_depth = DEFAULT_MAX_DEPTH

    def __init__(self, stream: str | bytes) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()
        mark: Any = event.start_mark
        if isinstance(event, yaml.AliasEvent):
            raise YamlLimitError(None, None, f"aliases ('*{event.anchor}') are not allowed; "
                                 "write the value out in full", mark)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise YamlLimitError(None, None, f"anchors ('&{anchor}') are not allowed; "
                                 "write the value out in full", mark)
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if self._depth >= self.max_depth:
                raise YamlLimitError(None, None, f"the document is nested more than "
                                     f"{self.max_depth} levels deep", mark)
            self._depth += 1
            try:
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1
        return super().compose_node(parent, index)


def limit_from_env(name: str, default: int) -> int:
    """A positive whole number from the environment, or `default` when unset."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not '{raw}'") from None
    if value <= 0:
        raise ValueError(f"{name} must be positive")
    return value


def load_yaml(text: str | bytes, *, loader: type[BoundedLoader] = BoundedLoader,
              max_bytes: int | None = None, max_depth: int | None = None) -> Any:
    """One YAML document, read within the limits; raises `yaml.YAMLError` (often a
    `YamlLimitError`) with the line and column of the problem where there is one."""
    limit = max_bytes if max_bytes is not None else limit_from_env("YAML_MAX_BYTES",
                                                                   DEFAULT_MAX_BYTES)
    if len(text) > limit:
        raise YamlLimitError(None, None, f"the YAML text is {len(text)} characters long; at most "
                             f"{limit} are read", None)
    depth = max_depth if max_depth is not None else limit_from_env("YAML_MAX_DEPTH",
                                                                   DEFAULT_MAX_DEPTH)
    reader = loader(text)
    reader.max_depth = depth
    try:
        return reader.get_single_data()
    except ValueError as exc:  # e.g. an integer longer than Python converts
        raise YamlLimitError(None, None, f"a value cannot be read: {exc}", None) from None
    finally:
        reader.dispose()


def describe_yaml_error(exc: yaml.YAMLError) -> str:
    """`line L, column C: problem` (or just the problem) for a message a person reads."""
    mark = getattr(exc, "problem_mark", None)
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
    return f"{where}{getattr(exc, 'problem', None) or exc}"


class _PlainDumper(yaml.SafeDumper):
    """Writes a value shared in two places twice, never as an anchor and alias, so what the
    project writes its own loader reads back."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump_yaml(data: Any, **options: Any) -> str:
    """YAML text for `data` that `load_yaml` accepts (no anchors or aliases)."""
    return yaml.dump(data, Dumper=_PlainDumper, **options)
