"""One call running one flow: the engine's effects carried out on a `CallPort`, in order.

The engine returns effects in the order the caller must experience them: prompts, then the
question, a transfer, a hang-up. The session keeps them in one queue and starts each when the
one before it is over: prompts play one after another, a `Collect` starts listening when its
prompts have finished (that is when its no-input timer starts), a transfer or hang-up happens
after the goodbye has been heard. Effects that do not involve the caller (HTTP requests,
milestones) are carried out at once, while prompts play. Caller input, timers, transfer results
and the hang-up come back as engine events; the engine state (plain JSON) lives here for the
length of the call, and the call detail record is written when both the call and the session
are over.

Bot turns run in the background like HTTP requests, through the flow's bot connector (with
the caller's recorded voice when the bot is a Lex bot, see `runtime.voice.bots`); a turn that
outlives its `timeout_ms` (plus a grace period) is answered with `Timeout`, so the `bot` block
takes `error` even if a connector hangs.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from interpreter.engine.effects import (
    BotTurn,
    Callback,
    Collect,
    Disconnect,
    Effect,
    End,
    PromptOut,
    Record,
    Route,
    Transfer,
)
from interpreter.engine.engine import Engine, Step
from interpreter.engine.events import BotResponse, Event, Hangup, Input, Timeout
from interpreter.engine.limits import SessionLimits
from runtime.effects.connectors import (
    CallbackContext,
    CallbackService,
    NoBotConnector,
    NoCallbackService,
)
from runtime.turn_budget import turn_budget_from_env
from runtime.voice.analytics import AnalyticsSink
from runtime.voice.asr.selection import AsrSelector
from runtime.voice.bots import BotAnswer, VoiceBots
from runtime.voice.call_inputs import InputHandler
from runtime.voice.call_port import CallPort
from runtime.voice.call_recording import CallRecording
from runtime.voice.cdr import CallDetailRecord, CdrStore
from runtime.voice.flows import CallFlow, FlowSource
from runtime.voice.invite import InviteInfo
from runtime.voice.prompt_player import PromptPlayer, QueuedPrompt
from runtime.voice.queue_call import QueueWait
from runtime.voice.scheduler import Scheduler, Timer
from runtime.voice.signalling import Signalling
from runtime.voice.speech import SpeechRecognizer
from runtime.voice.tts import Synthesizer

log = logging.getLogger(__name__)
FINALIZE_LIMIT_S = 60.0
BOT_TURN_LIMIT_S = 120.0
"""The longest a bot turn may take when its block sets no `timeout_ms`: the longest budget a
registry entry may give (the connector's own budget, 8 s by default, normally ends it first)."""
BOT_GRACE_S = 2.0
WAITS_FOR_CALLER = (Collect, Record, Transfer, Route)


@dataclass
class CallServices:
    """What every call of a worker shares."""

    scheduler: Scheduler
    synthesizer: Synthesizer
    source: FlowSource
    cdrs: CdrStore
    analytics: AnalyticsSink
    recordings_dir: Path
    beep: Path
    recognizer: SpeechRecognizer | None = None
    asr: AsrSelector | None = None
    """Which recogniser hears a collect's language (`runtime.voice.call_speech`); None:
    `recognizer` hears every language."""
    worker: int = 0
    bot_audio_rate: int = 8000
    wall_clock: Callable[[], float] = time.time
    limits: SessionLimits = field(default_factory=SessionLimits)
    callbacks: CallbackService = field(default_factory=NoCallbackService)
    record_calls: bool = False
    """Record every call's caller audio (`runtime.voice.call_recording`)."""


@dataclass(eq=False)
class QueuedEffect:
    """A queued effect that waits its turn behind the prompts before it."""

    effect: Effect
    secure_mark: bool = False
    """Not the effect itself but a mark before a secure `Collect`'s prompts: when the queue
    gets here the call's recording goes silent (`runtime.voice.call_recording`)."""


class CallSession:
    def __init__(self, port: CallPort, flow: CallFlow, invite: InviteInfo,
                 services: CallServices, *, on_finished: Callable[[CallSession], None]):
        self.port = port
        self.flow = flow
        self.invite = invite
        self.services = services
        self.scheduler = services.scheduler
        self.on_finished = on_finished
        self.engine = Engine(modules=flow.modules, limits=services.limits,
                             budget=turn_budget_from_env())
        self.state: dict[str, Any] | None = None
        self.actions: deque[QueuedPrompt | QueuedEffect] = deque()
        self.player = PromptPlayer(port, services.scheduler, services.synthesizer,
                                   on_idle=self._pump, on_started=self._prompt_started)
        self.inputs = InputHandler(self)
        self.recording = CallRecording(port, services.scheduler.clock)
        self.signalling = Signalling(self)
        self.queue = QueueWait(self)
        self.connected = True
        self.engine_ended = False
        self.finished = False
        self.generation = 0
        self.jobs = 0
        self._finalize_timer: Timer | None = None
        self._input_at: float | None = None
        self._answered_at = self.scheduler.clock()
        self.cdr = CallDetailRecord(
            id="", sip_call_id=invite.call_id, ani=invite.ani, dnis=invite.dnis,
            worker=services.worker,
            started_at=invite.received_at if invite.received_at is not None
            else services.wall_clock(),
            flow_id=flow.compiled.id, flow_version=flow.compiled.version,
            environment=flow.environment)
        self.cdr.metrics = {"dtmf_to_prompt_ms": []}

    # -- the call's life -----------------------------------------------------------------------

    def start(self) -> None:
        """The call is answered and its media is up: run the flow until it waits."""
        self.cdr.answered_at = self.services.wall_clock()
        self._answered_at = self.scheduler.clock()
        if self.services.record_calls:
            self.recording.start(self.services.recordings_dir)
        try:
            step = self.engine.start(self.flow.compiled, channel="voice",
                                     system=self.system_values(),
                                     variables=dict(self.flow.variables) or None,
                                     host=self.flow.services)
        except Exception as exc:
            log.exception("voice: flow '%s' could not start", self.flow.compiled.id)
            self._fail(f"start failed: {exc}")
            return
        self.cdr.id = str(step.state.get("session_id", ""))
        self._absorb(step)

    def system_values(self) -> dict[str, Any]:
        """The flow's `system` values at the start (hosts of other call kinds add theirs)."""
        return {"ANI": self.invite.ani, "DNIS": self.invite.dnis,
                "SIPCallID": self.invite.call_id, "SIPHeaders": dict(self.invite.headers)}

    def on_disconnected(self) -> None:
        """The call is gone (caller hung up, transfer done, network): finalize runs."""
        if not self.connected:
            return
        self.connected = False
        self.player.close()
        self.inputs.cancel()
        self.signalling.cancel()
        self.actions.clear()
        recorded = self.recording.stop()
        if recorded is not None:
            self.cdr.recordings.append(recorded)
        if self.cdr.ended_at is None:
            self.cdr.ended_at = self.services.wall_clock()
        if not self.cdr.ended_by:
            self.cdr.ended_by = "caller"
        heard = self.queue.on_disconnected(Hangup("caller"))
        if not self.engine_ended and self.state is not None \
                and self.state.get("phase") != "finalize" and not self.state.get("disconnected"):
            self.resume(heard)
        elif self.state is None and not self.engine_ended:
            self.engine_ended = True
        self._finalize_timer = self.scheduler.call_later(FINALIZE_LIMIT_S, self._give_up)
        self._finish_if_done()

    def hangup(self, by: str) -> None:
        if self.connected:
            self.cdr.ended_by = self.cdr.ended_by or by
            self.port.hangup()

    # -- the engine ----------------------------------------------------------------------------

    def resume(self, event: Event) -> None:
        if self.engine_ended or self.state is None or self.finished:
            return
        self.generation += 1
        try:
            step = self.engine.resume(self.flow.compiled, self.state, event,
                                      host=self.flow.services)
        except Exception as exc:
            log.exception("voice: flow '%s' failed on %s", self.flow.compiled.id, event.kind)
            self._fail(f"{event.kind} failed: {exc}")
            return
        self._absorb(step)

    def answer_input(self, event: Input) -> None:
        """Caller input for a `Collect`; a key press starts the key→next prompt latency
        (`dtmf_to_prompt_ms`). No-input and no-match re-prompts are the flow's timers, not
        the caller waiting for an answer, so they are not counted."""
        self._input_at = self.scheduler.clock() if event.type == "dtmf" else None
        self.resume(event)

    def _absorb(self, step: Step) -> None:
        self.state = step.state
        self._observe(step)
        for effect in step.effects:
            self._take(effect)
        if step.ended:
            self.engine_ended = True
            self.cdr.disposition = str(step.state.get("end_reason") or "completed")
        self._pump()
        self._finish_if_done()

    def _observe(self, step: Step) -> None:
        context = {"session_id": self.cdr.id, "call_id": self.invite.call_id,
                   "flow": self.flow.compiled.id, "version": self.flow.compiled.version,
                   "channel": "voice", "environment": self.flow.environment,
                   "entry_point": self.flow.entry_point}
        try:
            self.services.analytics.publish(context, step.events)
        except OSError:
            log.exception("voice: analytics events could not be written")
        for event in step.events:
            if event.kind == "block_entered" and event.block and not (event.data or {}).get(
                    "module"):
                self.cdr.path.append(event.block)
            elif event.kind == "milestone" and event.data:
                self.cdr.milestones.append(str(event.data.get("name", event.block)))

    def _take(self, effect: Effect) -> None:
        kind = effect.kind
        if kind == "say":
            self._queue_prompts(effect.prompts, effect.bargein, effect.language)  # type: ignore[attr-defined]
        elif kind == "collect":
            assert isinstance(effect, Collect)
            if effect.secure and self.recording.recording:
                self.actions.append(QueuedEffect(effect, secure_mark=True))
            self._queue_prompts(effect.prompts, effect.bargein, effect.language)
            self.actions.append(QueuedEffect(effect))
        elif kind == "record":
            assert isinstance(effect, Record)
            self._queue_prompts(effect.prompts, False, effect.language)
            if effect.beep:
                self._queue_audio(self.services.beep)
            self.actions.append(QueuedEffect(effect))
        elif kind in ("transfer", "route", "disconnect", "end"):
            self.actions.append(QueuedEffect(effect))
        elif kind == "http":
            self._background(lambda: self.flow.http(effect))  # type: ignore[arg-type]
        elif kind == "bot":
            assert isinstance(effect, BotTurn)
            self._bot_turn(effect)
        elif kind == "callback":
            assert isinstance(effect, Callback)
            context = CallbackContext(environment=self.flow.environment or "live",
                                      channel="voice", session_id=self.cdr.id)
            self._background(lambda: self.services.callbacks.register(effect, context))
        elif kind == "error":
            log.info("voice: flow error in %s: %s", effect.block, effect.to_json())

    def _background(self, work: Callable[[], Event]) -> None:
        """Run a request off the loop; its answer resumes the engine unless it moved on."""
        generation = self.generation
        self.jobs += 1

        def done(result: object) -> None:
            self.jobs -= 1
            if isinstance(result, Event) and generation == self.generation:
                self.resume(result)
            elif isinstance(result, Exception):
                log.error("voice: request failed: %s", result)
            self._finish_if_done()

        self.scheduler.submit(work, done)

    def _bot_turn(self, effect: BotTurn) -> None:
        """One turn to the flow's bot, off the loop; spoken turns carry the caller's audio."""
        utterance = self.inputs.take_utterance(effect.block)
        connector = self.flow.bots
        if connector is None:
            self._soon(lambda: NoBotConnector().turn(effect))
            return
        bots = VoiceBots(connector, audio_rate=self.services.bot_audio_rate)
        entry: dict[str, Any] = {"block": effect.block, "bot": effect.bot, "turn": effect.turn}
        if utterance is not None:
            entry["audio_ms"] = utterance.duration_ms
        self.cdr.metrics.setdefault("bot_turns", []).append(entry)
        generation = self.generation
        started = self.scheduler.clock()
        limit_s = (effect.timeout_ms / 1000 if effect.timeout_ms else BOT_TURN_LIMIT_S)
        self.jobs += 1

        def late() -> None:
            if generation == self.generation and not self.engine_ended:
                entry.update(state="timeout", latency_ms=round(limit_s * 1000 + BOT_GRACE_S
                                                               * 1000))
                self.resume(Timeout("bot"))

        timer = self.scheduler.call_later(limit_s + BOT_GRACE_S, late)

        def done(result: object) -> None:
            self.jobs -= 1
            timer.cancel()
            if not isinstance(result, BotAnswer):  # VoiceBots does not raise; just in case
                result = BotAnswer(BotResponse(state="failed", error=f"the bot connector "
                                                                     f"failed: {result}"), "none")
            response = result.response
            if "latency_ms" not in entry:
                entry.update(sent=result.sent, state=response.state, intent=response.intent,
                             latency_ms=round((self.scheduler.clock() - started) * 1000, 1))
                if response.error:
                    entry["error"] = response.error
            if generation == self.generation:
                self.resume(response)
            self._finish_if_done()

        self.scheduler.submit(lambda: bots.turn(effect, utterance), done)

    def _soon(self, answer: Callable[[], Event]) -> None:
        generation = self.generation
        self.scheduler.call_soon(lambda: self.resume(answer()) if generation == self.generation
                                 else None)

    # -- the queue -----------------------------------------------------------------------------

    def _queue_prompts(self, prompts: tuple[PromptOut, ...], bargein: bool, language: str) -> None:
        if not self.connected:
            return
        for prompt in prompts:
            audio = None
            if prompt.audio:
                audio = self.services.source.audio_file(prompt.audio, language)
                if audio is None and not prompt.text:
                    log.warning("voice: no audio file for prompt '%s'", prompt.audio)
                    continue
            if audio is None and not (prompt.text or "").strip():
                continue
            queued = QueuedPrompt(prompt.text if audio is None else None, audio, language,
                                  bargein, secure=prompt.secure,
                                  version=prompt.announcement_version)
            self.player.prepare(queued)
            self.actions.append(queued)

    def _queue_audio(self, path: Path) -> None:
        queued = QueuedPrompt(None, path, "", False)
        self.player.prepare(queued)
        self.actions.append(queued)

    def _pump(self) -> None:
        """Start the next queued thing if nothing is in progress."""
        while not self.finished and not self.player.busy and not self.inputs.active \
                and not self.signalling.pending and not self.queue.pending and self.actions:
            action = self.actions.popleft()
            if isinstance(action, QueuedPrompt):
                if self.connected:
                    self.player.play(action)
                continue
            if action.secure_mark:
                self.recording.pause(action.effect.block)
                continue
            self._start(action.effect)

    def _start(self, effect: Effect) -> None:
        if isinstance(effect, End):
            if self.connected and not self.signalling.bridged:
                self.hangup("flow")
            return
        if isinstance(effect, Disconnect):
            self.hangup("flow")
            return
        if not self.connected:
            if isinstance(effect, WAITS_FOR_CALLER):
                log.warning("voice: flow waits for the caller after hang-up (%s)", effect.block)
                self._give_up()
            return
        if isinstance(effect, Collect):
            self.inputs.start_collect(effect)
        elif isinstance(effect, Record):
            self.inputs.start_record(effect)
        elif isinstance(effect, Route) and self.queue.start(effect):
            return
        elif isinstance(effect, Transfer | Route):
            self.signalling.start(effect)

    def collect_ahead(self) -> bool:
        """True when the next thing after the queued prompts is a `Collect` (barge-in target)."""
        for action in self.actions:
            if isinstance(action, QueuedPrompt) or action.secure_mark:
                continue
            return isinstance(action.effect, Collect)
        return False

    def barge_in(self) -> Collect | None:
        """Stop the prompts and skip to the `Collect` they lead to; that collect."""
        self.player.stop()
        while self.actions:
            action = self.actions.popleft()
            if isinstance(action, QueuedEffect) and not action.secure_mark:
                assert isinstance(action.effect, Collect)
                return action.effect
        return None

    def on_dtmf(self, digit: str) -> None:
        if self.connected and not self.finished and not self.queue.on_dtmf(digit):
            self.inputs.on_dtmf(digit)

    def _prompt_started(self, prompt: QueuedPrompt) -> None:
        now = self.scheduler.clock()
        metrics = self.cdr.metrics
        if "answer_to_audio_ms" not in metrics:
            metrics["answer_to_audio_ms"] = round((now - self._answered_at) * 1000, 1)
        if self._input_at is not None:
            metrics["dtmf_to_prompt_ms"].append(round((now - self._input_at) * 1000, 1))
            self._input_at = None

    # -- the end -------------------------------------------------------------------------------

    def _fail(self, reason: str) -> None:
        self.cdr.disposition = "error"
        self.cdr.metrics["error"] = reason
        self.engine_ended = True
        self.hangup("error")
        self._finish_if_done()

    def _give_up(self) -> None:
        if not self.finished:
            if not self.engine_ended:
                self.cdr.disposition = self.cdr.disposition or "abandoned"
            self.engine_ended = True
            self.jobs = 0
            self.hangup("flow")
            self._finish_if_done()

    def _finish_if_done(self) -> None:
        if self.finished or self.connected or not self.engine_ended or self.jobs:
            return
        self.finished = True
        if self._finalize_timer is not None:
            self._finalize_timer.cancel()
        if self.cdr.ended_at is None:
            self.cdr.ended_at = self.services.wall_clock()
        record = self.cdr
        self.scheduler.submit(lambda: self.services.cdrs.save(record), _logged_failure)
        self.on_finished(self)


def _logged_failure(result: object) -> None:
    if isinstance(result, Exception):
        log.error("voice: call record not saved: %s", result)
