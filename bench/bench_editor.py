"""Editor speed in a real browser: a 500-block flow with about 1,000 connections.

Starts the Designer (`tests/designer_ui/browser/live_server.py`) with the built editor, creates
a generated 500-block flow (2 connections per block on average), and drives Debian's Chromium
with Playwright. Figures:

- `open`: from navigation start (a fresh page load of the editor URL) until the flow is
  interactive: the editor and its visible blocks are in the page and two animation frames have
  run after them (median of a few loads);
- `drag` and `pan`, with the whole flow in view (all 500 blocks and all connections drawn; Fit
  stops at the zoom where labels stay legible, so the bench zooms out further until every block
  is inside the canvas):
  a block dragged with the mouse, then the canvas panned with the mouse, each for about two
  seconds; `requestAnimationFrame` deltas recorded in the page while it moves (median, 95th
  percentile, worst), and the main-thread time each mouse move takes (from the event until the
  page's next task: handlers, React render, and whatever drawing the browser does first). The
  instrument checks itself: a sample is refused (the bench fails) when the block or the view did
  not actually move, or when too few frames were produced while it moved;
- `auto-layout`: from the Auto-layout click until the blocks stand at their new places, and the
  longest main-thread task meanwhile (ELK runs in a Web Worker; this is what the page feels).

`--trace` also records a Chromium performance trace of the drag and of the pan and prints where
the time went (bench/editor_trace.py): on the renderer's main thread (script, style, layout,
paint, layerizing), rastering tiles on its worker threads (software raster: the cost of anything
repainted), drawing frames in the display compositor, and the CPU time per frame drawn over all
of these, which a busy machine does not inflate the way it does wall-clock frame times.

`--slowdown N` runs the page's main thread N times slower (Chromium's CPU throttling; raster
and compositing threads are not slowed): what a loaded machine does to the main thread, but
reproducibly.

Fails loudly when the editor is not built or Chromium is missing. Run: `python bench/bench_editor.py`.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import Browser, Page, sync_playwright

from bench.editor_trace import TraceSummary, traced
from tests.designer_ui.browser.live_server import CHROMIUM, CHROMIUM_ARGS, serve_designer
from tests.designer_ui.browser.pages import Api, log_in

BLOCKS = 500
COLUMNS = 25
OPEN_RUNS = 3
DRAG_STEPS = 120
MIN_FRAMES = DRAG_STEPS // 3
"""A move of DRAG_STEPS mouse steps 16 ms apart that produced fewer frames measured nothing."""
SETTLE_MS = 600
"""After zooming out, time for the tiles of the new zoom to be rastered before anything is timed."""

WAIT_INTERACTIVE = """async () => {
  const frame = () => new Promise(resolve => requestAnimationFrame(resolve));
  while (!document.querySelector('[data-testid="editor"] .react-flow__node')) await frame();
  await frame();
  await frame();
  return performance.now();
}"""

RECORD_FRAMES = """() => {
  const record = { deltas: [], work: [], running: true };
  let last = performance.now();
  const tick = (now) => {
    record.deltas.push(now - last);
    last = now;
    if (record.running) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  const channel = new MessageChannel();
  let started = [];
  channel.port1.onmessage = () => {
    const begin = started.shift();
    if (begin !== undefined) record.work.push(performance.now() - begin);
  };
  window.addEventListener('mousemove', () => {
    started.push(performance.now());
    channel.port2.postMessage(null);
  }, { capture: true });
  window.__editorBench = record;
}"""

STOP_RECORDING = "() => { window.__editorBench.running = false; return window.__editorBench; }"

WATCH_LONG_TASKS = """() => {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
  }).observe({ type: 'longtask' });
}"""

MOVED_FIRST_NODE = "([before]) => document.querySelector('.react-flow__node').style.transform !== before"
NEXT_FRAME_TIME = "() => new Promise(r => requestAnimationFrame(() => r(performance.now())))"
VIEWPORT_TRANSFORM = "() => document.querySelector('.react-flow__viewport').style.transform"
VIEWPORT_ZOOM = ("() => new DOMMatrix(getComputedStyle("
                 "document.querySelector('.react-flow__viewport')).transform).a")


def generated_flow(flow_id: str, count: int = BLOCKS) -> dict[str, Any]:
    """A flow of `count` blocks in a grid, two connections per block on average: messages (one),
    menus (four: two options, no input, no match), HTTP requests and assignments (two each)."""
    blocks: dict[str, Any] = {}

    def ahead(index: int, step: int) -> str | None:
        return f"b{index + step}" if index + step < count else None

    for index in range(count):
        block_id = f"b{index}"
        x, y = (index % COLUMNS) * 300, (index // COLUMNS) * 220
        kind = index % 5
        if kind == 1:
            block: dict[str, Any] = {
                "type": "menu", "props": {"prompts": [{"tts": f"Menu {index}: press 1."}],
                                          "options": [{"key": "1", "label": "Go on"},
                                                      {"key": "2", "label": "Skip"}]},
                "next": {"1": ahead(index, 1), "2": ahead(index, 2), "noinput": ahead(index, 3),
                         "nomatch": ahead(index, 4)}}
        elif kind == 2:
            block = {"type": "http", "props": {"url": "https://example.com/api", "method": "GET"},
                     "next": {"next": ahead(index, 1), "error": ahead(index, 5)}}
        elif kind == 3:
            block = {"type": "assign",
                     "props": {"assignments": [{"variable": "counter",
                                                "expression": f"counter + {index}"}]},
                     "next": {"next": ahead(index, 1), "error": ahead(index, 7)}}
        else:
            block = {"type": "play_message", "props": {"prompts": [{"tts": f"Message {index}."}]},
                     "next": {"next": ahead(index, 1)}}
        block["next"] = {port: target for port, target in block["next"].items() if target}
        blocks[block_id] = {**block, "label": f"Block {index}", "ui": {"x": x, "y": y}}
    return {"format": "designer-flow", "format_version": 1, "id": flow_id,
            "name": f"Generated {count} blocks", "channels": ["voice", "chat"],
            "variables": {"counter": {"type": "number", "default": 0}},
            "phases": {"self_service": "b0"}, "blocks": blocks}


def edge_count(flow: dict[str, Any]) -> int:
    return sum(len(block["next"]) for block in flow["blocks"].values())


def time_to_interactive(page: Page, flow_id: str) -> float:
    page.goto("about:blank")
    page.goto(f"/#/flows/{flow_id}")
    return float(page.evaluate(WAIT_INTERACTIVE))


ALL_BLOCKS_INSIDE = """() => {
  const pane = document.querySelector('.react-flow__pane').getBoundingClientRect();
  return [...document.querySelectorAll('.react-flow__node')].every(node => {
    const box = node.getBoundingClientRect();
    return box.left >= pane.left && box.right <= pane.right && box.top >= pane.top
      && box.bottom <= pane.bottom;
  });
}"""

WIRES_DRAWN = """() => document.querySelectorAll('.react-flow__edge').length
  + [...document.querySelectorAll('.wire-layer path')]
      .reduce((count, path) => count + (path.getAttribute('d').match(/M/g) || []).length, 0)"""
"""React Flow's edges when zoomed in, the canvas's own wire paths (one move-to each) zoomed out."""


CONTENT_OFFSET = """() => {
  const pane = document.querySelector('.react-flow__pane').getBoundingClientRect();
  const boxes = [...document.querySelectorAll('.react-flow__node')].map(n => n.getBoundingClientRect());
  const left = Math.min(...boxes.map(b => b.left)), right = Math.max(...boxes.map(b => b.right));
  const top = Math.min(...boxes.map(b => b.top)), bottom = Math.max(...boxes.map(b => b.bottom));
  return [pane.left + pane.width / 2 - (left + right) / 2, pane.top + pane.height / 2 - (top + bottom) / 2];
}"""
"""How far the blocks' centre is from the canvas's centre, in screen pixels."""


def _centre_content(page: Page) -> None:
    """Pan (with the mouse, from the empty margin Fit leaves) until the blocks are centred, so
    that zooming out with the controls (about the canvas's centre) brings them all in."""
    dx, dy = page.evaluate(CONTENT_OFFSET)
    pane = page.locator(".react-flow__pane").bounding_box()
    assert pane, "no canvas"
    x, y = pane["x"] + 12, pane["y"] + 12
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(x + dx * step / 10, y + dy * step / 10)
    page.mouse.up()
    page.wait_for_timeout(200)


def view_everything(page: Page) -> int:
    """Fit, then zoom out until every block lies inside the canvas (checked); returns the number
    of connections drawn."""
    page.locator(".react-flow__controls-fitview").click()
    page.wait_for_timeout(600)
    _centre_content(page)
    for _ in range(20):
        if page.evaluate(ALL_BLOCKS_INSIDE):
            break
        page.locator(".react-flow__controls-zoomout").click()
        page.wait_for_timeout(300)
    assert page.evaluate(ALL_BLOCKS_INSIDE), "zoomed out as far as allowed and blocks are still outside"
    shown = page.locator(".react-flow__node").count()
    assert shown >= BLOCKS, f"only {shown} of {BLOCKS} blocks are drawn with the whole flow in view"
    wires = int(page.evaluate(WIRES_DRAWN))
    assert wires > 0, "no connection drawn"
    return wires


def _move(page: Page, x: float, y: float) -> None:
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, DRAG_STEPS + 1):
        page.mouse.move(x + step * 2, y + (step % 40))
        page.wait_for_timeout(16)
    page.mouse.up()


