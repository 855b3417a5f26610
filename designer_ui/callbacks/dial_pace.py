"""The dialer's pace: how many dials may start now, judged only from when recent ones started.

`CALLBACK_CALLS_PER_MINUTE` is both a cap and a rhythm. The cap: no sliding minute holds more
dials than the pace. The rhythm: dials go out evenly, one every `60 / pace` seconds, as from a
token bucket refilled at the pace that holds at most `burst` dials, so a dialer with a backlog
does not order a minute's worth at once. The bucket is not kept in memory: it is worked out from
the start times of the attempts of the last minute (the database's), so a restarted dialer, or
another one taking the lease over, goes on at the same rhythm and under the same cap.

A bucket of `burst` that refills at `rate` allows a dial now exactly when, for every earlier
moment `s`, the dials started since `s` stay within `burst + rate * (now - s)`; the tightest
moments are the recent dials themselves, so those are the ones checked.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime, timedelta

WINDOW = timedelta(seconds=60)
"""The sliding minute the pace caps (and how far back the bucket is worked out)."""


def burst_for(calls_per_minute: int, tick_s: float) -> int:
    """The bucket's size: one tick's worth of dials and one more (at least two), so a tick
    that comes a little late catches up on the dial it would otherwise miss, while a backlog
    still goes out at the pace."""
    return max(2, math.ceil(calls_per_minute * tick_s / 60) + 1)


def dials_allowed(started: Iterable[datetime], now: datetime, calls_per_minute: int,
                  burst: int) -> int:
    """How many dials may start at `now`, given the start times of the dials so far (those older
    than a minute are ignored; any later than `now`, from a clock ahead of this one, count as
    started now)."""
    recent = sorted(min(moment, now) for moment in started if moment > now - WINDOW)
    rate = calls_per_minute / 60
    allowed = min(burst, calls_per_minute - len(recent))
    for index, moment in enumerate(recent):
        since = len(recent) - index  # the dials started at `moment` or later
        refilled = burst + rate * (now - moment).total_seconds()
        allowed = min(allowed, math.floor(refilled - since + 1e-9))
    return max(0, allowed)
