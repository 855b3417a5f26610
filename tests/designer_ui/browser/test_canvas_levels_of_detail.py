"""The canvas's levels of detail and Fit: the bank example legible at Fit on a 1440x900 screen
(labels at least 12 px on screen), wires that end at their blocks' handles at both levels of
detail (React Flow's edges zoomed in, the canvas's own wire layer zoomed out on a large flow),
and a block dragged while zoomed out taking its wires along and being saved."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.designer_ui.browser.flows import OWN_WIRES_ABOVE, large_menu_flow
from tests.designer_ui.browser.pages import WIRE_ENDS, Api, block, open_editor, wait_saved

ROOT = Path(__file__).resolve().parents[3]
LEGIBLE_PX = 12
HEADER_HEIGHT, PORT_ROW = 70, 22  # designer_ui/frontend/src/editor/model/geometry.ts

ZOOM = ("() => new DOMMatrix(getComputedStyle("
        "document.querySelector('.react-flow__viewport')).transform).a")


def _wires_from(wires: list[list[float]], box: Mapping[str, Any]) -> list[list[float]]:
    """The wires leaving a block (from its right edge), top port first."""
    right, top, bottom = box["x"] + box["width"], box["y"], box["y"] + box["height"]
    return sorted((w for w in wires if abs(w[0] - right) < 1.5 and top <= w[1] <= bottom),
                  key=lambda w: w[1])


def _wires_into(wires: list[list[float]], box: Mapping[str, Any]) -> list[list[float]]:
    """The wires entering a block (at its left edge)."""
    return [w for w in wires if abs(w[2] - box["x"]) < 1.5 and box["y"] <= w[3] <= box["y"] + box["height"]]


def _editor(page: Page, document: dict[str, Any]) -> Api:
    api = Api(page)
    api.create_flow(document)
    open_editor(page, document["id"])
    expect(page.get_by_test_id("lock-held")).to_be_visible()
    return api


def _fit(page: Page) -> None:
    page.locator(".react-flow__controls-fitview").click()
    page.wait_for_timeout(600)  # the Fit animation takes 250 ms


def _zoom_out_past_detail(page: Page) -> None:
    canvas = page.get_by_test_id("canvas")
    for _ in range(8):
        if canvas.get_attribute("data-zoomed-out") == "true":
            break
        page.locator(".react-flow__controls-zoomout").click()
        page.wait_for_timeout(300)
    expect(canvas).to_have_attribute("data-zoomed-out", "true")


def _inside(box: Mapping[str, Any], frame: Mapping[str, Any]) -> bool:
    return (box["x"] >= frame["x"] and box["y"] >= frame["y"]
            and box["x"] + box["width"] <= frame["x"] + frame["width"]
            and box["y"] + box["height"] <= frame["y"] + frame["height"])


def test_bank_example_is_legible_at_fit_on_1440x900(login_as: Callable[[str], Page],
                                                     screenshot_dir: Path) -> None:
    page = login_as("dana")
    page.set_viewport_size({"width": 1440, "height": 900})
    bank = json.loads((ROOT / "examples" / "flows" / "bank-ivr.json").read_text())
    bank["id"] = "lod-bank"
    _editor(page, bank)
    _fit(page)
    canvas = page.get_by_test_id("canvas")
    expect(canvas).to_have_attribute("data-zoomed-out", "true")
    zoom = float(page.evaluate(ZOOM))
    # Every label, drawn at the zoom Fit chose, is at least 12 px on screen: its type size and the
    # height of its first line.
    sizes = page.locator(".block-node .block-label").evaluate_all(
        "labels => labels.map(l => [parseFloat(getComputedStyle(l).fontSize),"
        " l.getBoundingClientRect().height])")
    assert len(sizes) == len(bank["blocks"]) == 56
    # (The zoom is read back rounded to six digits: 0.333333 * 36 px is 12 px.)
    assert min(font for font, _ in sizes) * zoom >= LEGIBLE_PX - 0.01, (sizes[0], zoom)
    assert min(height for _, height in sizes) >= LEGIBLE_PX, sizes
    # Too big for the canvas at that zoom, the flow is shown from its start (top left): the
    # entries of its first two phases are on the canvas.
    frame = canvas.bounding_box()
    assert frame
    for phase in ("initialize", "self_service"):
        box = block(page, bank["phases"][phase]).bounding_box()
        assert box and _inside(box, frame), (phase, box, frame)
    # Every connection is drawn (a flow this size keeps React Flow's edges zoomed out).
    connections = sum(1 for b in bank["blocks"].values() for target in (b.get("next") or {}).values()
                      if target in bank["blocks"])
    expect(page.locator(".react-flow__edge")).to_have_count(connections)
    expect(page.locator(".port-label")).to_have_count(0)
    page.screenshot(path=str(screenshot_dir / "editor-bank-ivr-fit-legible-1440x900.png"))


def _rf_wire_ends(page: Page) -> dict[str, list[float]]:
    """React Flow's edges (zoomed in): start and end of each edge path on screen, by source+port."""
    ends: dict[str, list[float]] = page.evaluate("""() => Object.fromEntries(
      [...document.querySelectorAll('.react-flow__edge')].map(edge => {
        const path = edge.querySelector('.react-flow__edge-path');
        const matrix = path.getScreenCTM();
        const a = path.getPointAtLength(0).matrixTransform(matrix);
        const b = path.getPointAtLength(path.getTotalLength()).matrixTransform(matrix);
        return [edge.getAttribute('aria-label'), [a.x, a.y, b.x, b.y]];
      }))""")
    return ends


