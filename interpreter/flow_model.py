"""The loaded flow: an immutable definition that sessions run but never change.

A `Flow` is what the loader produces from a document once its format is known to be right.
Block props are kept as plain JSON here; each block type turns them into its own compiled form
(see `interpreter.compiler`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

FORMAT_NAME = "designer-flow"
FORMAT_VERSION = 1

PHASES: tuple[str, ...] = ("initialize", "self_service", "assisted_service", "finalize")
PHASE_SHORT = {"initialize": "init", "self_service": "self", "assisted_service": "assisted",
               "finalize": "finalize"}
CHANNELS: tuple[str, ...] = ("voice", "chat")
VARIABLE_TYPES: tuple[str, ...] = ("string", "number", "boolean", "object", "array", "any")
FlowKind = Literal["application", "module", "in_queue", "outbound"]
FLOW_KINDS: tuple[str, ...] = ("application", "module", "in_queue", "outbound")
"""`in_queue`: the flow a queue runs for a waiting caller; `outbound`: the flow a queue's
callback dialer runs on the customer's answered call (docs/flow-format.md)."""


@dataclass(frozen=True, slots=True)
class VariableDecl:
    name: str
    type: str = "any"
    default: Any = None
    secure: bool = False
    description: str = ""


@dataclass(frozen=True, slots=True)
class BlockDef:
    id: str
    type: str
    label: str
    props: Mapping[str, Any]
    next: Mapping[str, str]
    ui: Mapping[str, Any] = field(default_factory=dict)
    description: str = ""


@dataclass(frozen=True, slots=True)
class Flow:
    id: str
    name: str
    kind: FlowKind
    channels: tuple[str, ...]
    languages: tuple[str, ...]
    variables: Mapping[str, VariableDecl]
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    phases: Mapping[str, str]
    blocks: Mapping[str, BlockDef]
    prompts: Mapping[str, Mapping[str, Mapping[str, Any]]]
    description: str = ""
    version: str = "draft"
    document: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def default_language(self) -> str:
        return self.languages[0] if self.languages else "en-US"

    @property
    def secure_variables(self) -> frozenset[str]:
        return frozenset(name for name, decl in self.variables.items() if decl.secure)

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"


def freeze(value: Any) -> Any:
    """Read-only views of nested JSON, so a loaded flow cannot be changed by a session."""
    if isinstance(value, dict):
        return MappingProxyType({key: freeze(item) for key, item in value.items()})
    if isinstance(value, list):
        return tuple(freeze(item) for item in value)
    return value


def thaw(value: Any) -> Any:
    """Plain JSON back from `freeze`d data (for saving or handing to marshmallow)."""
    if isinstance(value, Mapping):
        return {key: thaw(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [thaw(item) for item in value]
    return value
