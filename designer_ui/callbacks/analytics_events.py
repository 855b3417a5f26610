"""The callback service's analytics events: what happened to a callback, told to the analytics
sink after the change was committed, so the Callbacks report and analytics see the same life
cycle the database holds.

Events go out on the life-cycle channel (`runtime.analytics.callback_events`) under the
pseudo-session `callback-<id>`. Their numbers (`seq`) are fixed per step, so a replayed event
is stored once: accepted 1, scheduled when booked 2, abandoned 3, failed 4, connected 5,
dialled 100 + the attempt's number, a reschedule 1000 + the seconds since the booking.
They never carry the customer's number or the attached data.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Protocol

from designer_ui.models.callbacks import CallbackRequest
from runtime.analytics.callback_events import CALLBACK_CHANNEL
from runtime.analytics.context import AnalyticsContext
from runtime.analytics.sink import AnalyticsSink

log = logging.getLogger(__name__)
SEQ = {"callback_accepted": 1, "callback_scheduled": 2, "callback_abandoned": 3,
       "callback_failed": 4, "callback_connected": 5}
DIALED_BASE, RESCHEDULED_BASE = 100, 1000
MAX_SEQ = 2**31 - 1


class CallbackObserver(Protocol):
    """What booking and dialling tell about each committed change (see `CallbackEvents`)."""

    def accepted(self, callback: CallbackRequest) -> None: ...
    def rescheduled(self, callback: CallbackRequest) -> None: ...
    def dialed(self, callback: CallbackRequest) -> None: ...
    def connected(self, callback: CallbackRequest, sip_code: int) -> None: ...
    def failed(self, callback: CallbackRequest, sip_code: int | None) -> None: ...
    def abandoned(self, callback: CallbackRequest) -> None: ...


class CallbackEvents:
    """A `CallbackObserver` writing analytics events through a sink (it never blocks)."""

    def __init__(self, sink: AnalyticsSink, clock: Any = time.time):
        self.sink = sink
        self.clock = clock

    def _send(self, callback: CallbackRequest, event_kind: str, seq: int, **data: Any) -> None:
        try:
            context = AnalyticsContext(session_id=f"callback-{callback.id}", flow_id="",
                                       flow_version="", channel=CALLBACK_CHANNEL,
                                       environment=callback.environment or "")
            event = {"seq": min(seq, MAX_SEQ), "kind": event_kind, "block": None,
                     "ts": self.clock(),
                     "data": {"queue": callback.queue, "callback_id": callback.id, **data}}
            self.sink.record([event], context)
        except Exception:  # analytics must never undo or fail a committed change
            log.exception("callbacks: recording the analytics event %s failed", event_kind)

    def accepted(self, callback: CallbackRequest) -> None:
        self._send(callback, "callback_accepted", SEQ["callback_accepted"], kind=callback.kind,
                   origin=callback.origin)
        if callback.kind == "scheduled":
            self._send(callback, "callback_scheduled", SEQ["callback_scheduled"])

    def rescheduled(self, callback: CallbackRequest) -> None:
        created = callback.created_at.timestamp() if callback.created_at else self.clock()
        seconds = max(0, int(self.clock() - created))
        self._send(callback, "callback_scheduled", RESCHEDULED_BASE + seconds)

    def dialed(self, callback: CallbackRequest) -> None:
        attempt = int(callback.attempts_made or 0)
        self._send(callback, "callback_dialed", DIALED_BASE + attempt, attempt=attempt)

    def connected(self, callback: CallbackRequest, sip_code: int) -> None:
        self._send(callback, "callback_connected", SEQ["callback_connected"],
                   attempt=int(callback.attempts_made or 0), sip_code=sip_code)

    def failed(self, callback: CallbackRequest, sip_code: int | None) -> None:
        self._send(callback, "callback_failed", SEQ["callback_failed"], reason=callback.reason,
                   sip_code=sip_code, attempt=int(callback.attempts_made or 0))

    def abandoned(self, callback: CallbackRequest) -> None:
        self._send(callback, "callback_abandoned", SEQ["callback_abandoned"])
