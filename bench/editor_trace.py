"""Where the editor's main thread goes while something moves: a Chromium performance trace
(the DevTools timeline categories) summarised per kind of work.

Used by `bench/bench_editor.py --trace`: the trace covers one drag or one pan, and the summary
gives, per thread of the editor's renderer, the busy time of its tasks and, on the main thread,
the time in script, style, layout, paint, compositing and garbage collection. Times are CPU
time of the thread (the trace's `tdur`), so other work on a busy machine does not inflate them.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from playwright.sync_api import Browser, Page

CATEGORIES = [
    "devtools.timeline",
    "disabled-by-default-devtools.timeline",
    "v8.execute",
    "blink",
    "cc",
    "gpu",
    "viz",
]

MAIN_THREAD_WORK = {
    "script": ("FunctionCall", "EvaluateScript", "TimerFire", "FireAnimationFrame"),
    "style": ("UpdateLayoutTree", "RecalculateStyles"),
    "layout": ("Layout",),
    "pre-paint": ("PrePaint",),
    "paint": ("Paint",),
    "layerize": ("Layerize", "UpdateLayer", "UpdateLayerTree"),
    "commit": ("Commit", "ProxyMain::BeginMainFrame::commit"),
    "garbage collection": ("MinorGC", "MajorGC", "V8.GC_SCAVENGER", "V8.GC_MARK_COMPACTOR"),
}
"""Trace event names of each kind of main-thread work; nested events are not double counted
because each kind is summed over its outermost events only."""


class TraceSummary:
    """Milliseconds of work per kind, read from one trace."""

    def __init__(self, trace: dict[str, Any]) -> None:
        events = trace["traceEvents"] if isinstance(trace, dict) else trace
        names = {(e["pid"], e["tid"]): e["args"]["name"] for e in events
                 if e.get("ph") == "M" and e.get("name") == "thread_name"}
        main = [key for key, name in names.items() if name == "CrRendererMain"]
        self.task_ms: dict[str, float] = defaultdict(float)
        self.main_ms: dict[str, float] = defaultdict(float)
        renderer_pids = {pid for pid, _tid in main}
        for event in events:
            if event.get("ph") != "X" or event.get("name") != "RunTask":
                continue
            key = (event["pid"], event["tid"])
            if event["pid"] in renderer_pids or names.get(key, "").startswith("Viz"):
                self.task_ms[names.get(key, str(key))] += _cpu_us(event) / 1000
        for kind, wanted in MAIN_THREAD_WORK.items():
            for pid_tid in main:
                self.main_ms[kind] += _outermost_ms(events, pid_tid, set(wanted))

    def lines(self) -> Iterator[str]:
        for thread, ms in sorted(self.task_ms.items(), key=lambda item: -item[1]):
            yield f"    thread {thread}: {ms:.0f} ms of tasks"
        for kind, ms in sorted(self.main_ms.items(), key=lambda item: -item[1]):
            yield f"    main thread, {kind}: {ms:.0f} ms"


def _cpu_us(event: dict[str, Any]) -> float:
    """The thread's CPU time in an event (wall time when the trace has none)."""
    return float(event.get("tdur", event.get("dur", 0)))


def _outermost_ms(events: list[dict[str, Any]], pid_tid: tuple[int, int], wanted: set[str]) -> float:
    spans = sorted((e["ts"], e["ts"] + e.get("dur", 0), _cpu_us(e)) for e in events
                   if e.get("ph") == "X" and (e["pid"], e["tid"]) == pid_tid and e.get("name") in wanted)
    total, reached = 0.0, float("-inf")
    for _start, end, cpu in spans:
        if end <= reached:
            continue  # nested in an event already counted
        total += cpu
        reached = end
    return total / 1000


@contextmanager
def traced(browser: Browser, page: Page, report: Callable[[TraceSummary], None]) -> Iterator[None]:
    """Trace the block's work in `page` and hand the summary to `report`."""
    browser.start_tracing(page=page, categories=CATEGORIES)
    try:
        yield
    finally:
        report(TraceSummary(json.loads(browser.stop_tracing())))
