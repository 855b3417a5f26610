"""A queue's in-queue flow, run on a waiting call as a second engine session.

While a call waits in a queue, its main flow stays on the `route` block and this session runs
the queue's in-queue flow (kind `in_queue`) on the same call: its prompts, menus and
recordings use the call's port as any flow's do, and the call's keys come here. Its
`system.Queue` is brought up to date from each poll (`with_queue_status`) before the next
turn. It never hangs up the caller and writes no call record of its own: its `terminate`
only ends it, and the reason it ends with (`voicemail`, `callback`, `leave`) is what the main
flow's `route` hears (`queue_exit`); the path it took goes into the main call's record.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from interpreter.engine.effects import Disconnect, Effect, End, Route, Transfer
from interpreter.engine.events import RouteResult, TransferResult
from interpreter.engine.queue_status import queue_exit, queue_system, with_queue_status
from runtime.voice.call_port import CallPort
from runtime.voice.call_session import CallServices, CallSession
from runtime.voice.flows import CallFlow
from runtime.voice.invite import InviteInfo

log = logging.getLogger(__name__)


class InQueueSession(CallSession):
    """The in-queue flow of one waiting call; `on_over(exit)` when it has ended (exit: the
    route result it asks for, or None to keep the caller waiting)."""

    def __init__(self, port: CallPort, flow: CallFlow, invite: InviteInfo,
                 services: CallServices, *, queue: str, position: int, ewt_s: float,
                 on_over: Callable[[str | None], None]):
        super().__init__(port, flow, invite, services, on_finished=lambda _: None)
        self.queue_name = queue
        self.position = position
        self.ewt_s = ewt_s
        self.on_over = on_over
        self.exit_reason: str | None = None

    def start(self) -> None:
        system: dict[str, Any] = {"ANI": self.invite.ani, "DNIS": self.invite.dnis,
                                  "SIPCallID": self.invite.call_id,
                                  **queue_system(self.queue_name, self.position, self.ewt_s)}
        try:
            step = self.engine.start(self.flow.compiled, channel="voice", system=system,
                                     variables=dict(self.flow.variables) or None,
                                     host=self.flow.services)
        except Exception as exc:
            log.exception("voice: in-queue flow '%s' could not start", self.flow.compiled.id)
            self._fail(f"start failed: {exc}")
            return
        self.cdr.id = str(step.state.get("session_id", ""))
        self._absorb(step)

    def update(self, position: int, ewt_s: float) -> None:
        """New figures from a poll: the flow's next turn reads them."""
        self.position, self.ewt_s = position, ewt_s
        if self.state is not None and not self.engine_ended:
            self.state = with_queue_status(self.state, position=position, ewt_s=ewt_s)

    def stop(self) -> None:
        """The wait is over (an agent took the call, or the caller left): silence the flow at
        once; it runs no further turn."""
        self.player.close()
        self.inputs.cancel()
        self.actions.clear()
        self.engine_ended = True
        self.finished = True
        self.connected = False

    # -- what differs from a main flow ---------------------------------------------------------

    def hangup(self, by: str) -> None:
        """An in-queue flow never hangs up the caller (its errors end only itself)."""

    def _start(self, effect: Effect) -> None:
        if isinstance(effect, Disconnect):
            self.exit_reason = effect.reason
            return
        if isinstance(effect, End):
            self._finish_if_done()
            return
        if isinstance(effect, Transfer):
            self._soon(lambda: TransferResult("failed", detail="not from an in-queue flow"))
            return
        if isinstance(effect, Route):
            self._soon(lambda: RouteResult("failed", detail="not from an in-queue flow"))
            return
        super()._start(effect)

    def _finish_if_done(self) -> None:
        if self.finished or not self.engine_ended or self.jobs:
            return
        if self.connected and (self.actions or self.player.busy):
            return  # its last prompts are still heard first
        self.finished = True
        reason = (self.state or {}).get("end_reason") or self.exit_reason
        self.on_over(queue_exit(reason) if self.cdr.disposition != "error" else None)
