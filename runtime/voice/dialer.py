"""Callbacks that really call back, on a media worker: take dial orders, place the calls, run
the queue's outbound flow on the answered ones and report every result.

The Designer's dialer loop decides what is dialled and when (pace, hours, retries) and leaves
each decision as an order in its database; a worker polls for orders (`callback_poll_ms`) while
it has free lines, takes them through the `DialDesk` named in its settings
(`callback_dial_desk`, the Designer's is `designer_ui.callbacks.voice:designer_dial_desk`), and
places each with pjsua2 `makeCall`: through Kamailio, which relays it to `callback_trunk`, or
straight to the trunk when the worker serves without Kamailio. The caller id is the From.
A worker takes an order only with a free line and two free pjsua call slots, the second kept
for the agent's leg until the callback is bridged (`free_lines`); it refuses an inbound call
that would take a slot so kept, and hands back orders that no longer fit once taken.

The answered call runs the outbound flow (`kind: outbound`) with the callback in
`system.Callback`. When the flow routes (the customer pressed 1), the attempt is recorded as
connected *before* the route starts, and the route carries the callback's attached data and a
priority boost. The results a dialer's retry policy knows:

- the SIP failure of an unanswered call: 486 busy, 408/480 no answer, 603 rejected, ... (a call
  still ringing after `callback_ring_s` is cancelled: 408 no answer);
- answered, but the flow ended without routing (no key pressed: an answering machine, or the
  customer hung up): 480 with that reason;
- connected calls are finished when their session ends (`abandoned` unless the route
  succeeded).
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol

import pjsua2 as pj

from interpreter.engine.effects import Effect, Route
from interpreter.engine.events import Event, RouteResult
from runtime.voice.call_session import CallServices, CallSession
from runtime.voice.endpoint import MAX_CALLS
from runtime.voice.flows import CallFlow, FlowSource, load_factory
from runtime.voice.invite import InviteInfo
from runtime.voice.settings import VoiceSettings
from runtime.voice.sip_call import PjCallPort, SipCall, tx_option

if TYPE_CHECKING:
    from runtime.voice.worker import MediaWorker

log = logging.getLogger(__name__)
NOT_ANSWERED = 480
"""What an answered call without a key press counts as for the retry policy."""
RING_LIMIT_CODE = 408
SLOTS_PER_CALLBACK = 2
"""A placed callback may bridge to an agent: its own pjsua call slot and one for the agent."""
OUTBOUND_HEADER = "X-Pool-Outbound"
"""Tells the pool's Kamailio to relay a worker's INVITE to this address (see kamailio.py)."""


@dataclass(frozen=True)
class DialOrder:
    callback_id: int
    attempt_id: int
    number: str
    caller_id: str
    queue: str
    environment: str = "live"
    data: dict[str, Any] = field(default_factory=dict)
    attempt: int = 1
    flow: str | None = None
    priority_boost: int = 0


class DialDesk(Protocol):
    def take(self, worker: str, limit: int) -> list[DialOrder]:
        """Up to `limit` orders, now owned by `worker` (committed before they are returned)."""
        ...

    def result(self, attempt_id: int, sip_code: int, reason: str = "") -> bool:
        ...

    def finish(self, callback_id: int, *, abandoned: bool) -> bool:
        ...

    def hand_back(self, attempt_id: int, worker: str) -> bool:
        """An order `worker` took but will not place becomes an order again, for any worker."""
        ...


def open_dial_desk(spec: str) -> DialDesk | None:
    if not spec:
        return None
    desk: DialDesk = load_factory(spec)()
    return desk


def outbound_flow(source: FlowSource, flow_id: str, environment: str) -> CallFlow | None:
    """The source's outbound flow by id (sources without `outbound_flow` have none)."""
    finder = getattr(source, "outbound_flow", None)
    return finder(flow_id, environment) if callable(finder) else None


def failure_reason(code: int, reason: str) -> str:
    named = {486: "busy", 600: "busy everywhere", 408: "no answer", 480: "no answer",
             487: "no answer", 603: "rejected", 404: "unknown number"}.get(code)
    text = reason.strip()
    return f"{named}: {text}" if named and text else (named or text or "failed")


