"""A call waiting in a Designer queue, on its media worker, until an agent has it.

When a `route` block names a queue the flow source's desk knows (`runtime.voice.queue_desk`),
the call does not go to a SIP address: the worker enqueues it, plays looping music and runs
the queue's in-queue flow on it (`runtime.voice.in_queue`), and polls the desk every
`VOICE_QUEUE_POLL_MS` (default 1000) for the caller's position and estimated wait, which the
in-queue flow reads as `system.Queue`. The main flow keeps waiting on its `route` block and
hears one result:

- the agent accepted: the worker dials the agent's SIP address (the bridged-transfer
  mechanism, a second call on the conference bridge) with the screen pop's headers
  (`runtime.voice.screen_pop`) and keeps the call marked `with_agent`; when the agent's leg
  ends first the caller stays and the flow hears `agent_hangup` (its `after_agent` port, or
  finalize); when the caller hangs up it hears `success`; keys the agent presses reach the
  caller; while the agent holds the call the caller hears the queue music;
- the agent's phone declines (603), does not answer in `AGENT_DIAL_S` or cannot be reached,
  or, once bridged, sends no audio for `AGENT_SILENT_S` (the agent's browser closed, its
  network went): the call goes back to its queue at its original position for another agent
  (`QueueDesk.requeue`; the agent becomes not ready unless they declined), with music and
  the in-queue flow again; `failed` only when the queue no longer has it;
- the in-queue flow ended with `voicemail`, `callback` or `leave`: that result;
- the distributor gave up (maximum wait): the queue's `at_max_wait`; the route's own
  `timeout_ms` passed first: `timeout`.

Desk calls run in the worker's job pool; their answers come back on the loop and are ignored
once the wait has moved on (`generation`).
"""

from __future__ import annotations

import logging
import os
import time
import weakref
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from interpreter.engine.effects import Route
from interpreter.engine.events import Event, RouteResult
from runtime.secure_output import recorded_target
from runtime.voice.audio_files import tone, write_pcm
from runtime.voice.flows import CallFlow
from runtime.voice.invite import data_headers
from runtime.voice.queue_desk import QueueDesk, QueueStatus, QueueTicket, queue_desk_of
from runtime.voice.scheduler import Timer
from runtime.voice.screen_pop import screen_pop_headers
from runtime.voice.signalling import SECRET_MASK

if TYPE_CHECKING:
    from runtime.voice.call_session import CallSession
    from runtime.voice.in_queue import InQueueSession

log = logging.getLogger(__name__)

AGENT_DECLINED, AGENT_UNREACHABLE, AGENT_LOST = "declined", "unreachable", "lost"
"""Why a call goes back to its queue (`QueueDesk.requeue`)."""
DEFAULT_POLL_MS = 1000
POLL_MS_RANGE = (200, 10_000)
OFFERED_POLL_S = 0.2
"""How often a call polls while it is offered to an agent or is the next to be offered (one
call per queue): the agent's accept is then heard within this, so their phone rings at once
rather than at the next ordinary poll."""
AGENT_DIAL_S = 30.0
"""How long the agent's phone may take to answer before the call goes back to its queue."""
AGENT_SILENT_S = 4.0
"""A bridged agent's phone that sends no RTP this long (while its media is not on hold) is
gone: the call goes back to its queue. Phones keep sending while muted."""
DECLINED = 603
MUSIC_PROMPT = "queue-music"
"""An uploaded prompt of this name is the queue music; otherwise a soft generated tune."""


def poll_seconds() -> float:
    """`VOICE_QUEUE_POLL_MS` (200-10000, default 1000): how often a waiting call polls."""
    raw = os.environ.get("VOICE_QUEUE_POLL_MS") or str(DEFAULT_POLL_MS)
    value = int(raw)
    low, high = POLL_MS_RANGE
    if not low <= value <= high:
        raise ValueError(f"VOICE_QUEUE_POLL_MS is {low}-{high}")
    return value / 1000


class AgentLeg(Protocol):
    def end(self, code: int = 200) -> None: ...

    def received_packets(self) -> int | None:
        """RTP packets received from the agent so far; None while the agent sends none by
        agreement (media inactive or not yet up)."""
        ...


class QueuePort(Protocol):
    """What a waiting call needs of its port beyond `CallPort` (`PjCallPort` has it, with
    `start_music(path)` and `stop_music()` for the queue music)."""

    def bridge_agent(self, uri: str, headers: Mapping[str, str],
                     on_result: Callable[[bool, int], None],
                     on_leg_end: Callable[[], None],
                     on_hold: Callable[[bool], None] | None = None) -> AgentLeg | None: ...


