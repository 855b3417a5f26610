"""The sans-I/O step engine: (flow, session state, event) -> (new state, effects).

`Engine.start` begins a session and runs automatic blocks until one must wait for the outside
world (caller input, an HTTP response, a bot, a route); `Engine.resume` feeds that block its
event and runs on. The engine does no I/O: hosts carry out the effects and send the events.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from interpreter.blocktype import (
    WAIT,
    CallModule,
    JumpToFinalize,
    Outcome,
    ReturnFromModule,
    Terminate,
    Wait,
)
from interpreter.compiler import CompiledBlock, CompiledFlow
from interpreter.engine.effects import AnalyticsEvent, Disconnect, Effect, End, ErrorRaised
from interpreter.engine.errors import (
    SECURE_ERROR_MESSAGE,
    FlowRuntimeError,
    SessionStateError,
    UnexpectedEventError,
)
from interpreter.engine.events import Event, Hangup
from interpreter.engine.limits import (
    MAX_DURATION,
    MAX_WAITS,
    SessionLimits,
    restore_counters,
    wait_key,
)
from interpreter.engine.run import SYSTEM, BlockRun, Frame
from interpreter.engine.state import (
    STATE_VERSION,
    account_stored,
    decode_scope,
    encode_scope,
    end_measuring,
    measure_stores,
    require,
)
from interpreter.engine.taint import block_reads_secret, decode_names
from interpreter.expressions import UNDEFINED, ExpressionRuntimeError, from_state, to_state
from interpreter.expressions.budget import (
    DEFAULT_BUDGET,
    TurnBudget,
    TurnLimitExceeded,
    TurnMeter,
    metered_turn,
)
from interpreter.flow_model import PHASES
from interpreter.host import HostServices, ResourceNotFoundError, StaticHost

ModuleResolver = Callable[[str], CompiledFlow]
DEFAULT_STEP_LIMIT = 1000
DEFAULT_MODULE_DEPTH = 16


class ModuleMissingError(LookupError):
    """A module reference that the host cannot resolve."""


@dataclass(frozen=True, slots=True)
class ModuleReturned(Event):
    """Internal: the module a `module` block called has returned these outputs."""

    kind = "module_returned"
    outputs: Mapping[str, Any]
    secure: frozenset[str] = frozenset()
    """The outputs computed from secure values: the variables they land in become secure."""


@dataclass(slots=True)
class Step:
    """The result of `start`/`resume`: the state to save, and what the host must do."""

    state: dict[str, Any]
    effects: list[Effect]
    events: list[AnalyticsEvent]

    @property
    def ended(self) -> bool:
        return bool(self.state.get("status") == "ended")

    @property
    def waiting_for(self) -> str | None:
        """The block id the session waits in, or None when it has ended."""
        block: str | None = self.state.get("block") if not self.ended else None
        return block


def _no_modules(ref: str) -> CompiledFlow:
    raise ModuleMissingError(f"module '{ref}' cannot be found")


class Engine:
    def __init__(self, *, modules: ModuleResolver | None = None,
                 step_limit: int = DEFAULT_STEP_LIMIT,
                 max_module_depth: int = DEFAULT_MODULE_DEPTH,
                 budget: TurnBudget = DEFAULT_BUDGET,
                 limits: SessionLimits | None = None):
        self.modules = modules or _no_modules
        self.limits = limits or SessionLimits()
        """How long a session may live and how often it may wait at one block."""
        self.budget = budget
        """What each turn (one `start` or `resume`) may spend on expressions and time."""
        self.step_limit = step_limit
        self.max_module_depth = max_module_depth

    # -- public API --------------------------------------------------------------------------

    def start(self, flow: CompiledFlow, *, channel: str, system: Mapping[str, Any] | None = None,
              variables: Mapping[str, Any] | None = None, session_id: str | None = None,
              language: str | None = None, host: HostServices | None = None) -> Step:
        host = host or StaticHost()
        if channel not in flow.flow.channels:
            raise ValueError(f"flow '{flow.id}' does not serve the {channel} channel")
        session_id = session_id or uuid.uuid4().hex
        language = language or flow.flow.default_language
        now = host.now()
        scope = dict(flow.defaults)
        for name, value in (variables or {}).items():
            if name not in flow.flow.variables:
                raise ValueError(f"'{name}' is not a variable of flow '{flow.id}'")
            scope[name] = value
        system_vars: dict[str, Any] = {
            "ANI": "", "DNIS": "", "Channel": channel, "Language": language,
            "SessionID": session_id, "FlowID": flow.id, "FlowVersion": flow.version,
            "StartTime": now.isoformat(), "TimeZone": str(now.tzinfo or "UTC"),
            "LastError": None, "BotResult": None,
        }
        for key, value in (system or {}).items():
            if key not in ("SessionID", "FlowID", "FlowVersion", "Channel"):
                system_vars[key] = value
        scope[SYSTEM] = system_vars
        run = BlockRun(flow=flow, host=host, session_id=session_id, channel=channel,
                       language=language, phase="initialize", scope=scope, system=system_vars,
                       data={}, seq=0, rng=0, ts=now.timestamp())
        run.record("session_start", {"flow": flow.id, "version": flow.version,
                                     "channel": channel}, block=None)
        phase = next((p for p in PHASES if p in flow.flow.phases), "self_service")
        if self._enter_phase(run, phase) is not None:
            self._drive(run, None, None)
        return self._settle(run, now.timestamp(), {})

    def resume(self, flow: CompiledFlow, state: dict[str, Any], event: Event,
               host: HostServices | None = None) -> Step:
        host = host or StaticHost()
        run = self._restore(flow, state, host)
        if state.get("status") == "ended":
            raise SessionStateError("this session has already ended")
        block = run.block
        assert block is not None
        awaiting = state.get("awaiting")
        started_at, waits = restore_counters(state, run.ts)
        if isinstance(event, Hangup):
            if self._hangup(run, event):
                self._drive(run, None, None)
            return self._settle(run, started_at, waits, awaiting)
        if self.limits.expired(started_at, run.ts):
            if self._limit_reached(run, MAX_DURATION):
                self._drive(run, None, None)
            return self._settle(run, started_at, waits, awaiting)
        self._drive(run, block, lambda: block.type.resume(run, block.props, event))
        return self._settle(run, started_at, waits, awaiting)

    # -- the loop ----------------------------------------------------------------------------

    def _drive(self, run: BlockRun, block: CompiledBlock | None,
               first: Callable[[], Outcome] | None) -> None:
        """Run blocks as one turn, metered by the engine's budget (see expressions/budget); what
        blocks store is measured against its size limits (see engine/state)."""
        measuring = measure_stores(run, self.budget)
        try:
            if self.budget.unlimited:
                self._run_blocks(run, block, first, None)
            else:
                with metered_turn(self.budget) as meter:
                    self._run_blocks(run, block, first, meter)
        finally:
            end_measuring(measuring)

    def _run_blocks(self, run: BlockRun, block: CompiledBlock | None,
                    first: Callable[[], Outcome] | None, meter: TurnMeter | None) -> None:
        """Run blocks until one waits or the session ends.

        Either `first` (a resumed block's step) gives the first outcome to follow, or
        `run.block` is the block to enter first.
        """
        steps = 0
        limit = self.step_limit
        clock = meter.clock if meter is not None else None
        pending: CompiledBlock | Wait | None
        if first is not None and block is not None:
            pending = self._follow(run, self._guarded(run, block, first))
        else:
            pending = run.block
        while isinstance(pending, CompiledBlock):
            steps += 1
            if steps > limit:
                steps = 0
                run.block = pending
                pending = self._follow(run, self._fail(run, pending, FlowRuntimeError(
                    "StepLimit", f"the flow ran {limit} blocks without waiting for the caller; "
                                 "it is probably in a loop"), unhandled=True))
                continue
            run.block = pending
            run.block_state = {}
            run.record("block_entered")
            enter = pending.type.enter
            props = pending.props
            try:
                if (clock is not None and meter is not None and clock() > meter.deadline
                        and meter.out_of_time()):
                    raise meter.time_exceeded()
                outcome = enter(run, props)
            except (ExpressionRuntimeError, FlowRuntimeError, ResourceNotFoundError) as exc:
                outcome = self._fail(run, pending, _block_error(run, pending, exc))
            if outcome is WAIT:
                return
            pending = self._follow(run, outcome)

    def _guarded(self, run: BlockRun, block: CompiledBlock, call: Callable[[], Outcome]) -> Outcome:
        try:
            return call()
        except (ExpressionRuntimeError, FlowRuntimeError, ResourceNotFoundError) as exc:
            return self._fail(run, block, _block_error(run, block, exc, resumed=True))

    def _follow(self, run: BlockRun, outcome: Outcome) -> CompiledBlock | Wait | None:
        """Where an outcome of `run.block` leads: the next block, WAIT, or None (ended)."""
        while True:
            if outcome is WAIT:
                return WAIT
            block = run.block
            assert block is not None
            if isinstance(outcome, str):
                run.record("port_taken", {"port": outcome})
                next_id = block.next.get(outcome)
                if next_id is not None:
                    next_block = run.flow.blocks.get(next_id)
                    if next_block is not None:
                        return next_block
                    outcome = self._fail(run, block, FlowRuntimeError(
                        "FlowError", f"port '{outcome}' leads to a block '{next_id}' that does "
                                     "not exist"), unhandled=True)
                    continue
                if run.stack:
                    outputs = {name: run.scope.get(name, UNDEFINED)
                               for name in run.flow.flow.outputs}
                    secure = frozenset(name for name in outputs if run.is_secure(name))
                    outcome = self._return_from_module(run, outputs, secure)
                    continue
                return self._next_phase(run)
            if isinstance(outcome, Terminate):
                if not run.disconnected and run.phase != "finalize":
                    run.disconnected = True
                    run.emit(Disconnect(block.id, outcome.reason))
                return self._go_finalize(run, outcome.reason)
            if isinstance(outcome, JumpToFinalize):
                return self._go_finalize(run, outcome.reason)
            if isinstance(outcome, ReturnFromModule):
                if not run.stack and run.flow.flow.kind == "module":
                    try:
                        return self._return_at_root(run, dict(outcome.outputs), outcome.secure)
                    except ExpressionRuntimeError as exc:  # an output too large to store
                        outcome = self._fail(run, block, _runtime_error(exc))
                        continue
                outcome = self._return_from_module(run, dict(outcome.outputs), outcome.secure)
                continue
            if isinstance(outcome, CallModule):
                entry = self._call_module(run, block, outcome)
                if isinstance(entry, CompiledBlock):
                    return entry
                outcome = entry
                continue
            raise TypeError(f"block '{block.id}' returned {outcome!r}")

    # -- errors ------------------------------------------------------------------------------

    def _fail(self, run: BlockRun, block: CompiledBlock, exc: FlowRuntimeError,
              unhandled: bool = False) -> Outcome:
        """Record an error and decide where the flow goes: `error` port, caller, or finalize."""
        message = SECURE_ERROR_MESSAGE if exc.secure else run.mask_secrets(exc.message)
        run.system["LastError"] = {"block": block.id, "type": exc.kind, "message": message}
        handled = not unhandled and _catches(block)
        run.emit(ErrorRaised(block.id, exc.kind, message, handled))
        run.record("error", {"type": exc.kind, "message": message}, block=block.id)
        run.block = block
        if handled:
            return "error"
        if exc.kind != "StepLimit":
            while run.stack:
                caller = self._pop_frame(run)
                if _catches(caller):
                    return "error"
        return Terminate("error") if run.phase != "finalize" else JumpToFinalize("error")

    # -- phases ------------------------------------------------------------------------------

    def _next_phase(self, run: BlockRun) -> CompiledBlock | None:
        order = PHASES.index(run.phase)
        for phase in PHASES[order + 1:]:
            if phase in run.flow.flow.phases:
                if phase == "finalize" and run.end_reason is None:
                    run.end_reason = "completed"
                return self._enter_phase(run, phase)
        self._end(run, run.end_reason or "completed")
        return None

    def _enter_phase(self, run: BlockRun, phase: str) -> CompiledBlock | None:
        run.phase = phase
        run.record("phase", {"phase": phase}, block=None)
        block = run.flow.blocks.get(run.flow.flow.phases.get(phase, ""))
        if block is None:
            return self._next_phase(run)
        run.block = block
        return block

    def _go_finalize(self, run: BlockRun, reason: str) -> CompiledBlock | None:
        while run.stack:
            self._pop_frame(run)
        if run.end_reason is None or run.end_reason == "completed":
            run.end_reason = reason
        if run.phase == "finalize" or "finalize" not in run.flow.flow.phases:
            self._end(run, run.end_reason)
            return None
        return self._enter_phase(run, "finalize")

    def _end(self, run: BlockRun, reason: str) -> None:
        run.emit(End(run.block_id, reason))
        run.record("session_end", {"reason": reason}, block=None)
        run.end_reason = reason
        run.block = None

    def _hangup(self, run: BlockRun, event: Hangup) -> bool:
        """The caller hung up: go to finalize. True when there is a block to enter."""
        run.disconnected = True
        run.record("hangup", {"reason": event.reason})
        if run.phase == "finalize":
            return False
        run.block_state = {}
        return self._go_finalize(run, "hangup") is not None

    # -- session limits ----------------------------------------------------------------------

    def _settle(self, run: BlockRun, started_at: float, waits: dict[str, int],
                awaiting: str | None = None) -> Step:
        """The step to hand back, counting the wait it starts; a session about to wait once
        too often at one block ends instead (`limits`)."""
        if run.block is not None:
            key = wait_key(run.flow.id, run.block.id, bool(run.stack))
            waits = {**waits, key: waits.get(key, 0) + 1}
            if self.limits.too_many_waits(waits[key]):
                if self._limit_reached(run, MAX_WAITS):
                    self._drive(run, None, None)
                return self._settle(run, started_at, waits, awaiting)
        step = self._step(run, awaiting)
        step.state["started_at"] = started_at
        step.state["waits"] = waits
        return step

    def _limit_reached(self, run: BlockRun, reason: str) -> bool:
        """End the session for a limit: what it waited for is dropped, the caller is
        disconnected and finalize runs (unless it is running). True when there is a block to
        enter."""
        run.record("limit", {"limit": reason, "message": self.limits.explain(reason)})
        run.effects = [effect for effect in run.effects if effect.kind not in AWAITED_EVENTS]
        run.block_state = {}
        run.end_reason = reason
        if not run.disconnected:
            run.disconnected = True
            run.emit(Disconnect(run.block_id, reason))
        if run.phase == "finalize":
            self._end(run, reason)
            return False
        return self._go_finalize(run, reason) is not None

    # -- modules -----------------------------------------------------------------------------

    def _call_module(self, run: BlockRun, block: CompiledBlock, call: CallModule
                     ) -> CompiledBlock | Outcome:
        if len(run.stack) >= self.max_module_depth:
            return self._fail(run, block, FlowRuntimeError(
                "ModuleError", f"modules call each other more than {self.max_module_depth} "
                               "levels deep"))
        try:
            module = self.modules(call.module_ref)
        except LookupError as exc:
            return self._fail(run, block, FlowRuntimeError("ModuleError", str(exc.args[0])))
        entry = module.blocks.get(module.flow.phases.get("self_service", ""))
        if entry is None:
            return self._fail(run, block, FlowRuntimeError(
                "ModuleError", f"module '{call.module_ref}' has no entry block"))
        try:
            for name, value in call.inputs.items():
                if name in module.flow.inputs:
                    account_stored(name, value)
        except ExpressionRuntimeError as exc:
            return self._fail(run, block, _runtime_error(exc))
        run.record("module_call", {"call": module.flow.ref}, block=block.id)
        run.stack.append(Frame(run.flow, block.id, run.scope, run.flow_ref, run.secure_derived))
        run.flow_ref = f"{call.module_ref.rpartition('@')[0]}@{module.version}"
        scope = dict(module.defaults)
        for name, value in call.inputs.items():
            if name in module.flow.inputs:
                scope[name] = value
        run.secure_derived = {name for name in call.secure if name in module.flow.inputs}
        scope[SYSTEM] = run.system
        run.scope = scope
        run.flow = module
        return entry

    def _return_at_root(self, run: BlockRun, outputs: dict[str, Any],
                        secure: frozenset[str] = frozenset()) -> CompiledBlock | None:
        """A module run on its own (tested, simulated): `return` ends the session.

        The returned outputs land in the module's own variables, so tests can check them.
        """
        for name, value in outputs.items():
            if name in run.flow.flow.variables:
                run.set(name, value, secure=name in secure)
        run.record("module_return", {"outputs": sorted(outputs)})
        run.end_reason = "returned"
        return self._next_phase(run)

    def _pop_frame(self, run: BlockRun) -> CompiledBlock:
        frame = run.stack.pop()
        run.flow = frame.flow
        run.flow_ref = frame.ref
        run.scope = frame.scope
        run.secure_derived = frame.secure_derived
        caller = frame.flow.blocks[frame.block]
        run.block = caller
        return caller

    def _return_from_module(self, run: BlockRun, outputs: dict[str, Any],
                            secure: frozenset[str] = frozenset()) -> Outcome:
        block = run.block
        assert block is not None
        if not run.stack:
            return self._fail(run, block, FlowRuntimeError("FlowError", "'return' outside a module"),
                              unhandled=True)
        caller = self._pop_frame(run)
        return self._guarded(run, caller, lambda: caller.type.resume(
            run, caller.props, ModuleReturned(outputs, secure)))

    # -- state -------------------------------------------------------------------------------

    def _step(self, run: BlockRun, state_before: str | None = None) -> Step:
        ended = run.block is None
        state: dict[str, Any] = {
            "state_version": STATE_VERSION,
            "session_id": run.session_id,
            "channel": run.channel,
            "language": run.language,
            "phase": run.phase,
            "status": "ended" if ended else "waiting",
            "end_reason": run.end_reason,
            "block": None if ended else run.block_id,
            "block_state": {} if ended else run.block_state,
            "awaiting": None if ended else _awaiting(run.effects, state_before),
            "flow": {"id": run.flow.id, "version": run.flow.version, "ref": run.flow_ref},
            "vars": encode_scope(run.scope),
            "secure_derived": sorted(run.secure_derived),
            "secure_data": sorted(run.secure_data),
            "system": {key: to_state(value) for key, value in run.system.items()},
            "data": {key: to_state(value) for key, value in run.data.items()},
            "stack": [
                {"flow": {"id": frame.flow.id, "version": frame.flow.version, "ref": frame.ref},
                 "block": frame.block, "vars": encode_scope(frame.scope),
                 "secure_derived": sorted(frame.secure_derived)}
                for frame in run.stack
            ],
            "seq": run.seq,
            "rng": run.rng,
            "disconnected": run.disconnected,
        }
        return Step(state, run.effects, run.events)

    def _restore(self, root: CompiledFlow, state: dict[str, Any], host: HostServices) -> BlockRun:
        if require(state, "state_version", int) != STATE_VERSION:
            raise SessionStateError("session state was saved by an incompatible engine version")
        system = {key: from_state(value) for key, value in require(state, "system", dict).items()}
        if system.get("FlowID") != root.id:
            raise SessionStateError(f"this session belongs to flow '{system.get('FlowID')}', "
                                    f"not '{root.id}'")
        frames: list[Frame] = []
        for index, item in enumerate(require(state, "stack", list)):
            ref = require(item, "flow", dict)
            flow = root if index == 0 else self._resolve(ref)
            scope = decode_scope(require(item, "vars", dict))
            scope[SYSTEM] = system
            block = require(item, "block", str)
            if block not in flow.blocks:
                raise SessionStateError(f"session state: block '{block}' is not in '{flow.id}'")
            frames.append(Frame(flow, block, scope, ref.get("ref") if index else None,
                                decode_names(item.get("secure_derived"), "secure_derived")))
        current_ref = require(state, "flow", dict)
        current = root if not frames else self._resolve(current_ref)
        scope = decode_scope(require(state, "vars", dict))
        scope[SYSTEM] = system
        run = BlockRun(flow=current, host=host, session_id=require(state, "session_id", str),
                       channel=require(state, "channel", str),
                       language=require(state, "language", str),
                       phase=require(state, "phase", str), scope=scope, system=system,
                       data={k: from_state(v) for k, v in require(state, "data", dict).items()},
                       seq=require(state, "seq", int), rng=require(state, "rng", int),
                       ts=host.now().timestamp())
        if run.phase not in PHASES:
            raise SessionStateError(f"session state: unknown phase '{run.phase}'")
        run.stack = frames
        run.secure_derived = decode_names(state.get("secure_derived"), "secure_derived")
        run.secure_data = decode_names(state.get("secure_data"), "secure_data")
        run.flow_ref = current_ref.get("ref") if frames else None
        run.end_reason = state.get("end_reason")
        run.disconnected = bool(state.get("disconnected"))
        if state.get("status") != "ended":
            block_id = state.get("block")
            block = current.blocks.get(block_id) if isinstance(block_id, str) else None
            if block is None:
                raise SessionStateError(f"session state: block '{block_id}' is not in flow "
                                        f"'{current.id}'")
            run.block = block
            run.block_state = dict(require(state, "block_state", dict))
        return run

    def _resolve(self, ref: dict[str, Any]) -> CompiledFlow:
        """The module a saved frame ran: by the pinned reference it was called with."""
        pinned = ref.get("ref")
        try:
            return self.modules(pinned if isinstance(pinned, str) else
                                f"{ref.get('id')}@{ref.get('version')}")
        except LookupError as exc:
            raise SessionStateError(f"session state names a module that cannot be found: "
                                    f"{exc.args[0]}") from None


AWAITED_EVENTS = {"collect": "input", "record": "recorded", "http": "http_response",
                  "bot": "bot_response", "route": "route_result",
                  "transfer": "transfer_result", "callback": "callback_result"}


def _awaiting(effects: list[Effect], before: str | None) -> str | None:
    """The kind of event the session now waits for, from the last effect that asks for one."""
    for effect in reversed(effects):
        kind = AWAITED_EVENTS.get(effect.kind)
        if kind is not None:
            return kind
    return before


def _catches(block: CompiledBlock) -> bool:
    """A block handles its errors when its `error` port is connected to a block."""
    return "error" in block.ports and "error" in block.next


def _block_error(run: BlockRun, block: CompiledBlock, exc: Exception,
                 resumed: bool = False) -> FlowRuntimeError:
    """An error out of a block's own code, secure (message hidden) when the block evaluates an
    expression that reads a secret: any error while it starts, and an expression's error when
    it takes its event (the outside world's own reports keep their message, masked). A turn
    limit's message names the limit and the expression's source, never a value: it stays."""
    error = _runtime_error(exc)
    if error.secure or isinstance(exc, TurnLimitExceeded) or (
            resumed and not isinstance(exc, ExpressionRuntimeError)):
        return error
    if block_reads_secret(run.flow, block.id, run.secret_names()):
        return FlowRuntimeError(error.kind, error.message, secure=True)
    return error


def _runtime_error(exc: Exception) -> FlowRuntimeError:
    if isinstance(exc, FlowRuntimeError):
        return exc
    if isinstance(exc, ExpressionRuntimeError):
        return FlowRuntimeError(exc.kind, str(exc.message))
    return FlowRuntimeError("ResourceNotFound", str(exc.args[0]) if exc.args else str(exc))


__all__ = ["Engine", "ModuleResolver", "ModuleReturned", "Step", "UnexpectedEventError"]
