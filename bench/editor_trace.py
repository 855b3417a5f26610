"""Where the editor's time goes while something moves: a Chromium performance trace (the
DevTools timeline categories) summarised per kind of work and per frame.

Used by `bench/bench_editor.py --trace`: the trace covers one drag or one pan, and the summary
gives
- per thread of the editor's renderer (and the display compositor), the busy time of its tasks;
- on the renderer's main thread, the time in script, style, layout, paint, layerizing and
  committing to the compositor, and garbage collection;
- off the main thread, the time spent rastering tiles (software raster, on worker threads), on
  the renderer's compositor thread, and drawing frames in the display compositor;
- how many frames the main thread produced (`BeginMainFrame`) and how many the display
  compositor actually drew: a frame whose raster is not ready is never drawn, so with heavy
  raster the page's `requestAnimationFrame` can run at 60 Hz while the screen updates far less.

Times are CPU time of the thread (the trace's `tdur`), so other work on a busy machine does not
inflate them.
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

RASTER = {"RasterTask"}
"""A tile rastered (software raster runs on the renderer's worker threads)."""
DRAW = {"Display::DrawAndSwap"}
"""A frame drawn by the display compositor (the GPU process's VizCompositorThread)."""
MAIN_FRAME = "ProxyMain::BeginMainFrame"


class TraceSummary:
    """Milliseconds of work per kind, and frames produced and drawn, read from one trace."""

    def __init__(self, trace: dict[str, Any] | list[dict[str, Any]]) -> None:
        events = trace["traceEvents"] if isinstance(trace, dict) else trace
        names = {(e["pid"], e["tid"]): e["args"]["name"] for e in events
                 if e.get("ph") == "M" and e.get("name") == "thread_name"}
        main = [key for key, name in names.items() if name == "CrRendererMain"]
        renderer_pids = {pid for pid, _tid in main}
        self.task_ms: dict[str, float] = defaultdict(float)
        self.main_ms: dict[str, float] = defaultdict(float)
        self.off_main_ms: dict[str, float] = defaultdict(float)
        self.main_frames = 0
        self.drawn_frames = 0
        by_thread: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
        for event in events:
            if event.get("ph") != "X":
                continue
            key = (event["pid"], event["tid"])
            thread = names.get(key, str(key))
            by_thread[key].append(event)
            name = event.get("name")
            if name == "RunTask" and (event["pid"] in renderer_pids or thread.startswith("Viz")):
                self.task_ms[thread] += _cpu_us(event) / 1000
            elif name == MAIN_FRAME and key in main:
                self.main_frames += 1
            elif name in DRAW:
                self.drawn_frames += 1
        for kind, wanted in MAIN_THREAD_WORK.items():
            for pid_tid in main:
                self.main_ms[kind] += _outermost_ms(by_thread[pid_tid], set(wanted))
        for key, thread_events in by_thread.items():
            if key[0] in renderer_pids and key not in main:
                self.off_main_ms["raster (worker threads)"] += _outermost_ms(thread_events, RASTER)
            if names.get(key, "").startswith("Viz"):
                self.off_main_ms["draw (display compositor)"] += _outermost_ms(thread_events, DRAW)

    def cpu_ms(self) -> float:
        """All the tasks' CPU time, and the raster the worker threads did."""
        return sum(self.task_ms.values()) + self.off_main_ms["raster (worker threads)"]

    def lines(self) -> Iterator[str]:
        for thread, ms in sorted(self.task_ms.items(), key=lambda item: -item[1]):
            yield f"    thread {thread}: {ms:.0f} ms of tasks"
        for kind, ms in sorted(self.main_ms.items(), key=lambda item: -item[1]):
            yield f"    main thread, {kind}: {ms:.0f} ms"
        for kind, ms in sorted(self.off_main_ms.items(), key=lambda item: -item[1]):
            yield f"    {kind}: {ms:.0f} ms"
        per_frame = self.cpu_ms() / self.drawn_frames if self.drawn_frames else float("nan")
        yield (f"    frames: {self.main_frames} produced by the main thread, {self.drawn_frames} "
               f"drawn; {per_frame:.1f} ms of CPU per frame drawn (all threads above)")


def _cpu_us(event: dict[str, Any]) -> float:
    """The thread's CPU time in an event (wall time when the trace has none)."""
    return float(event.get("tdur", event.get("dur", 0)))


def _outermost_ms(events: list[dict[str, Any]], wanted: set[str]) -> float:
    spans = sorted((e["ts"], e["ts"] + e.get("dur", 0), _cpu_us(e)) for e in events
                   if e.get("name") in wanted)
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