def hold_music(folder: Path) -> Path:
    """A quiet four-note tune with pauses (8 kHz), made once per cache folder."""
    path = folder / "queue-music.wav"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        notes = (523.25, 659.25, 783.99, 659.25)
        write_pcm(path, b"".join(tone(note, 400, amplitude=0.15) + b"\x00\x00" * 800
                                 for note in notes))
    return path


class QueueWait:
    """The queue part of one call's life; idle (not `pending`) when the call is in no queue."""

    def __init__(self, session: CallSession):
        self.session = session
        self.effect: Route | None = None
        self.desk: QueueDesk | None = None
        self.ticket: QueueTicket | None = None
        self.phase = ""
        self.nested: InQueueSession | None = None
        self.in_queue: CallFlow | None = None
        self.ends_at = 0.0
        self.agent: str | None = None
        self.heard: tuple[int, float] | None = None
        """The agent leg's received packet count and when it last grew."""
        self.agent_uri = ""
        self.generation = 0
        self.poll_s = DEFAULT_POLL_MS / 1000
        self._poll_timer: Timer | None = None
        self._deadline: Timer | None = None
        self._leg: weakref.ReferenceType[Any] | None = None

    @property
    def pending(self) -> bool:
        return self.effect is not None

    @property
    def port(self) -> QueuePort:
        return cast(QueuePort, self.session.port)

    # -- entering the queue -------------------------------------------------------------------

    def start(self, effect: Route) -> bool:
        """Take a `route` to a queue; False when the source has no queues (the route then goes
        to its directory's SIP address)."""
        if effect.target_type != "queue":
            return False
        desk = queue_desk_of(self.session.services.source)
        if desk is None:
            return False
        self.desk, self.effect, self.phase = desk, effect, "enqueuing"
        self.generation += 1
        generation = self.generation
        session_id = self.session.cdr.id or self.session.invite.call_id
        environment = self.session.flow.environment

        def enqueue() -> tuple[QueueTicket, CallFlow | None] | None:
            ticket = desk.enqueue(session_id, effect.target, tuple(effect.skills),
                                  effect.priority, dict(effect.data), environment)
            if ticket is None:
                return None
            flow = (desk.in_queue_flow(ticket.in_queue_flow, environment)
                    if ticket.in_queue_flow else None)
            return ticket, flow

        self.session.scheduler.submit(enqueue, lambda result: self._enqueued(generation, result))
        return True

    def _enqueued(self, generation: int, result: object) -> None:
        if isinstance(result, tuple):
            ticket, flow = result
            if generation != self.generation or self.effect is None:
                self._mark(ticket, "gone")  # the caller left while it was being queued
                return
            self._waiting(ticket, flow)
            return
        if generation != self.generation or self.effect is None:
            return
        effect = self.effect
        if result is None:  # no voice queue of that name: the directory's address, as before
            self._reset()
            self.session.signalling.start(effect)
            return
        log.warning("voice: queueing the call in '%s' failed: %s",
                    recorded_target(effect, SECRET_MASK), result)
        self._finish(RouteResult("failed", detail=f"the queue is unavailable: {result}"))

    def _waiting(self, ticket: QueueTicket, flow: CallFlow | None) -> None:
        assert self.effect is not None
        self.ticket, self.in_queue = ticket, flow
        try:
            self.poll_s = poll_seconds()
        except ValueError as exc:  # a misconfigured worker: the route fails, loudly
            log.error("voice: %s", exc)
            self._mark(ticket, "elsewhere")
            self._finish(RouteResult("failed", detail=str(exc)))
            return
        self.ends_at = time.monotonic() + self.effect.timeout_ms / 1000
        self._wait()

    def _wait(self) -> None:
        """Music, the in-queue flow and polling, until an agent has the call (again)."""
        assert self.effect is not None and self.ticket is not None
        ticket, flow = self.ticket, self.in_queue
        self.phase = "waiting"
        self._start_music()
        scheduler = self.session.scheduler
        self._deadline = scheduler.call_later(max(self.ends_at - time.monotonic(), 0.0),
                                              self._timed_out)
        if flow is not None:
            from runtime.voice.in_queue import InQueueSession  # it builds on CallSession

            self.nested = InQueueSession(self.session.port, flow, self.session.invite,
                                         self.session.services, queue=ticket.queue,
                                         position=0, ewt_s=0, on_over=self._in_queue_over)
            self.nested.recording = self.session.recording  # its secure inputs pause it too
            self.session.cdr.metrics.setdefault("in_queue", []).append(
                {"flow": flow.compiled.id, "path": self.nested.cdr.path})
        self._poll(first=True)

    def _start_music(self) -> None:
        services = self.session.services
        music = services.source.audio_file(MUSIC_PROMPT, "en-US") or hold_music(
            services.synthesizer.cache_dir)
        start = getattr(self.session.port, "start_music", None)
        if callable(start):  # ports without music (unit-test ports) wait in silence
            start(music)

    # -- polling ------------------------------------------------------------------------------

    def _poll(self, first: bool = False) -> None:
        self._poll_timer = None
        ticket, desk = self.ticket, self.desk
        if ticket is None or desk is None or self.phase not in ("waiting", "bridged"):
            return
        generation = self.generation
        if self.phase == "bridged":
            if self._agent_gone():
                self._back_to_queue(generation, AGENT_LOST)
                return
            work: Callable[[], object] = lambda: desk.mark(ticket, "with_agent")  # noqa: E731
        else:
            work = lambda: desk.poll(ticket)  # noqa: E731
        self.session.scheduler.submit(work, lambda result: self._polled(generation, result,
                                                                        first))

    def _polled(self, generation: int, result: object, first: bool) -> None:
        if generation != self.generation or self.effect is None:
            return
        if isinstance(result, QueueStatus) and self.phase == "waiting":
            if not result.waiting:
                self._decided(result)
                return
            if self.nested is not None:
                if first:
                    self.nested.position, self.nested.ewt_s = result.position, result.ewt_s
                    self.nested.start()
                else:
                    self.nested.update(result.position, result.ewt_s)
        elif isinstance(result, Exception):
            log.warning("voice: polling the queue failed: %s", result)
            if first and self.nested is not None and self.nested.state is None:
                self.nested.start()
        next_up = isinstance(result, QueueStatus) and (
            result.state == "offered" or (result.waiting and result.position == 1))
        self._poll_timer = self.session.scheduler.call_later(
            min(self.poll_s, OFFERED_POLL_S) if next_up else self.poll_s, self._poll)

    def _decided(self, status: QueueStatus) -> None:
        if status.state == "answered" and status.agent_uri:
            self._dial(status)
        else:
            self._finish(RouteResult(status.result or "failed", detail=f"queue {status.state}"))

    # -- the agent ----------------------------------------------------------------------------

    def _dial(self, status: QueueStatus) -> None:
        assert self.effect is not None and self.ticket is not None
        self.phase, self.agent = "dialling", status.agent
        self.agent_uri = status.agent_uri or ""
        self._stop_nested()
        self._cancel_timers()
        effect = self.effect
        headers = data_headers(effect.data, {"queue": effect.target,
                                             "skills": ",".join(effect.skills),
                                             "priority": effect.priority,
                                             "interaction": self.ticket.interaction})
        headers.update(screen_pop_headers(self.ticket.interaction, effect.target, effect.data,
                                          self.session.cdr.path, self.session.invite.ani))
        generation = self.generation
        self._deadline = self.session.scheduler.call_later(
            AGENT_DIAL_S, lambda: self._agent_result(generation, False, 408))
        try:
            leg = self.port.bridge_agent(
                self.agent_uri, headers,
                on_result=lambda ok, code: self._agent_result(generation, ok, code),
                on_leg_end=lambda: self._agent_left(generation),
                on_hold=lambda held: self._agent_held(generation, held))
        except Exception as exc:
            log.warning("voice: dialling agent %s failed: %s", self.agent_uri, exc)
            self._agent_result(generation, False, 500)
            return
        self._leg = weakref.ref(leg) if leg is not None else None

    def _agent_result(self, generation: int, connected: bool, code: int) -> None:
        if generation != self.generation or self.phase != "dialling":
            return
        self._cancel_timers()
        if connected:
            self.phase = "bridged"
            self.heard = None
            self._stop_music()
            self._note("success", code)
            self._poll()
            return
        reason = AGENT_DECLINED if code == DECLINED else AGENT_UNREACHABLE
        # on the next turn of the loop: when the caller's hang-up ended the agent's leg, the
        # caller's disconnect lands first and nothing goes back to the queue
        self.session.scheduler.call_later(
            0, lambda: self._refused(generation, reason, code))

    def _refused(self, generation: int, reason: str, code: int) -> None:
        if generation != self.generation or self.phase != "dialling":
            return
        self._note("declined" if code == DECLINED else "busy" if code in (486, 600)
                   else "failed", code)
        self._back_to_queue(generation, reason, code)

    def _agent_gone(self) -> bool:
        """True when the bridged agent's phone has sent no audio for `AGENT_SILENT_S`."""
        leg = self._leg() if self._leg is not None else None
        packets = leg.received_packets() if leg is not None else None
        now = time.monotonic()
        if packets is None or self.heard is None or packets != self.heard[0]:
            self.heard = (packets if packets is not None else -1, now)
            return False
        return now - self.heard[1] >= AGENT_SILENT_S

    def _back_to_queue(self, generation: int, reason: str, code: int | None = None) -> None:
        """The agent's phone refused the call or went away: hang up its leg and wait again
        at the call's original position (the desk offers it to another agent)."""
        ticket, desk = self.ticket, self.desk
        if generation != self.generation or ticket is None or desk is None:
            return
        self._cancel_timers()
        self.phase = "requeuing"
        leg = self._leg() if self._leg is not None else None
        self._leg = None
        if leg is not None:
            leg.end()
        if reason == AGENT_LOST:
            self._note("lost", None)
        log.info("voice: the agent's phone %s (%s): the call goes back to queue %s",
                 reason, code if code is not None else "no audio", ticket.queue)
        generation = self.generation = self.generation + 1
        self.session.scheduler.submit(lambda: desk.requeue(ticket, reason),
                                      lambda result: self._requeued(generation, result))

    def _requeued(self, generation: int, result: object) -> None:
        if generation != self.generation or self.phase != "requeuing":
            return
        if result is True:
            self.agent, self.agent_uri = None, ""
            self._wait()
            return
        if isinstance(result, Exception):
            log.warning("voice: putting the call back in its queue failed: %s", result)
        self._mark(self.ticket, "elsewhere")
        self._finish(RouteResult("failed", detail="the agent's phone refused or went away"),
                     note=False)

    def _agent_held(self, generation: int, held: bool) -> None:
        """The agent put the caller on hold: the queue music until they resume."""
        if generation != self.generation or self.phase != "bridged":
            return
        log.info("voice: the agent %s the call", "holds" if held else "resumes")
        if held:
            self._start_music()
        else:
            self._stop_music()

    def _agent_left(self, generation: int) -> None:
        """The agent's leg ended while the caller is still here: back to the main flow."""
        if generation != self.generation or self.phase != "bridged":
            return
        self._mark(self.ticket, "elsewhere")
        self._finish(RouteResult("agent_hangup", agent=self.agent), note=False)

    # -- leaving the queue --------------------------------------------------------------------

    def _in_queue_over(self, exit_reason: str | None) -> None:
        self.nested = None
        if exit_reason is None or self.phase != "waiting":
            return  # any other ending keeps the caller waiting, with music
        self._mark(self.ticket, "elsewhere")
        self._finish(RouteResult(exit_reason, detail="chosen in the in-queue flow"))

    def _timed_out(self) -> None:
        self._deadline = None
        if self.phase in ("waiting", "enqueuing", "requeuing"):
            self._mark(self.ticket, "elsewhere")
            self._finish(RouteResult("timeout", detail="no agent in time"))

    def on_disconnected(self, otherwise: Event) -> Event:
        """The caller hung up: what the main flow hears (`success` when an agent had the
        call); the desk learns the call is gone."""
        if self.effect is None:
            return otherwise
        bridged = self.phase == "bridged"
        self._mark(self.ticket, "gone")
        self._stop_nested()
        self._cancel_timers()
        agent = self.agent
        self._reset()
        return RouteResult("success", agent=agent) if bridged else otherwise

    def on_dtmf(self, digit: str) -> bool:
        """Keys while waiting go to the in-queue flow; True when they were taken here."""
        if self.effect is None:
            return False
        if self.nested is not None and not self.nested.finished:
            self.nested.on_dtmf(digit)
        return True

    def _finish(self, event: RouteResult, note: bool = True) -> None:
        if note:
            self._note(event.status, None)
        self._stop_nested()
        self._stop_music()
        self._cancel_timers()
        self._reset()
        self.session.resume(event)

    def _reset(self) -> None:
        self.generation += 1
        self.effect, self.ticket, self.phase, self.nested = None, None, "", None
        self.agent, self._leg, self.in_queue, self.heard = None, None, None, None

    # -- small things -------------------------------------------------------------------------

    def _note(self, status: str, code: int | None) -> None:
        if self.effect is None:
            return
        self.session.cdr.transfers.append({
            "block": self.effect.block, "kind": "route", "uri": self.agent_uri,
            "mode": "queue", "status": status, "sip_status": code,
            "target": recorded_target(self.effect, SECRET_MASK), "agent": self.agent})

    def _mark(self, ticket: QueueTicket | None, where: str) -> None:
        desk = self.desk
        if ticket is None or desk is None:
            return
        self.session.scheduler.submit(lambda: desk.mark(ticket, where), _logged)

    def _stop_nested(self) -> None:
        nested, self.nested = self.nested, None
        if nested is not None and not nested.finished:
            nested.stop()

    def _stop_music(self) -> None:
        stop = getattr(self.session.port, "stop_music", None)
        if callable(stop):
            stop()

    def _cancel_timers(self) -> None:
        for timer in (self._poll_timer, self._deadline):
            if timer is not None:
                timer.cancel()
        self._poll_timer = self._deadline = None


def _logged(result: object) -> None:
    if isinstance(result, Exception):
        log.warning("voice: telling the queue where the call is failed: %s", result)
