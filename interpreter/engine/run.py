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
from interpreter.engine.state import store
from interpreter.engine.taint import mask_texts, names_of, reads_any, secret_texts
from interpreter.expressions import UNDEFINED, EvalContext

if TYPE_CHECKING:
    from interpreter.compiler import CompiledBlock, CompiledFlow, CompiledPromptItem
    from interpreter.host import HostServices

SYSTEM = "system"


class Frame:
    """A module call waiting for its module to return: the caller's flow, block and variables."""

    __slots__ = ("block", "flow", "ref", "scope", "secure_derived")

    def __init__(self, flow: CompiledFlow, block: str, scope: dict[str, Any],
                 ref: str | None = None, secure_derived: set[str] | None = None):
        self.flow = flow
        self.ref = ref
        """The module reference that finds `flow` again on resume (None for the root flow)."""
        self.block = block
        self.scope = scope
        self.secure_derived = secure_derived if secure_derived is not None else set()
        """The caller's variables that hold values derived from secure ones (see `taint`)."""


class BlockRun:
    __slots__ = (
        "block", "block_state", "channel", "data", "disconnected", "effects", "end_reason",
        "eval_context", "events", "flow", "flow_ref", "host", "language", "phase", "rng", "scope",
        "secure_cache", "secure_data", "secure_derived", "seq",
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
        self.secure_derived: set[str] = set()
        """Variables of the current scope computed from secure values (see `taint`)."""
        self.secure_data: set[str] = set()
        """Attached-data keys set from secure values."""
        self.secure_cache: tuple[CompiledFlow, frozenset[str]] | None = None
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

    def set(self, name: str, value: Any, *, secure: bool = False) -> None:
        """Set a variable; `secure` marks the value as derived from a secret, for good."""
        if name == SYSTEM:
            raise ValueError("system variables are read-only")
        store(self.scope, name, value)
        if secure:
            self.secure_derived.add(name)

    def declared_secure(self) -> frozenset[str]:
        """The current flow's `secure` variables (computed once per flow a run is in)."""
        cached = self.secure_cache
        if cached is None or cached[0] is not self.flow:
            cached = self.secure_cache = (self.flow, self.flow.flow.secure_variables)
        return cached[1]

    def is_secure(self, name: str) -> bool:
        """Declared `secure`, or holding a value computed from a secure one."""
        return name in self.declared_secure() or name in self.secure_derived

    def reads_secret(self, compiled: Any) -> bool:
        """Whether a compiled expression or template reads a secure or secure-derived variable."""
        names = names_of(compiled)
        return reads_any(names, self.declared_secure()) or reads_any(names, self.secure_derived)

    def secret_names(self) -> frozenset[str]:
        return self.declared_secure() | self.secure_derived

    def mask_secrets(self, text: str) -> str:
        """`text` with the current values of secure and secure-derived variables masked."""
        secrets = [found for name in self.secret_names() if name in self.scope
                   for found in secret_texts(self.scope[name])]
        return mask_texts(text, secrets) if secrets else text

    def prompts(self, items: tuple[CompiledPromptItem, ...]) -> tuple[PromptOut, ...]:
        return render_items(items, self.flow, self.language, self.eval, self.render,
                            self.reads_secret, self.host.announcement)

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