def checked_frames(record: dict[str, list[float]], what: str) -> dict[str, list[float]]:
    frames = record["deltas"][2:]  # the first frames measure the time before the move starts
    if len(frames) < MIN_FRAMES:
        raise RuntimeError(f"{what}: only {len(frames)} frames while moving (at least {MIN_FRAMES} "
                           "expected): failed sample")
    return {"deltas": frames, "work": record["work"]}


def drag_frames(page: Page) -> dict[str, list[float]]:
    node = page.locator(".react-flow__node").nth(3)
    before = node.evaluate("element => element.style.transform")
    box = node.bounding_box()
    assert box, "no block on screen to drag"
    page.evaluate(RECORD_FRAMES)
    _move(page, box["x"] + min(10, box["width"] / 2), box["y"] + box["height"] / 2)
    record = page.evaluate(STOP_RECORDING)
    if node.evaluate("element => element.style.transform") == before:
        raise RuntimeError("drag: the block did not move: failed sample")
    return checked_frames(record, "drag")


def pan_frames(page: Page) -> dict[str, list[float]]:
    pane = page.locator(".react-flow__pane").bounding_box()
    assert pane, "no canvas"
    x, y = pane["x"] + 12, pane["y"] + 12  # inside Fit's padding: empty canvas
    target = page.evaluate("([x, y]) => document.elementFromPoint(x, y)?.className ?? ''", [x, y])
    assert "react-flow__pane" in str(target), f"pan would start on {target!r}, not on the canvas"
    before = page.evaluate(VIEWPORT_TRANSFORM)
    page.evaluate(RECORD_FRAMES)
    _move(page, x, y)
    record = page.evaluate(STOP_RECORDING)
    if page.evaluate(VIEWPORT_TRANSFORM) == before:
        raise RuntimeError("pan: the view did not move: failed sample")
    return checked_frames(record, "pan")


