"""The protocol every block type follows, and the outcomes its step functions return.

A block type is one class in `blocks/`: its props schema, ports, phases, channels, editor
metadata and behaviour, under one name. The engine knows block types only through this
protocol and a `BlockRegistry` the host hands it.

This is the bottom of the block layers: it imports nothing that imports it back, not even for
type checking. `interpreter.compiler` and the engine's `BlockRun` build on block types, so the
step functions' `run` is named here by `StepRun`, loosely, and every block type annotates its
own `enter` and `resume` with the engine's `BlockRun`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from marshmallow import Schema, ValidationError

from interpreter.block_compiler import BlockCompiler
from interpreter.flow_model import CHANNELS, PHASES

if TYPE_CHECKING:
    from interpreter.engine.events import Event

ALL_PHASES = frozenset(PHASES)
INTERACTIVE_PHASES = frozenset({"self_service", "assisted_service"})
BOTH_CHANNELS = frozenset(CHANNELS)

StepRun = Any
"""The `run` a step function gets: the engine's `BlockRun` (`interpreter.engine.run`). That
class reaches block types through the compiled flow it runs, so naming it here would close a
loop; a block type's own `enter` and `resume` say `BlockRun`."""


class Wait:
    """Returned by a step function when the block waits for the outside world."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "WAIT"


WAIT = Wait()


@dataclass(frozen=True, slots=True)
class Terminate:
    """End the interaction with the caller; finalize runs next."""

    reason: str = "terminate"


@dataclass(frozen=True, slots=True)
class JumpToFinalize:
    """A successful route or transfer: assisted service is over, finalize runs next."""

    reason: str


@dataclass(frozen=True, slots=True)
class ReturnFromModule:
    outputs: Mapping[str, Any]
    secure: frozenset[str] = frozenset()
    """The outputs computed from secure values (see `interpreter.engine.taint`)."""


@dataclass(frozen=True, slots=True)
class CallModule:
    module_ref: str
    inputs: Mapping[str, Any]
    secure: frozenset[str] = frozenset()
    """The inputs computed from secure values (see `interpreter.engine.taint`)."""


Outcome = str | Wait | Terminate | JumpToFinalize | ReturnFromModule | CallModule


@dataclass(frozen=True, slots=True)
class EditorInfo:
    """What the Designer's palette and property panel need to show a block type."""

    label: str
    category: str
    icon: str
    help: str
    color: str = "#4f6d8f"
    port_labels: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class FieldInfo:
    """How the property panel shows one property: its place (the order of declaration), the
    label and help a business user reads, whether it sits in the collapsed 'Advanced' group,
    an optional widget (`timezone`, `weekly_schedule`) and whether the block on the canvas
    shows its value as a one-line summary."""

    name: str
    label: str
    help: str = ""
    advanced: bool = False
    widget: str = ""
    summary: bool = False

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "label": self.label, "help": self.help,
                "advanced": self.advanced, "widget": self.widget, "summary": self.summary}


class BlockType:
    """Base class of every block type; subclasses set the class attributes and step functions."""

    name: ClassVar[str]
    editor: ClassVar[EditorInfo]
    editor_fields: ClassVar[tuple[FieldInfo, ...]] = ()
    """Every property of `props_schema`, in the order the property panel shows them."""
    props_schema: ClassVar[type[Schema]]
    phases: ClassVar[frozenset[str]] = ALL_PHASES
    channels: ClassVar[frozenset[str]] = BOTH_CHANNELS
    static_ports: ClassVar[tuple[str, ...]] = ("next",)
    ports_when_connected: ClassVar[frozenset[str]] = frozenset()
    """Ports the engine takes only when they are connected (otherwise it goes on another way,
    e.g. `after_agent` falls back to finalize); `error` always behaves so. Coverage leaves such a
    port out while it leads nowhere."""
    waits: ClassVar[bool] = False
    """True when the block always waits for the outside world (breaks a spinning loop)."""
    module_only: ClassVar[bool] = False

    def load_props(self, props: Mapping[str, Any]) -> dict[str, Any]:
        """Check props against the schema; raises marshmallow.ValidationError."""
        schema = self.__dict__.get("_schema")
        if schema is None:
            schema = self.__dict__["_schema"] = self.props_schema()
        loaded: dict[str, Any] = schema.load(_plain(props))
        return loaded

    def ports(self, props: Mapping[str, Any]) -> tuple[str, ...]:
        """The output ports, given the block's loaded props."""
        return self.static_ports

    def compile(self, props: dict[str, Any], compiler: BlockCompiler) -> Any:
        """Turn loaded props into what the step functions use (expressions compiled)."""
        return props

    def written_variables(self, props: Mapping[str, Any]) -> list[tuple[str, str]]:
        """(property path, variable name) for every variable this block writes."""
        return []

    def missing_content(self, props: Mapping[str, Any]) -> list[tuple[str, str]]:
        """(property path, message) for every piece of content the block needs to do its job
        but lacks (text to say, a question, a URL); each is an error that blocks publishing."""
        return []

    def resources(self, props: Mapping[str, Any]) -> list[tuple[str, str, str]]:
        """(property path, kind, name) for every named bot or data table the block uses."""
        return []

    def enter(self, run: StepRun, props: Any) -> Outcome:
        raise NotImplementedError

    def resume(self, run: StepRun, props: Any, event: Event) -> Outcome:
        raise TypeError(f"a '{self.name}' block does not wait for anything")

    def describe(self) -> dict[str, Any]:
        """The palette entry the Designer builds its editor from."""
        from interpreter.schema_export import schema_to_json_schema

        return {
            "type": self.name,
            "label": self.editor.label,
            "category": self.editor.category,
            "icon": self.editor.icon,
            "color": self.editor.color,
            "help": self.editor.help,
            "phases": sorted(self.phases, key=PHASES.index),
            "channels": sorted(self.channels),
            "ports": list(self.static_ports),
            "dynamic_ports": type(self).ports is not BlockType.ports,
            "port_labels": dict(self.editor.port_labels),
            "waits_for_input": self.waits,
            "module_only": self.module_only,
            "props_schema": schema_to_json_schema(self.props_schema),
            "fields": [info.describe() for info in self.editor_fields],
        }


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


__all__ = [
    "ALL_PHASES", "BOTH_CHANNELS", "INTERACTIVE_PHASES", "WAIT", "BlockType", "CallModule",
    "EditorInfo", "FieldInfo", "JumpToFinalize", "Outcome", "ReturnFromModule", "StepRun",
    "Terminate", "ValidationError", "Wait",
]
