"""RTP gaps sorted by who made them: one worker alone, or many workers at once (the machine).

On a two-core machine every worker's media clock can be held up together (the cores busy:
other processes, or the pool's own workers all setting calls up at once); a gap that the
streams of several workers show over the same moment is such a stall of the machine, not
anything one call or worker did. `StallMeter` is an `RtpMeter` timed by the kernel's receive
times that also logs every gap longer than `LOGGED_GAP_MS` with the worker that sent the
stream (the RTP port span its source port lies in); `sorted_gaps` tells the two kinds apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.runtime.voice.rtp_meter import RtpMeter, StreamStats

LOGGED_GAP_MS = 40.0
OVERLAP_S = 0.02
"""Gaps of different workers that overlap by a packet's time or more are one stall."""


@dataclass(frozen=True)
class Gap:
    ended_at: float
    gap_ms: float
    worker: int
    """The sending worker: its RTP source port's span (`(port - rtp_base) // rtp_span`)."""


class StallMeter(RtpMeter):
    def __init__(self, ports: list[int], *, rtp_base: int, rtp_span: int, limit_s: float):
        self.rtp_base, self.rtp_span = rtp_base, rtp_span
        self.gaps: list[Gap] = []
        super().__init__(ports, limit_s=limit_s, kernel_time=True)

    def _packet(self, stats: StreamStats, data: bytes, now: float) -> None:  # type: ignore[override]
        if stats.last_at is not None and stats.peer is not None and len(data) >= 12 \
                and data[1] & 0x7F == 0 and (now - stats.last_at) * 1000 > LOGGED_GAP_MS:
            self.gaps.append(Gap(now, (now - stats.last_at) * 1000,
                                 (stats.peer[1] - self.rtp_base) // self.rtp_span))
        RtpMeter._packet(stats, data, now)


def sorted_gaps(gaps: list[Gap]) -> dict[str, Any]:
    """The largest gap a worker had alone, and the largest of those several workers had
    together (the machine stalled), with how many of each were over 60 ms."""
    alone: list[float] = []
    together: list[float] = []
    for gap in gaps:
        shared = any(other.worker != gap.worker and _overlap_s(gap, other) >= OVERLAP_S
                     for other in gaps)
        (together if shared else alone).append(gap.gap_ms)
    return {"alone_max_ms": round(max(alone, default=0.0), 1),
            "alone_over_60": sum(1 for value in alone if value > 60),
            "together_max_ms": round(max(together, default=0.0), 1),
            "together_over_60": sum(1 for value in together if value > 60)}


def _overlap_s(one: Gap, other: Gap) -> float:
    start = max(one.ended_at - one.gap_ms / 1000, other.ended_at - other.gap_ms / 1000)
    return min(one.ended_at, other.ended_at) - start
