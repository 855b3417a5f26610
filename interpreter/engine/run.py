"""The mutable view of one session while the engine steps it: what blocks read and write.

A `BlockRun` lives for one `start` or `resume` call. Blocks use it to evaluate expressions,
read and set variables, render prompts, emit effects and record analytics; the engine turns it
back into JSON state when the step is over.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from interpreter.engine.effects import AnalyticsEvent, Effect, PromptOut
from interpreter.engine.prompts import render_items
from interpreter.expressions import UNDEFINED, EvalContext

if TYPE_CHECKING:
    from interpreter.compiler import CompiledBlock, CompiledFlow, CompiledPromptItem
    from interpreter.host import HostServices

SYSTEM = "system"


class Frame:
    """A module call waiting for its module to return: the caller's flow, block and variables."""

    __slots__ = ("block", "flow", "ref", "scope")

    def __init__(self, flow: CompiledFlow, block: str, scope: dict[str, Any],
                 ref: str | None = None):
        self.flow = flow
        self.ref = ref
        """The module reference that finds `flow` again on resume (None for the root flow)."""
        self.block = block
        self.scope = scope


class BlockRun:
    __slots__ = (
        "block", "block_state", "channel", "data", "disconnected", "effects", "end_reason",
        "eval_context", "events", "flow", "flow_ref", "host", "language", "phase", "rng", "scope",
        "seq",
        "session_id", "stack", "system", "ts",
    )

    def __init__(self, *, flow: CompiledFlow, host: HostServices, session_id: str, channel: str,
                 language: str, phase: str, scope: dict[str, Any], system: dict[str, Any],
                 data: dict[str, Any], seq: int, rng: int, ts: float):
        self.flow = flow
        self.host = host
        self.session_id = session_id
        self.channel = channel
        self.language = language
        self.phase = phase
        self.scope = scope
        self.system = system
        self.data = data
        self.seq = seq
        self.rng = rng
        self.ts = ts
        self.block: CompiledBlock | None = None
        self.block_state: dict[str, Any] = {}
        self.stack: list[Frame] = []
        self.flow_ref: str | None = None
        self.effects: list[Effect] = []
        self.events: list[AnalyticsEvent] = []
        self.end_reason: str | None = None
        self.disconnected = False
        self.eval_context = EvalContext(now_ms=self._now_ms, random=self._random,
                                        timezone=str(system.get("TimeZone") or "UTC"))

    # -- expressions and variables -------------------------------------------------------

    def eval(self, expression: Any) -> Any:
        return expression.evaluate(self.scope, self.eval_context)

    def render(self, template: Any) -> str:
        result: str = template.render(self.scope, self.eval_context)
        return result

    def get(self, name: str) -> Any:
        return self.scope.get(name, UNDEFINED)

    def set(self, name: str, value: Any) -> None:
        if name == SYSTEM:
            raise ValueError("system variables are read-only")
        self.scope[name] = value

    def is_secure(self, name: str) -> bool:
        return name in self.flow.flow.secure_variables

    def prompts(self, items: tuple[CompiledPromptItem, ...]) -> tuple[PromptOut, ...]:
        return render_items(items, self.flow, self.language, self.eval, self.render)

    # -- output ----------------------------------------------------------------------------

    def emit(self, effect: Effect) -> None:
        self.effects.append(effect)

    def record(self, kind: str, data: dict[str, Any] | None = None, block: str | None = None) -> None:
        self.seq += 1
        if block is None and self.block is not None:
            block = self.block.id
        if self.stack:
            data = {**(data or {}), "module": self.flow.flow.ref}
        self.events.append(AnalyticsEvent(self.seq, kind, block, self.ts, data))

    def set_language(self, language: str) -> None:
        self.language = language
        self.system["Language"] = language

    @property
    def block_id(self) -> str:
        return self.block.id if self.block is not None else ""

    @property
    def in_module(self) -> bool:
        return bool(self.stack)

    # -- clock and randomness ----------------------------------------------------------------

    def _now_ms(self) -> float:
        return self.host.now().timestamp() * 1000.0

    def _random(self) -> float:
        self.rng += 1
        seed = self.host.random_seed() or self.session_id
        return random.Random(f"{seed}:{self.rng}").random()
