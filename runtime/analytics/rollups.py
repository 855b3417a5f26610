"""The roll-up increments one written batch adds: counters per minute for the dashboard and per
block and hour for the canvas overlay.

Event-level counters (visits, ports, input outcomes, errors, milestones) are counted in the
hour of the event; session-level ones (outcomes, durations, drop-offs, time spent, milestones
reached) in the minute or hour the session started, once, when it ends. The duration histogram
is kept per hour: a p90 needs no finer time, and hours keep it a few hundred rows a month.
Only events that were really inserted are counted, so replays and duplicates never inflate a
figure.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from runtime.analytics.durations import bucket_of
from runtime.analytics.summary import EventFields, SessionSummary

EVENT_METRICS: dict[str, tuple[str, str | None]] = {
    "block_entered": ("visit", None),
    "port_taken": ("port", "port"),
    "input_outcome": ("input", "outcome"),
    "error": ("error", "type"),
    "milestone": ("milestone", "name"),
    "bot_intent": ("intent", "intent"),
    "route_result": ("route", "status"),
    "transfer_result": ("transfer", "status"),
    "hangup": ("hangup", "reason"),
}
MAX_KEY = 100

BlockKey = tuple[str, int, int, str, str, str, str]
"""(flow_id, hour, dim_id, flow_version, block, metric, key), the block roll-up's primary key."""


def minute_of(ts: float) -> int:
    return int(ts // 60)


def hour_of(ts: float) -> int:
    return int(ts // 3600)


def owner_of(module: str | None, flow_id: str, flow_version: str) -> tuple[str, str]:
    """The flow a block belongs to: the session's flow, or the module named `id@version`."""
    if not module:
        return flow_id, flow_version
    module_id, _, version = module.rpartition("@")
    return (module_id, version) if module_id else (module, "")


@dataclass
class RollupDeltas:
    session_minutes: dict[tuple[int, int], dict[str, float]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(float)))
    durations: dict[tuple[int, int, int], int] = field(default_factory=lambda: defaultdict(int))
    blocks: dict[BlockKey, list[float]] = field(default_factory=lambda: defaultdict(lambda: [0, 0.0]))

    def _block(self, key: BlockKey, count: int = 1, total: float = 0.0) -> None:
        slot = self.blocks[key]
        slot[0] += count
        slot[1] += total

    def add_event(self, event: EventFields, dim_id: int, flow_id: str, flow_version: str) -> None:
        kind = event.kind
        if kind == "session_start":
            self.session_minutes[(minute_of(event.ts), dim_id)]["started"] += 1
            self._block((flow_id, hour_of(event.ts), dim_id, flow_version, "", "started", ""))
            return
        if kind == "error":
            self.session_minutes[(minute_of(event.ts), dim_id)]["error_events"] += 1
        metric = EVENT_METRICS.get(kind)
        block = event.block
        if metric is None or not block:
            return
        name, key_field = metric
        key = ""
        if key_field is not None:
            data = event.data
            value = data.get(key_field) if data else None
            if value:
                key = str(value)[:MAX_KEY]
        module = event.module
        owner, version = owner_of(module, flow_id, flow_version) if module else (flow_id,
                                                                                 flow_version)
        slot = self.blocks[(owner, int(event.ts // 3600), dim_id, version, block, name, key)]
        slot[0] += 1

    def add_session(self, summary: SessionSummary, dim_id: int, flow_id: str,
                    flow_version: str) -> None:
        if not summary.ended:
            return
        minute, hour = minute_of(summary.started_at), hour_of(summary.started_at)
        duration = summary.duration_s or 0.0
        counters = self.session_minutes[(minute, dim_id)]
        counters["ended"] += 1
        counters[summary.outcome] += 1
        counters["duration_sum"] += duration
        self.durations[(hour, dim_id, bucket_of(duration))] += 1
        for spent in summary.times:
            owner, version = owner_of(spent.module, flow_id, flow_version)
            self._block((owner, hour, dim_id, version, spent.block, "time", ""), 1, spent.seconds)
        if summary.dropoff is not None:
            module, block = summary.dropoff
            owner, version = owner_of(module, flow_id, flow_version)
            self._block((owner, hour, dim_id, version, block, "dropoff", ""))
        for name in dict.fromkeys(summary.milestones):
            self._block((flow_id, hour, dim_id, flow_version, "", "reached", name[:MAX_KEY]))
        self._block((flow_id, hour, dim_id, flow_version, "", "outcome", summary.outcome))
