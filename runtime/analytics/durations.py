"""Session durations kept as a histogram, so a p90 over millions of sessions is a sum of a few
hundred roll-up rows instead of a sort of every session.

Bucket bounds grow by about 15% from one second to a day; a percentile is interpolated inside
its bucket, so it is within roughly 7% of the exact value. Averages are exact (a sum and a
count are kept beside the histogram).
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping

GROWTH = 1.15


def _bounds() -> tuple[float, ...]:
    bounds = [0.5, 1.0]
    while bounds[-1] < 86400:
        bounds.append(round(bounds[-1] * GROWTH, 3))
    return tuple(bounds)


UPPER_BOUNDS = _bounds()
"""Bucket i holds durations d with UPPER_BOUNDS[i-1] <= d < UPPER_BOUNDS[i] (bucket 0: d < 0.5 s);
the last bucket, len(UPPER_BOUNDS), holds everything longer."""


def bucket_of(duration_s: float) -> int:
    return bisect.bisect_right(UPPER_BOUNDS, max(0.0, duration_s))


def bucket_range(bucket: int) -> tuple[float, float]:
    low = 0.0 if bucket == 0 else UPPER_BOUNDS[bucket - 1]
    high = UPPER_BOUNDS[bucket] if bucket < len(UPPER_BOUNDS) else low * GROWTH
    return low, high


def percentile(histogram: Mapping[int, int], fraction: float) -> float | None:
    """The `fraction` quantile (0.9 for p90) of a histogram {bucket: sessions}."""
    total = sum(histogram.values())
    if total <= 0:
        return None
    rank = fraction * total
    seen = 0.0
    for bucket in sorted(histogram):
        count = histogram[bucket]
        if count <= 0:
            continue
        if seen + count >= rank:
            low, high = bucket_range(bucket)
            inside = (rank - seen) / count
            return round(low + (high - low) * inside, 3)
        seen += count
    low, high = bucket_range(max(histogram))
    return high
