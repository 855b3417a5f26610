"""One chat turn: carry out a step's effects, answering the engine until the visitor is due.

Web services, bots, callbacks (and voice-only effects) are answered on the spot and fed back
to the engine, so a turn runs until the flow waits for the visitor, waits for an agent, or
ends. The whole turn is then saved as one unit: a node that dies halfway leaves the session as
it was before the turn, and the client's retry replays it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from interpreter.compiler import CompiledFlow
from interpreter.engine.effects import (
    AnalyticsEvent,
    BotTurn,
    Callback,
    Collect,
    Disconnect,
    Effect,
    End,
    ErrorRaised,
    HttpRequest,
    Record,
    Route,
    Say,
    Transfer,
)
from interpreter.engine.engine import Engine, Step
from interpreter.engine.events import BotResponse, CallbackResult, Event, Recorded, TransferResult
from interpreter.engine.limits import MAX_DURATION, MAX_WAITS
from interpreter.host import HostServices
from runtime.chat import transcript
from runtime.effects.connectors import BotConnector, CallbackContext, CallbackService
from runtime.effects.http import HttpExecutor
from runtime.secure_output import masked_effect_json
from runtime.sessions.records import ACTIVE, ENDED, QUEUED, WITH_AGENT, Message, Timer

MAX_ANSWERS_PER_TURN = 100
LIMIT_NOTES = {
    MAX_DURATION: "The conversation was closed: it lasted longer than a conversation may.",
    MAX_WAITS: "The conversation was closed: the flow asked the same question too many times.",
}


@dataclass
class TurnOutcome:
    """Where a turn left the session: the engine state and what to record with it."""

    state: dict[str, Any]
    status: str = ACTIVE
    waiting: dict[str, Any] | None = None
    timer: Timer | None = None
    messages: list[Message] = field(default_factory=list)
    events: list[AnalyticsEvent] = field(default_factory=list)


@dataclass
class Services:
    """Everything a turn may call on: the engine and the effect executors."""

    engine: Engine
    host: HostServices
    http: HttpExecutor
    bots: BotConnector
    callbacks: CallbackService
    clock: Callable[[], float]
    typing: Callable[[], None] = lambda: None


class Turn:
    def __init__(self, services: Services, flow: CompiledFlow, step: Step, *,
                 with_agent: bool = False):
        self.services = services
        self.flow = flow
        self.step = step
        self.with_agent = with_agent
        self.outcome = TurnOutcome(step.state)
        self.states: list[dict[str, Any]] = []
        self.after_service = False

    def run(self) -> TurnOutcome:
        step = self.step
        for _ in range(MAX_ANSWERS_PER_TURN):
            self.states.append(step.state)
            self.outcome.state = step.state
            self.outcome.events.extend(step.events)
            answer: Event | None = None
            for effect in step.effects:
                answer = self._carry_out(effect) or answer
            if answer is None:
                return self._finish()
            step = self.services.engine.resume(self.flow, step.state, answer, self.services.host)
        self._add(transcript.note(
            f"The flow called services {MAX_ANSWERS_PER_TURN} times without waiting for the "
            "visitor; the conversation was closed.", self._now(), "ended", reason="loop"))
        self.outcome.status, self.outcome.waiting, self.outcome.timer = ENDED, None, None
        return self._finish()

    def _finish(self) -> TurnOutcome:
        mask = transcript.SecretMask(self.flow, self.states, self.services.engine.modules)
        self.outcome.messages = mask.apply(self.outcome.messages)
        return self.outcome

    def _now(self) -> float:
        return self.services.clock()

    def _add(self, message: Message) -> None:
        self.outcome.messages.append(message)

    def _flow_message(self, message: Message | None) -> None:
        if message is None:
            return
        if self.after_service:
            self._add(transcript.typing_message(message.ts))
            self.after_service = False
        self._add(message)

    def _carry_out(self, effect: Effect) -> Event | None:
        """Record one effect; the event answering it when the host answers at once."""
        now = self._now()
        outcome = self.outcome
        if isinstance(effect, Say):
            self._flow_message(transcript.say_message(effect, now))
        elif isinstance(effect, Collect):
            self._flow_message(transcript.prompt_message(effect, now))
            outcome.waiting, outcome.timer = transcript.visitor_wait(effect, now)
            outcome.status = ACTIVE
        elif isinstance(effect, HttpRequest):
            return self._service(lambda: self.services.http.execute(effect))
        elif isinstance(effect, BotTurn):
            return self._service(lambda: self._bot(effect))
        elif isinstance(effect, Callback):
            result = self._callback(effect)
            self._add(transcript.note(f"Callback requested ({result.status}).", now, "callback",
                                      status=result.status, detail=result.detail))
            return result
        elif isinstance(effect, Route):
            outcome.waiting, outcome.timer = transcript.agent_wait(effect, now)
            outcome.status = QUEUED
            shown = masked_effect_json(effect.to_json(), transcript.MASK)
            self._add(transcript.note(f"Waiting for an agent ({effect.target_type} "
                                      f"{shown['target']}).", now, "queued",
                                      target_type=effect.target_type, target=shown["target"],
                                      skills=shown["skills"], priority=shown["priority"],
                                      attached=shown["data"]))
        elif isinstance(effect, Transfer):
            return TransferResult("failed", "transfers are not available on chat")
        elif isinstance(effect, Record):
            return Recorded()
        elif isinstance(effect, ErrorRaised):
            self._add(transcript.note(f"Error in block '{effect.block}': {effect.message}", now,
                                      "error", block=effect.block, type=effect.type,
                                      handled=effect.handled))
        elif isinstance(effect, Disconnect):
            outcome.status, outcome.waiting, outcome.timer = ENDED, None, None
            text = LIMIT_NOTES.get(effect.reason, "The flow ended the conversation.")
            self._add(transcript.note(text, now, "disconnect", reason=effect.reason))
        elif isinstance(effect, End):
            self._end(effect, now)
        return None

    def _end(self, effect: End, now: float) -> None:
        outcome = self.outcome
        routed = effect.reason == "routed" and not self.with_agent
        outcome.status = WITH_AGENT if routed else ENDED
        outcome.waiting, outcome.timer = None, None
        text = "The conversation is now with an agent." if routed else "The conversation ended."
        self._add(transcript.note(text, now, "end", reason=effect.reason))

    def _service(self, call: Callable[[], Event]) -> Event:
        self.services.typing()
        self.after_service = True
        return call()

    def _callback(self, effect: Callback) -> CallbackResult:
        context = CallbackContext(
            environment=str(getattr(self.services.host, "environment", None) or "live"),
            channel="chat", session_id=str(self.step.state.get("session_id") or ""))
        try:
            return self.services.callbacks.register(effect, context)
        except Exception as exc:
            return CallbackResult("failed", f"the callback service failed: {exc}")

    def _bot(self, effect: BotTurn) -> BotResponse:
        try:
            return self.services.bots.turn(effect)
        except Exception as exc:
            return BotResponse(state="failed", error=f"the bot connector failed: {exc}")
