"""Where the chat host gets the compiled flow a session runs, and the modules it calls.

A session names its flow by reference (id, version, environment, entry point), so a node that
has never seen the session can resume it. `SingleFlow` serves one compiled flow (tests, the
console, a one-flow deployment); the Designer's blueprint supplies a source backed by its
published flows.
"""

from __future__ import annotations

from typing import Protocol

from interpreter.compiler import CompiledFlow
from interpreter.engine.engine import ModuleMissingError, ModuleResolver
from runtime.sessions.records import FlowRef


class FlowSource(Protocol):
    def default_ref(self) -> FlowRef:
        """The flow a new session runs when the caller names none."""
        ...

    def compiled(self, ref: FlowRef) -> CompiledFlow:
        """The compiled flow a session refers to; raises LookupError when it is gone."""
        ...

    def module(self, ref: str) -> CompiledFlow:
        """A module by `id@version` for the engine; raises LookupError when it is missing."""
        ...


class SingleFlow:
    def __init__(self, flow: CompiledFlow, *, modules: ModuleResolver | None = None,
                 environment: str = "default", entry_point: str = ""):
        self.flow = flow
        self.modules = modules
        self.ref = FlowRef(flow.id, flow.version, environment, entry_point)

    def default_ref(self) -> FlowRef:
        return self.ref

    def compiled(self, ref: FlowRef) -> CompiledFlow:
        if ref.id != self.flow.id:
            raise LookupError(f"flow '{ref.id}' is not served here")
        return self.flow

    def module(self, ref: str) -> CompiledFlow:
        if self.modules is None:
            raise ModuleMissingError(f"module '{ref}' cannot be found")
        return self.modules(ref)