def test_wires_end_at_their_handles_at_both_levels_of_detail(login_as: Callable[[str], Page],
                                                              screenshot_dir: Path) -> None:
    page = login_as("dana")
    page.set_viewport_size({"width": 1600, "height": 1000})  # the menu's wires all on screen
    _editor(page, large_menu_flow("lod-wires"))
    expect(page.get_by_test_id("canvas")).to_have_attribute("data-zoomed-out", "false")
    expect(page.locator('.react-flow__edge[aria-label^="main_menu "]')).to_have_count(2)
    ends = {label: end for label, end in _rf_wire_ends(page).items() if not re.match(r"m\d", label)}
    assert len(ends) == 3
    for label, (x1, y1, x2, y2) in ends.items():
        source, port, _to, target = label.split(" ")
        out = page.get_by_test_id(f"port-{source}-{port}").bounding_box()
        into = page.get_by_test_id(f"in-{target}").bounding_box()
        assert out and into
        # A wire leaves from the outer edge of its port's handle and enters at its input's.
        assert abs(x1 - (out["x"] + out["width"])) < 1.5, label
        assert abs(y1 - (out["y"] + out["height"] / 2)) < 1.5, label
        assert abs(x2 - into["x"]) < 1.5 and abs(y2 - (into["y"] + into["height"] / 2)) < 1.5, label

    _zoom_out_past_detail(page)
    zoom = float(page.evaluate(ZOOM))
    expect(page.locator(".react-flow__edge")).to_have_count(0)
    everything = page.locator(".wire-layer path").evaluate_all(WIRE_ENDS)
    assert len(everything) == 3 + OWN_WIRES_ABOVE + 9
    menu = block(page, "main_menu").bounding_box()
    assert menu
    wires = _wires_from(everything, menu)
    assert len(wires) == 2, wires
    for index, (x1, y1, x2, _y2) in enumerate(wires):
        # Zoomed out the block has no handle elements; the wire leaves its right edge at the
        # middle of the port's row, where the handle is when zoomed in.
        assert abs(x1 - (menu["x"] + menu["width"])) < 1.5
        assert abs(y1 - (menu["y"] + (HEADER_HEIGHT + index * PORT_ROW + PORT_ROW / 2) * zoom)) < 1.5
        reached = block(page, ("say_sales", "say_support")[index]).bounding_box()
        assert reached and abs(x2 - reached["x"]) < 1.5
    page.screenshot(path=str(screenshot_dir / "editor-15-wires-zoomed-out.png"))


def test_a_block_dragged_zoomed_out_takes_its_wires_along_and_is_saved(
        login_as: Callable[[str], Page]) -> None:
    page = login_as("dana")
    api = _editor(page, large_menu_flow("lod-drag"))
    _zoom_out_past_detail(page)
    zoom = float(page.evaluate(ZOOM))
    wires = page.locator(".wire-layer path")
    box = block(page, "main_menu").bounding_box()
    assert box
    before = _wires_into(wires.evaluate_all(WIRE_ENDS), box)
    assert len(before) == 1, before
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 10, y + 30, steps=5)
    page.mouse.move(x + 20, y + 60, steps=5)
    page.wait_for_timeout(150)  # drag positions are drawn on the next animation frame
    # While the block moves, the wire into it follows (before the drop reaches the document).
    now = block(page, "main_menu").bounding_box()
    assert now and now["y"] - box["y"] > 40, (box, now)
    moved = _wires_into(wires.evaluate_all(WIRE_ENDS), now)
    assert len(moved) == 1, moved
    assert abs((moved[0][3] - before[0][3]) - (now["y"] - box["y"])) < 1, (before, moved, box, now)
    assert abs((moved[0][2] - before[0][2]) - (now["x"] - box["x"])) < 1, (before, moved, box, now)
    page.mouse.up()
    wait_saved(page)
    ui = api.draft("lod-drag")["blocks"]["main_menu"]["ui"]
    assert abs(ui["y"] - (60 + (now["y"] - box["y"]) / zoom)) < 2, (ui, zoom, box, now)
    assert abs(ui["x"] - (360 + (now["x"] - box["x"]) / zoom)) < 2, (ui, zoom, box, now)
    assert re.fullmatch(r"canvas zoomed-out", page.get_by_test_id("canvas").get_attribute("class") or "")
