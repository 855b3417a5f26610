"""Moving on a large canvas costs compositing, not repainting: a dragged block's wires follow it
on a drawing of their own while the wire layer with the flow's other wires stays as it was until
the drop; a pan moves the view as one layer and leaves nothing behind; auto-layout moves every
block as one edit that one undo takes back."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from playwright.sync_api import Page, expect

from tests.designer_ui.browser.flows import OWN_WIRES_ABOVE, large_menu_flow, menu_flow
from tests.designer_ui.browser.pages import WIRE_ENDS, Api, block, open_editor, press, wait_saved

LAYER_PATHS = "[data-testid=wire-layer] path"
DRAGGED_PATHS = "[data-testid=dragged-wires] path"


def _zoomed_out_editor(page: Page, document: dict[str, Any]) -> Api:
    api = Api(page)
    api.create_flow(document)
    open_editor(page, document["id"])
    expect(page.get_by_test_id("lock-held")).to_be_visible()
    canvas = page.get_by_test_id("canvas")
    for _ in range(8):
        if canvas.get_attribute("data-zoomed-out") == "true":
            break
        page.locator(".react-flow__controls-zoomout").click()
        page.wait_for_timeout(300)
    expect(canvas).to_have_attribute("data-zoomed-out", "true")
    return api


def _wires(page: Page, selector: str) -> list[list[float]]:
    return list(page.locator(selector).evaluate_all(WIRE_ENDS))


def _touching(wires: list[list[float]], box: Mapping[str, Any]) -> list[list[float]]:
    """The wires that leave a block at its right edge or enter it at its left edge."""
    def on_edge(x: float, y: float, edge: float) -> bool:
        return abs(x - edge) < 1.5 and box["y"] <= y <= box["y"] + box["height"]
    return [w for w in wires
            if on_edge(w[0], w[1], box["x"] + box["width"]) or on_edge(w[2], w[3], box["x"])]


def _layer_drawing(page: Page) -> list[str | None]:
    return [path.get_attribute("d") for path in page.locator(LAYER_PATHS).all()]


def test_dragged_block_takes_its_wires_along_and_the_wire_layer_waits_for_the_drop(
        login_as: Callable[[str], Page]) -> None:
    page = login_as("dana")
    api = _zoomed_out_editor(page, large_menu_flow("moves-drag"))
    total = len(_wires(page, LAYER_PATHS))
    assert total == 3 + OWN_WIRES_ABOVE + 9
    menu = block(page, "main_menu")
    start = menu.bounding_box()
    assert start
    # welcome -> main_menu, and main_menu's two options.
    assert len(_touching(_wires(page, LAYER_PATHS), start)) == 3
    node = page.locator('.react-flow__node[data-id="main_menu"]')
    expect(node).to_have_css("will-change", "auto")

    x, y = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 10, y + 30, steps=5)
    page.mouse.move(x + 20, y + 60, steps=5)
    page.wait_for_timeout(150)  # a drag step is drawn on the next animation frame
    # While it moves the block is a compositor layer of its own, and its three wires are drawn
    # apart, following it; the wire layer holds every other wire.
    expect(page.get_by_test_id("canvas")).to_have_class(re.compile(r"(^| )dragging-blocks( |$)"))
    expect(node).to_have_css("will-change", "transform")
    moved = menu.bounding_box()
    assert moved and moved["y"] - start["y"] > 40, (start, moved)
    dragged = _wires(page, DRAGGED_PATHS)
    assert len(dragged) == 3 and len(_touching(dragged, moved)) == 3, (dragged, moved)
    assert len(_wires(page, LAYER_PATHS)) == total - 3
    layer = _layer_drawing(page)

    page.mouse.move(x + 40, y + 120, steps=5)
    page.wait_for_timeout(150)
    further = menu.bounding_box()
    assert further and further["y"] - moved["y"] > 40, (moved, further)
    assert len(_touching(_wires(page, DRAGGED_PATHS), further)) == 3
    assert _layer_drawing(page) == layer, "the wire layer was redrawn during the drag"

    page.mouse.up()
    # On the drop the wire layer takes the wires back, drawn where the block now is.
    expect(page.locator(DRAGGED_PATHS)).to_have_count(0)
    expect(page.get_by_test_id("canvas")).to_have_class("canvas zoomed-out")
    expect(node).to_have_css("will-change", "auto")
    dropped = menu.bounding_box()
    assert dropped and abs(dropped["y"] - further["y"]) < 1 and abs(dropped["x"] - further["x"]) < 1
    assert len(_wires(page, LAYER_PATHS)) == total
    assert len(_touching(_wires(page, LAYER_PATHS), dropped)) == 3
    wait_saved(page)
    saved = api.draft("moves-drag")["blocks"]["main_menu"]["ui"]
    assert saved["y"] > 60 and saved != {"x": 360, "y": 60}, saved


def test_a_pan_moves_the_view_as_one_layer_and_leaves_nothing_behind(
        login_as: Callable[[str], Page]) -> None:
    page = login_as("dana")
    _zoomed_out_editor(page, large_menu_flow("moves-pan"))
    viewport = page.locator(".react-flow__viewport")
    expect(viewport).to_have_css("translate", "none")
    pane = page.locator(".react-flow__pane").bounding_box()
    before = block(page, "welcome").bounding_box()
    assert pane and before
    x, y = pane["x"] + 12, pane["y"] + pane["height"] - 12  # empty canvas, below the blocks
    assert "react-flow__pane" in page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).className", [x, y])
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 60, y - 40, steps=6)
    page.wait_for_timeout(100)
    # While panned with the pointer the view is a compositor layer of its own (a translation in
    # depth that changes nothing on screen).
    expect(page.get_by_test_id("canvas")).to_have_class(re.compile(r"(^| )panning( |$)"))
    expect(viewport).to_have_css("translate", "0px 0px 1px")
    during = block(page, "welcome").bounding_box()
    assert during and abs(during["x"] - before["x"] - 60) < 1.5 and abs(during["y"] - before["y"] + 40) < 1.5
    page.mouse.move(x + 100, y - 80, steps=6)
    page.mouse.up()
    expect(page.get_by_test_id("canvas")).to_have_class("canvas zoomed-out")
    expect(viewport).to_have_css("translate", "none")
    after = block(page, "welcome").bounding_box()
    assert after and abs(after["x"] - before["x"] - 100) < 1.5 and abs(after["y"] - before["y"] + 80) < 1.5


def _grid_flow(flow_id: str, count: int) -> dict[str, Any]:
    """A chain of messages scattered on a grid in reverse order: auto-layout moves every one."""
    document = menu_flow(flow_id)
    document["blocks"]["say_support"]["next"] = {"next": "c0"}
    for index in range(count):
        document["blocks"][f"c{index}"] = {
            "type": "play_message", "label": f"Step {index}",
            "ui": {"x": 3000 - (index % 8) * 300, "y": 900 + (index // 8) * 200},
            "props": {"prompts": [{"tts": f"Step {index}."}]},
            **({"next": {"next": f"c{index + 1}"}} if index + 1 < count else {})}
    return document


NODE_POSITIONS = """() => Object.fromEntries([...document.querySelectorAll('.react-flow__node')]
  .map(node => [node.getAttribute('data-id'), node.style.transform]))"""
"""Where each block is drawn (its node's transform), by block id."""

ALL_AT = f"""(wanted) => {{
  const now = ({NODE_POSITIONS})();
  return Object.keys(wanted).length === Object.keys(now).length
    && Object.entries(wanted).every(([id, transform]) => now[id] === transform);
}}"""
"""Every block drawn exactly where `wanted` says."""

NONE_AT = f"""(old) => {{
  const now = ({NODE_POSITIONS})();
  return Object.entries(old).every(([id, transform]) => now[id] !== undefined && now[id] !== transform);
}}"""
"""Every block drawn somewhere else than `old` says."""


def test_undo_after_auto_layout_puts_every_block_back(login_as: Callable[[str], Page]) -> None:
    page = login_as("dana")
    document = _grid_flow("moves-layout", 40)
    api = Api(page)
    api.create_flow(document)
    open_editor(page, "moves-layout")
    expect(page.get_by_test_id("lock-held")).to_be_visible()
    placed = {block_id: b["ui"] for block_id, b in document["blocks"].items()}
    drawn = page.evaluate(NODE_POSITIONS)
    assert set(drawn) == set(placed)

    page.get_by_test_id("auto-layout").click()
    page.wait_for_function(NONE_AT, arg=drawn, timeout=30_000)
    laid_out = page.evaluate(NODE_POSITIONS)
    wait_saved(page)
    assert all(api.draft("moves-layout")["blocks"][block_id]["ui"] != ui for block_id, ui in placed.items())

    # One undo step puts every block back where it was, on the canvas and in the saved draft.
    press(page, "Control+z")
    page.wait_for_function(ALL_AT, arg=drawn)
    wait_saved(page)
    saved = api.draft("moves-layout")["blocks"]
    assert {block_id: {"x": b["ui"]["x"], "y": b["ui"]["y"]} for block_id, b in saved.items()} == placed
    # And one redo lays them out again.
    press(page, "Control+Shift+z")
    page.wait_for_function(ALL_AT, arg=laid_out)
