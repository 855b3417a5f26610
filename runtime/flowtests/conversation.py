"""One session of a flow under test: the engine driven step by step against the mocked world.

Every step's state goes through the session stores' JSON round trip (`runtime.sessions.codec`)
before the next event, and the step's effects (which a host records: attached data, prompts)
through their serialiser too, so every flow test also proves that the session survives a
reload and fails wherever a live store would refuse to save it. HTTP requests, bot turns and
(unless the case scripts the result) routes and transfers are answered at once, so cases only
script what the caller does; a callback to a number no live service would take is refused with
the live service's reason, and any other callback waits for the case to script its result.

The conversation also remembers every value a secure variable held and every value typed into
a secure input, so that reports can mask them (see `masking`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from interpreter.compiler import CompiledFlow
from interpreter.engine.effects import (
    AnalyticsEvent,
    BotTurn,
    Callback,
    Collect,
    Effect,
    HttpRequest,
    Record,
    Route,
    Transfer,
)
from interpreter.engine.engine import Engine, Step
from interpreter.engine.events import CallbackResult, Event, Input, RouteResult, TransferResult
from interpreter.engine.state import decode_scope
from interpreter.host import StaticHost
from runtime.callbacks import CallbackRefused, check_number
from runtime.flowtests.errors import CaseFailure
from runtime.flowtests.masking import SecretValues
from runtime.flowtests.outputs import Output, outputs_from_effects
from runtime.flowtests.world import World
from runtime.secure_output import derived_secrets, effect_secrets
from runtime.sessions.codec import UnsavableValueError, round_trip

MAX_AUTOMATIC_ANSWERS = 1000

_WAIT_KINDS: dict[type[Effect], str] = {
    Collect: "caller", Record: "recording", Route: "route", Transfer: "transfer",
    HttpRequest: "http", BotTurn: "bot", Callback: "callback",
}
WAIT_INPUTS: dict[str, tuple[str, ...]] = {
    "caller": ("dtmf", "text", "noinput", "nomatch", "hangup"),
    "recording": ("recording", "noinput", "hangup"),
    "route": ("route_result", "agent", "hangup"),
    "transfer": ("transfer_result", "agent", "hangup"),
    "callback": ("callback_result", "hangup"),
}
WAIT_WORDS = {
    "caller": "caller input", "recording": "a recording", "route": "the route result",
    "transfer": "the transfer result", "http": "an HTTP response", "bot": "the bot",
    "callback": "the callback result", "other": "an event",
}


@dataclass(frozen=True)
class Waiting:
    """What the session waits for: a kind from WAIT_WORDS, in which block, after which effect."""

    kind: str
    block: str
    effect: Effect | None = None

    def describe(self) -> str:
        return f"waiting for {WAIT_WORDS[self.kind]} at block '{self.block}'"


Hold = Callable[[str], bool]
"""Given 'route', 'transfer' or 'callback': True when the case scripts that result itself."""


class Conversation:
    def __init__(self, flow: CompiledFlow, engine: Engine, host: StaticHost, world: World,
                 channel: str, hold: Hold, check: Callable[[], None] | None = None):
        self.flow = flow
        self.check = check
        """Called before each automatic answer; raises to stop the run (its CPU budget)."""
        self.engine = engine
        self.host = host
        self.world = world
        self.channel = channel
        self.hold = hold
        self.state: dict[str, Any] = {}
        self.outputs: list[Output] = []
        self.effects: list[Effect] = []
        self.events: list[AnalyticsEvent] = []
        self.waiting: Waiting | None = None
        self.secrets = SecretValues()
        self._secure_names: dict[tuple[str, str], frozenset[str]] = {}

    @property
    def ended(self) -> bool:
        return bool(self.state.get("status") == "ended")

    def start(self, *, system: Mapping[str, Any], variables: Mapping[str, Any],
              language: str | None, session_id: str) -> None:
        step = self.engine.start(self.flow, channel=self.channel, system=system,
                                 variables=variables, session_id=session_id,
                                 language=language, host=self.host)
        self._settle(step)

    def send(self, event: Event) -> None:
        waiting = self.waiting.effect if self.waiting is not None else None
        if isinstance(event, Input) and isinstance(waiting, Collect) and waiting.secure:
            self.secrets.add(event.value)
            if waiting.terminator:
                self.secrets.add(event.value.removesuffix(waiting.terminator))
        self._settle(self.engine.resume(self.flow, self.state, event, self.host))

    def end_wait(self, reason: str) -> None:
        """Stop the session from outside (an in-queue flow whose wait is over): it is ended
        with `reason` and runs nothing more."""
        self.state = {**self.state, "status": "ended", "end_reason": reason}
        self.waiting = None

    def variables(self) -> dict[str, Any]:
        return decode_scope(self.state.get("vars", {}))

    def status(self) -> str:
        if self.ended:
            return f"The session has ended (reason: {self.state.get('end_reason')})."
        if self.waiting is None:
            return "The session has not started."
        return f"The session is {self.waiting.describe()}."

    # -- internals ---------------------------------------------------------------------------

    def _settle(self, step: Step) -> None:
        """Take a step's results, then answer for the outside world until the caller is due."""
        for _ in range(MAX_AUTOMATIC_ANSWERS):
            self._absorb(step)
            event = self._automatic_answer()
            if event is None:
                return
            if self.check is not None:
                self.check()
            step = self.engine.resume(self.flow, self.state, event, self.host)
        raise CaseFailure(f"The flow called HTTP services, bots or routes "
                          f"{MAX_AUTOMATIC_ANSWERS} times without waiting for the caller; it "
                          f"is probably in a loop. {self.status()}")

    def _absorb(self, step: Step) -> None:
        try:
            self.state = round_trip(step.state)
            for effect in step.effects:
                round_trip(effect.to_json())
        except UnsavableValueError as exc:
            raise CaseFailure(f"{exc}; a host could not keep this session between "
                              "requests.") from None
        self.effects.extend(step.effects)
        self.events.extend(step.events)
        self.outputs.extend(outputs_from_effects(step.effects, self.channel))
        self.waiting = None if self.ended else _waiting(step.effects, self.state)
        self._remember_secrets()
        for effect in step.effects:
            for text in effect_secrets(effect):
                self.secrets.add_derived(text)

    def _remember_secrets(self) -> None:
        """The secure variables' values in the current flow and in every caller on the stack."""
        frames = [*self.state.get("stack", ()), self.state]
        for frame in frames:
            names = self._secure_variables(frame.get("flow") or {})
            if names:
                self.secrets.add_scope(decode_scope(frame.get("vars", {})), names)
        for text in derived_secrets([self.state]):
            self.secrets.add_derived(text)

    def _secure_variables(self, ref: Mapping[str, Any]) -> frozenset[str]:
        """The secure variables of the flow a saved frame belongs to: the root or a module."""
        flow_id, version = str(ref.get("id")), str(ref.get("version"))
        if (flow_id, version) not in self._secure_names:
            try:
                flow = (self.flow if flow_id == self.flow.id
                        else self.engine.modules(f"{flow_id}@{version}"))
                names = flow.flow.secure_variables
            except LookupError:
                names = frozenset()
            self._secure_names[flow_id, version] = names
        return self._secure_names[flow_id, version]

    def _automatic_answer(self) -> Event | None:
        waiting = self.waiting
        if waiting is None:
            return None
        effect = waiting.effect
        if isinstance(effect, HttpRequest):
            return self.world.http.answer(effect)
        if isinstance(effect, BotTurn):
            return self.world.bots.answer(effect)
        if isinstance(effect, Callback) and not self.hold("callback"):
            return _callback_answer(effect)
        if isinstance(effect, Route) and not self.hold("route"):
            return RouteResult("success")
        if isinstance(effect, Transfer) and not self.hold("transfer"):
            return TransferResult("success")
        return None


def _callback_answer(effect: Callback) -> CallbackResult | None:
    """A number no live service would take is refused here too, with the same reason; any
    other callback waits for the case to say what the service answers (`callback_result`),
    since only the live service knows its queues, slots and limits."""
    try:
        check_number(effect.number)
    except CallbackRefused as refused:
        return CallbackResult("failed", refused.message)
    return None


def _waiting(effects: list[Effect], state: Mapping[str, Any]) -> Waiting:
    block = str(state.get("block") or "")
    for effect in reversed(effects):
        kind = _WAIT_KINDS.get(type(effect))
        if kind is not None:
            if effect.block == block:
                return Waiting(kind, block, effect)
            break
    return Waiting("other", block)
