"""The sans-I/O step engine: (flow, session state, event) -> (new state, effects)."""

from interpreter.engine.engine import Engine, ModuleResolver, Step
from interpreter.engine.errors import FlowRuntimeError, SessionStateError, UnexpectedEventError

__all__ = ["Engine", "FlowRuntimeError", "ModuleResolver", "SessionStateError", "Step",
           "UnexpectedEventError"]