def layout_time(page: Page) -> tuple[float, float]:
    """Auto-layout: ms until the first block moved, and the longest main-thread task meanwhile."""
    node = page.locator(".react-flow__node").first
    before = node.evaluate("element => element.style.transform")
    page.evaluate(WATCH_LONG_TASKS)
    started = float(page.evaluate("() => performance.now()"))
    page.get_by_test_id("auto-layout").click()
    page.wait_for_function(MOVED_FIRST_NODE, arg=[before], timeout=30_000)
    finished = float(page.evaluate(NEXT_FRAME_TIME))
    longest = float(page.evaluate("() => Math.max(0, ...window.__longTasks)"))
    return finished - started, longest


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _frame_figures(name: str, frames: dict[str, list[float]]) -> dict[str, float]:
    deltas, work = frames["deltas"], frames["work"]
    return {
        f"{name}_frame_ms_median": statistics.median(deltas),
        f"{name}_frame_ms_p95": percentile(deltas, 0.95),
        f"{name}_frame_ms_worst": max(deltas),
        f"{name}_frames": float(len(deltas)),
        f"{name}_move_work_ms_median": statistics.median(work) if work else float("nan"),
        f"{name}_move_work_ms_p95": percentile(work, 0.95) if work else float("nan"),
    }


def run(trace: bool = False, slowdown: float = 1) -> dict[str, float]:
    flow = generated_flow("big-flow")
    # A key of its own for bot credentials is what production needs; this server is a bench's.
    with tempfile.TemporaryDirectory(prefix="bench-editor-") as folder, \
            serve_designer(Path(folder), BOT_CREDENTIALS_KEY_REQUIRED=False) as url, \
            sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=url, viewport={"width": 1600, "height": 1000})
        page = context.new_page()
        if slowdown > 1:
            context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
        log_in(page, "dana")
        Api(page).create_flow(flow)
        opens = [time_to_interactive(page, "big-flow") for _ in range(OPEN_RUNS)]
        page.wait_for_timeout(500)
        edges_in_view = float(view_everything(page))
        zoom = float(page.evaluate(VIEWPORT_ZOOM))
        page.wait_for_timeout(SETTLE_MS)
        with _traced_if(trace, browser, page, "drag"):
            drag = drag_frames(page)
        page.wait_for_timeout(300)
        with _traced_if(trace, browser, page, "pan"):
            pan = pan_frames(page)
        layout_ms, layout_longest_task_ms = layout_time(page)
        browser.close()
    return {
        "open_ms_median": statistics.median(opens),
        "open_ms_worst": max(opens),
        "edges": float(edge_count(flow)),
        "edges_in_view": edges_in_view,
        "zoom": zoom,
        **_frame_figures("drag", drag),
        **_frame_figures("pan", pan),
        "layout_ms": layout_ms,
        "layout_longest_task_ms": layout_longest_task_ms,
    }


