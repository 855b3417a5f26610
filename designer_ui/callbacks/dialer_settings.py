"""The callback dialer's settings: pace, lease, recovery, order lifetime, the priority boost and
each queue's outbound flow.

Each is a config key and an environment variable of the same name (config first); all are
listed in docs/callbacks.md and docs/security.md.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

LIMITS: dict[str, tuple[float, float, float]] = {
    # key: (default, lowest, highest)
    "CALLBACK_CALLS_PER_MINUTE": (30, 1, 6000),
    "CALLBACK_DIALER_TICK_SECONDS": (2, 0.05, 60),
    "CALLBACK_DIALER_LEASE_SECONDS": (15, 1, 600),
    "CALLBACK_RECOVER_SECONDS": (300, 0, 86_400),
    "CALLBACK_ORDER_SECONDS": (60, 1, 3600),
    "CALLBACK_PRIORITY_BOOST": (50, 0, 1000),
    "CALLBACK_CONNECTED_MAX_SECONDS": (15_000, 60, 172_800),
}


def _number(config: Mapping[str, Any], key: str) -> float:
    default, low, high = LIMITS[key]
    raw = config.get(key, os.environ.get(key))
    value = float(raw) if raw not in (None, "") else default
    if not low <= value <= high:
        raise ValueError(f"{key} is {low:g}-{high:g}")
    return value


@dataclass(frozen=True)
class DialerSettings:
    calls_per_minute: int = 30
    """Dials started in any 60 seconds, over all queues (the pace limit), spread evenly: one
    every 60/pace seconds, with a burst of about one tick's worth (`dial_pace`)."""
    tick_s: float = 2.0
    lease_s: float = 15.0
    """One dialer acts at a time; another takes over this long after the holder stops."""
    recover_s: int = 300
    """A callback `dialing` for longer than this lost its dialer: it is requeued."""
    order_s: int = 60
    """A dial order no voice worker took within this is left for recovery, never dialled late."""
    connected_max_s: int = 15_000
    """A callback `connected` for longer than this has no live call any more (a worker's
    calls end by its `max_session_s`, 4 h by default): it is completed with reason `lost`."""
    priority_boost: int = 50
    """Added to the route priority of a customer who answered a callback."""
    flows: dict[str, str] = field(default_factory=dict)
    """Queue -> the `outbound` flow run on the answered call ("*": every other queue)."""

    @classmethod
    def from_config(cls, config: Mapping[str, Any] | None = None) -> DialerSettings:
        config = config or {}
        flows = config.get("CALLBACK_FLOWS", os.environ.get("CALLBACK_FLOWS")) or {}
        if isinstance(flows, str):
            flows = json.loads(flows)
        if not isinstance(flows, Mapping):
            raise ValueError("CALLBACK_FLOWS maps queue names to outbound flow ids")
        settings = cls(calls_per_minute=int(_number(config, "CALLBACK_CALLS_PER_MINUTE")),
                       tick_s=_number(config, "CALLBACK_DIALER_TICK_SECONDS"),
                       lease_s=_number(config, "CALLBACK_DIALER_LEASE_SECONDS"),
                       recover_s=int(_number(config, "CALLBACK_RECOVER_SECONDS")),
                       order_s=int(_number(config, "CALLBACK_ORDER_SECONDS")),
                       connected_max_s=int(_number(config, "CALLBACK_CONNECTED_MAX_SECONDS")),
                       priority_boost=int(_number(config, "CALLBACK_PRIORITY_BOOST")),
                       flows={str(k): str(v) for k, v in flows.items()})
        if settings.recover_s and settings.recover_s <= settings.order_s:
            raise ValueError("CALLBACK_RECOVER_SECONDS must exceed CALLBACK_ORDER_SECONDS, or "
                             "a late order could be dialled after its callback was requeued")
        return settings

    def flow_for(self, queue: str) -> str | None:
        return self.flows.get(queue) or self.flows.get("*") or None