def free_lines(capacity: int, sessions: int, calls: int, awaiting_agent: int) -> int:
    """How many callbacks a worker may place now: free session lines, and free pjsua call
    slots for each callback and its agent's leg. `calls` counts every pjsua call the worker
    still holds, hung-up ones included: a call keeps its slot until its BYE is answered (up to
    32 s when the answer is lost), so counting sessions alone would let a worker place a
    callback whose bridge then finds no slot (pjsua refuses it: 503). `awaiting_agent` counts
    the placed callbacks without an agent's leg (not yet bridged): each keeps one slot free for
    its agent, or two callbacks placed together would leave room for a third, and one of the
    three bridges would find no slot (the customer hung up just after pressing 1)."""
    reserved = calls + awaiting_agent
    return max(0, min(capacity - sessions, (MAX_CALLS - reserved) // SLOTS_PER_CALLBACK))


class OutboundCall(SipCall):
    """A callback's call to the customer: remembers how it ended before the session hears it."""

    def __init__(self, account: pj.Account, forget: Callable[[SipCall], None]):
        super().__init__(account, pj.PJSUA_INVALID_ID, forget)

    def onCallState(self, prm: Any) -> None:
        info = self.getInfo()
        session = self.session
        if info.state == pj.PJSIP_INV_STATE_DISCONNECTED and isinstance(session,
                                                                       OutboundSession):
            session.final_code = int(info.lastStatusCode)
            session.final_reason = str(info.lastReason)
        super().onCallState(prm)
        if info.state == pj.PJSIP_INV_STATE_CONFIRMED and not self.started:
            super().onCallMediaState(prm)

    def onCallMediaState(self, prm: Any) -> None:
        """Early media (a 183 with a ringback) is not the customer: the flow starts with the
        answer."""
        if self.confirmed:
            super().onCallMediaState(prm)


class OutboundSession(CallSession):
    """A call session on a placed callback: `system.Callback`, and the route it ends in is
    recorded as connected first and then carries the callback's data and priority boost."""

    def __init__(self, port: PjCallPort, flow: CallFlow, invite: InviteInfo,
                 services: CallServices, *, order: DialOrder, desk: DialDesk,
                 on_finished: Callable[[CallSession], None]):
        super().__init__(port, flow, invite, services, on_finished=on_finished)
        self.order = order
        self.desk = desk
        self.cdr.id = f"callback-{order.attempt_id}"
        self.call_port = port
        self.answered = False
        self.routed = False
        self.route_status: str | None = None
        self.final_code = 0
        self.final_reason = ""
        self.ring_limited = False

    @property
    def awaiting_agent(self) -> bool:
        """Placed, and not bridged to an agent (not yet, or no more): a pjsua call slot is
        kept for its agent's leg."""
        call = self.call_port.call
        return call is not None and not call.gone and call.peer is None

    def system_values(self) -> dict[str, Any]:
        order = self.order
        return {**super().system_values(),
                "Callback": {"id": order.callback_id, "queue": order.queue,
                             "number": order.number, "attempt": order.attempt,
                             "data": dict(order.data)}}

    def start(self) -> None:
        self.answered = True
        super().start()

    def resume(self, event: Event) -> None:
        if isinstance(event, RouteResult) and self.routed and self.route_status is None:
            self.route_status = event.status
        super().resume(event)

    def _start(self, effect: Effect) -> None:
        if not isinstance(effect, Route) or self.routed or not self.connected:
            super()._start(effect)
            return
        self.routed = True
        order = self.order
        boosted = replace(effect, priority=effect.priority + order.priority_boost,
                          data={**order.data, "callback_id": order.callback_id, **effect.data})
        self.jobs += 1

        def recorded(result: object) -> None:
            self.jobs -= 1
            if isinstance(result, Exception) or result is False:
                log.error("voice: callback %s: the connect was not recorded (%s); hanging up",
                          order.callback_id, result)
                self.hangup("flow")
            else:
                super(OutboundSession, self)._start(boosted)
            self._finish_if_done()

        self.scheduler.submit(lambda: self.desk.result(order.attempt_id, 200, "connected"),
                              recorded)


class OutboundDialer:
    """A worker's dialling side: polls for orders while it has free lines and places them."""

    def __init__(self, worker: MediaWorker, desk: DialDesk, settings: VoiceSettings):
        self.worker = worker
        self.desk = desk
        self.settings = settings
        self.name = f"voice:{settings.worker_host}:{settings.worker_sip_port(worker.index)}"
        self.poll_s = max(settings.callback_poll_ms, 100) / 1000
        self.taking = False
        self.dialling = 0
        worker.scheduler.call_later(self.poll_s, self._poll)

    def awaiting_agents(self) -> int:
        """The pjsua call slots kept for agents' legs: one per placed callback not bridged."""
        return sum(1 for session in self.worker.sessions
                   if isinstance(session, OutboundSession) and session.awaiting_agent)

    def agents_short_of_slots(self) -> bool:
        """True when the worker's pjsua calls (an incoming one just counted) and the slots kept
        for agents' legs are more than pjsua has: answering would take an agent's slot."""
        return len(self.worker.calls) + self.awaiting_agents() > MAX_CALLS

    def free(self) -> int:
        worker = self.worker
        return free_lines(worker.capacity, len(worker.sessions), len(worker.calls),
                          self.awaiting_agents())

    def _poll(self) -> None:
        worker = self.worker
        if worker.stopping:
            return
        worker.scheduler.call_later(self.poll_s, self._poll)
        free = self.free()
        if self.taking or free <= 0:
            return
        self.taking = True
        worker.scheduler.submit(lambda: self.desk.take(self.name, free), self._took)

    def _took(self, result: object) -> None:
        """Place the orders taken; an incoming call may have taken a line while the orders
        were fetched, so the lines are counted again and orders beyond them are handed back."""
        self.taking = False
        if isinstance(result, Exception):
            log.error("voice: taking callback orders failed: %s", result)
            return
        assert isinstance(result, list)
        room = 0 if self.worker.stopping else self.free()
        for order in result[:room]:
            self._place(order)
        for order in result[room:]:
            self._hand_back(order)

    def _hand_back(self, order: DialOrder) -> None:
        self._report(lambda: self.desk.hand_back(order.attempt_id, self.name))

    def _report(self, work: Callable[[], object]) -> None:
        def done(result: object) -> None:
            if isinstance(result, Exception):
                log.error("voice: a callback result was not recorded: %s", result)

        self.worker.scheduler.submit(work, done)

    def _place(self, order: DialOrder) -> None:
        worker, settings = self.worker, self.settings
        flow = outbound_flow(worker.services.source, order.flow, order.environment) \
            if order.flow else None
        if flow is None or not settings.callback_trunk:
            why = ("no callback trunk is configured" if not settings.callback_trunk else
                   f"queue '{order.queue}' has no published outbound flow '{order.flow}'")
            log.error("voice: callback %s not dialled: %s", order.callback_id, why)
            self._report(lambda: self.desk.result(order.attempt_id, 500, why))
            return
        call = OutboundCall(worker.account, worker.forget)
        worker.calls[id(call)] = call
        port = PjCallPort(call, worker._new_leg, worker.players)
        invite = InviteInfo(call_id=f"callback-{order.attempt_id}", ani=order.number,
                            dnis=order.caller_id, received_at=worker.services.wall_clock())
        session = OutboundSession(port, flow, invite, worker.services, order=order,
                                  desk=self.desk, on_finished=self._over)
        call.session = session
        worker.sessions.add(session)
        target, headers = self._address(order.number)
        param = tx_option(headers)
        if order.caller_id:
            param.txOption.localUri = f"<sip:{order.caller_id}@{settings.worker_host}>"
        try:
            call.makeCall(target, param)
        except pj.Error as exc:
            log.warning("voice: placing callback %s failed: %s", order.callback_id, exc.info())
            worker.forget(call)
            worker.sessions.discard(session)
            self._report(lambda: self.desk.result(order.attempt_id, 503, "the call could not "
                                                  "be placed"))
            return
        ringing = weakref.ref(call)  # a timer must not keep the pjsua2 call alive (sip_call.py)
        worker.scheduler.call_later(settings.callback_ring_s,
                                    lambda: self._ring_limit(ringing()))

    def _address(self, number: str) -> tuple[str, Mapping[str, str]]:
        settings = self.settings
        trunk = settings.callback_trunk.removeprefix("sip:")
        if settings.direct:
            return f"sip:{number}@{trunk}", {}
        return (f"sip:{number}@{settings.sip_host}:{settings.sip_port}",
                {OUTBOUND_HEADER: f"sip:{trunk}"})

    @staticmethod
    def _ring_limit(call: OutboundCall | None) -> None:
        if call is None:
            return
        session = call.session
        if not call.confirmed and not call.gone and isinstance(session, OutboundSession):
            session.ring_limited = True
            call.end(487)

    def _over(self, session: CallSession) -> None:
        assert isinstance(session, OutboundSession)
        self.worker.sessions.discard(session)
        order, desk = session.order, self.desk
        if session.routed:
            abandoned = session.route_status != "success"
            self._report(lambda: desk.finish(order.callback_id, abandoned=abandoned))
            return
        if session.answered:
            code, reason = NOT_ANSWERED, "answered, but no key was pressed (answering machine)"
        elif session.ring_limited:
            code, reason = RING_LIMIT_CODE, f"no answer in {self.settings.callback_ring_s:g} s"
        else:
            code, reason = session.final_code or 503, session.final_reason
        self._report(lambda: desk.result(order.attempt_id, code, failure_reason(code, reason)))