def _traced_if(trace: bool, browser: Browser, page: Page,
               what: str) -> contextlib.AbstractContextManager[None]:
    if not trace:
        return contextlib.nullcontext()

    def report(summary: TraceSummary) -> None:
        print(f"  {what}, Chromium trace:")
        for line in summary.lines():
            print(line)

    return traced(browser, page, report)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trace", action="store_true", help="also trace the drag and the pan")
    parser.add_argument("--slowdown", type=float, default=1,
                        help="run the page's main thread this many times slower (Chromium's CPU "
                             "throttling: a loaded machine, reproducibly)")
    arguments = parser.parse_args()
    figures = run(arguments.trace, arguments.slowdown)
    slower = f", main thread {arguments.slowdown:g}x slower" if arguments.slowdown > 1 else ""
    print(f"editor, {BLOCKS}-block flow with {figures['edges']:.0f} connections "
          f"(Chromium headless, software rendering{slower})")
    print(f"  open until interactive: median {figures['open_ms_median']:.0f} ms, "
          f"worst {figures['open_ms_worst']:.0f} ms of {OPEN_RUNS} loads (target < 1000 ms)")
    print(f"  all {BLOCKS} blocks and {figures['edges_in_view']:.0f} connections in view "
          f"(zoom {figures['zoom']:.2f}):")
    for name in ("drag", "pan"):
        frame = {key: figures[f"{name}_{key}"] for key in (
            "frame_ms_median", "frame_ms_p95", "frame_ms_worst", "frames",
            "move_work_ms_median", "move_work_ms_p95")}
        print(f"  {name}, rAF frame time: median {frame['frame_ms_median']:.1f} ms, "
              f"p95 {frame['frame_ms_p95']:.1f} ms, worst {frame['frame_ms_worst']:.1f} ms "
              f"over {frame['frames']:.0f} frames (target p95 <= 20 ms)")
        print(f"  {name}, main-thread work per mouse move: median "
              f"{frame['move_work_ms_median']:.1f} ms, p95 {frame['move_work_ms_p95']:.1f} ms")
    print(f"  auto-layout of {BLOCKS} blocks: {figures['layout_ms']:.0f} ms until drawn, longest "
          f"main-thread task {figures['layout_longest_task_ms']:.0f} ms (ELK in a Web Worker; "
          "target: off the main thread or < 200 ms)")


if __name__ == "__main__":
    main()
