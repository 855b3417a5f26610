"""A worker's guard against answering callers who are no longer there.

Under load a worker can reach an INVITE after Kamailio has given up on it (its INVITE timer
ran out; the caller got the next worker or a 503). Answering then makes a call with nobody on
it. Kamailio stamps each INVITE it sends with `X-Pool-Dispatched` (its clock, seconds); a worker
that finds the stamp older than Kamailio's INVITE timeout (less a margin for the answer's way
back) refuses it instead. And an answer that still races the end of the caller's transaction
is caught afterwards: a call whose ACK does not come within a few seconds is hung up.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from typing import TYPE_CHECKING

from runtime.voice.scheduler import Scheduler

if TYPE_CHECKING:
    from runtime.voice.sip_call import SipCall

DISPATCHED_HEADER = "x-pool-dispatched"
ANSWER_MARGIN_S = 0.25
TOO_LATE_STATUS = 408


def dispatched_at(headers: Mapping[str, str]) -> float | None:
    for name, value in headers.items():
        if name.lower() == DISPATCHED_HEADER:
            try:
                return float(value.split(",")[0].strip())
            except ValueError:
                return None
    return None


def too_late_to_answer(headers: Mapping[str, str], now: float, invite_timeout_ms: int) -> bool:
    """True when Kamailio has (about) given up on this INVITE already."""
    sent = dispatched_at(headers)
    if sent is None:
        return False
    return now - sent > invite_timeout_ms / 1000 - ANSWER_MARGIN_S


def hang_up_unless_acknowledged(scheduler: Scheduler, call: SipCall, wait_s: float) -> None:
    """After `wait_s`, end `call` if its ACK never came. Holds the call weakly: the worker must
    be the only owner of a pjsua2 call (see `runtime.voice.sip_call`)."""
    ref = weakref.ref(call)

    def check() -> None:
        target = ref()
        if target is not None and not target.confirmed and not target.gone:
            target.end()

    scheduler.call_later(wait_s, check)
