"""Editor speed in a real browser: opening a 500-block flow, and dragging a block on it.

Starts the Designer (`tests/designer_ui/browser/live_server.py`) with the built editor, creates
a generated 500-block flow, and drives Debian's Chromium with Playwright. Figures:

- `open`: from navigation start (a fresh page load of the editor URL) until the flow is
  interactive: the editor and its visible blocks are in the page and two animation frames have
  run after them (median of a few loads);
- `drag`: a block dragged with the mouse for about two seconds; `requestAnimationFrame` deltas
  recorded in the page while it moves (median, 95th percentile, worst), and the main-thread time
  each mouse move takes (from the event until the page's next task: handlers and React render).

Fails loudly when the editor is not built or Chromium is missing. Run: `python bench/bench_editor.py`.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import Page, sync_playwright

from tests.designer_ui.browser.live_server import CHROMIUM, CHROMIUM_ARGS, serve_designer
from tests.designer_ui.browser.pages import Api, log_in

BLOCKS = 500
COLUMNS = 25
OPEN_RUNS = 3
DRAG_STEPS = 120

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


def generated_flow(flow_id: str, count: int = BLOCKS) -> dict[str, Any]:
    """A flow of `count` blocks in a grid: chains of messages, menus and assignments."""
    blocks: dict[str, Any] = {}
    for index in range(count):
        block_id = f"b{index}"
        x, y = (index % COLUMNS) * 300, (index // COLUMNS) * 220
        following = f"b{index + 1}" if index + 1 < count else None
        kind = index % 5
        if kind == 1:
            block = {"type": "menu", "props": {"prompts": [{"tts": f"Menu {index}: press 1."}],
                                               "options": [{"key": "1", "label": "Go on"},
                                                           {"key": "2", "label": "Again"}]},
                     "next": {"1": following, "2": block_id} if following else {}}
        elif kind == 3:
            block = {"type": "assign",
                     "props": {"assignments": [{"variable": "counter",
                                                "expression": f"counter + {index}"}]},
                     "next": {"next": following} if following else {}}
        else:
            block = {"type": "play_message", "props": {"prompts": [{"tts": f"Message {index}."}]},
                     "next": {"next": following} if following else {}}
        blocks[block_id] = {**block, "label": f"Block {index}", "ui": {"x": x, "y": y}}
    return {"format": "designer-flow", "format_version": 1, "id": flow_id,
            "name": f"Generated {count} blocks", "channels": ["voice", "chat"],
            "variables": {"counter": {"type": "number", "default": 0}},
            "phases": {"self_service": "b0"}, "blocks": blocks}


def time_to_interactive(page: Page, flow_id: str) -> float:
    page.goto("about:blank")
    page.goto(f"/#/flows/{flow_id}")
    return float(page.evaluate(WAIT_INTERACTIVE))


def drag_frames(page: Page) -> dict[str, list[float]]:
    page.evaluate(RECORD_FRAMES)
    node = page.locator(".react-flow__node").nth(3)
    box = node.locator(".block-header").bounding_box()
    assert box, "no block on screen to drag"
    x, y = box["x"] + 20, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, DRAG_STEPS + 1):
        page.mouse.move(x + step * 3, y + (step % 40) * 2)
        page.wait_for_timeout(16)
    page.mouse.up()
    return page.evaluate("() => { window.__editorBench.running = false; return window.__editorBench; }")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def run() -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="bench-editor-") as folder, \
            serve_designer(Path(folder)) as url, sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=url, viewport={"width": 1600, "height": 1000})
        page = context.new_page()
        log_in(page, "dana")
        Api(page).create_flow(generated_flow("big-flow"))
        opens = [time_to_interactive(page, "big-flow") for _ in range(OPEN_RUNS)]
        page.wait_for_timeout(500)
        frames = drag_frames(page)
        browser.close()
    deltas = frames["deltas"][2:]  # the first frames measure the time before the drag starts
    work = frames["work"]
    return {
        "open_ms_median": statistics.median(opens),
        "open_ms_worst": max(opens),
        "drag_frame_ms_median": statistics.median(deltas),
        "drag_frame_ms_p95": percentile(deltas, 0.95),
        "drag_frame_ms_worst": max(deltas),
        "drag_frames": float(len(deltas)),
        "drag_move_work_ms_median": statistics.median(work) if work else float("nan"),
        "drag_move_work_ms_p95": percentile(work, 0.95) if work else float("nan"),
    }


def main() -> None:
    figures = run()
    print(f"editor, {BLOCKS}-block flow (Chromium headless, software rendering)")
    print(f"  open until interactive: median {figures['open_ms_median']:.0f} ms, "
          f"worst {figures['open_ms_worst']:.0f} ms of {OPEN_RUNS} loads (target < 1500 ms)")
    print(f"  drag, rAF frame time: median {figures['drag_frame_ms_median']:.1f} ms, "
          f"p95 {figures['drag_frame_ms_p95']:.1f} ms, worst {figures['drag_frame_ms_worst']:.1f} ms "
          f"over {figures['drag_frames']:.0f} frames (target < 16 ms of work per frame)")
    print(f"  drag, main-thread work per mouse move: median {figures['drag_move_work_ms_median']:.1f} ms, "
          f"p95 {figures['drag_move_work_ms_p95']:.1f} ms")


if __name__ == "__main__":
    main()
