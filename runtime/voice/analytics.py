"""Where the engine's analytics events of voice calls go.

The analytics pipeline consumes them later; until then the default sink appends them to a
JSON Lines file, one event per line with the call it belongs to. Each batch is one `write`
on a file opened for appending, so lines from many workers never interleave.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from interpreter.engine.effects import AnalyticsEvent
from runtime.voice.flows import load_factory


class AnalyticsSink(Protocol):
    def publish(self, context: dict[str, Any], events: Sequence[AnalyticsEvent]) -> None:
        """Events of one engine step, with the call's `session_id`, `call_id`, `flow`,
        `version`, `channel`, `environment` and `entry_point` (the flow source's entry point
        for the dialled number)."""
        ...

    def close(self) -> None:
        ...


class JsonlAnalyticsSink:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)

    def publish(self, context: dict[str, Any], events: Sequence[AnalyticsEvent]) -> None:
        if not events:
            return
        lines = "".join(json.dumps({**context, **event.to_json()}, default=str) + "\n"
                        for event in events)
        os.write(self._fd, lines.encode("utf-8"))

    def close(self) -> None:
        os.close(self._fd)


class NoAnalytics:
    def publish(self, context: dict[str, Any], events: Sequence[AnalyticsEvent]) -> None:
        return None

    def close(self) -> None:
        return None


def open_analytics_sink(spec: str) -> AnalyticsSink:
    """`none`, a `.jsonl` path, or `module:function` returning a sink."""
    if spec == "none":
        return NoAnalytics()
    if ":" in spec and not spec.endswith(".jsonl") and "." in spec.partition(":")[0]:
        sink: AnalyticsSink = load_factory(spec)()
        return sink
    return JsonlAnalyticsSink(spec)
