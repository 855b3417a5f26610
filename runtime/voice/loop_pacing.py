"""How long a media worker's loop may wait in `libHandleEvents`: briefly while it has work, long
when it is idle.

`libHandleEvents(timeout)` returns as soon as a SIP packet arrives (an INVITE, a BYE, a
Kamailio probe) or one of pjsip's own timers is due, whatever the timeout. The timeout only
bounds how late the worker's own work can start: its scheduler's timers, which the wait never
outlasts, and what nothing wakes the loop for — results of background jobs, digits and media
events that pjsua2 queues for the loop's thread (`mainThreadOnly`). So a worker with calls,
jobs under way or a shutdown in progress waits at most `poll_ms`; an idle one waits
`idle_poll_ms`, and wakes about once a second instead of fifty times. Many idle workers are how
the pool holds capacity for a burst of callers, so their wake-ups add up.
"""

from __future__ import annotations

from dataclasses import dataclass

from runtime.voice.settings import VoiceSettings


@dataclass(frozen=True, slots=True)
class LoopPacing:
    poll_ms: int
    """The longest wait while the worker has work."""
    idle_poll_ms: int
    """The longest wait while it has none (never shorter than `poll_ms`)."""

    @classmethod
    def from_settings(cls, settings: VoiceSettings) -> LoopPacing:
        poll_ms = max(settings.poll_ms, 1)
        return cls(poll_ms, max(settings.idle_poll_ms, poll_ms))

    def timeout_ms(self, *, busy: bool, next_timer_s: float | None) -> int:
        """The wait for one `libHandleEvents`: the pace for busy or idle, cut short by the
        next timer (`next_timer_s` from now; None: no timer), at least 1 ms."""
        limit = self.poll_ms if busy else self.idle_poll_ms
        if next_timer_s is None:
            return limit
        return max(1, min(limit, int(next_timer_s * 1000)))
