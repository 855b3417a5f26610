"""The property panel and the canvas for business users: fields in the block type's order, a
resizable panel, schedule pickers, blocks that say what they do, semantic zoom, ports-aware
auto-layout, dropping wires on a block, finding a block, a one-row toolbar."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.designer_ui.browser.flows import _document, menu_flow
from tests.designer_ui.browser.pages import Api, block, field, open_editor, press, select_block, wait_saved

ROOT = Path(__file__).resolve().parents[3]


def _editor(page: Page, document: dict[str, Any]) -> Api:
    api = Api(page)
    api.create_flow(document)
    open_editor(page, document["id"])
    expect(page.get_by_test_id("lock-held")).to_be_visible()
    return api


def test_fields_follow_the_block_types_order_and_labels(login_as: Callable[[str], Page],
                                                         screenshot_dir: Path) -> None:
    page = login_as("dana")
    _editor(page, menu_flow("panel-order"))
    select_block(page, "main_menu")
    form = page.get_by_test_id("props-form")
    labels = form.locator(":scope > .schema-field > .field-label").all_inner_texts()
    assert [label.rstrip(" *") for label in labels[:2]] == ["Prompts", "Options"]
    assert labels.index("Barge-in") < labels.index("No-input prompts") < labels.index("No-match prompts")
    advanced = page.get_by_test_id("advanced-fields")
    expect(advanced).not_to_have_attribute("open", "")
    expect(advanced.get_by_text("Retries", exact=True)).to_be_hidden()
    expect(form.get_by_text("What the caller hears or the chat user reads before answering",
                            exact=False)).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "editor-07-field-order.png"))


def test_the_panel_resizes_and_remembers_its_width(login_as: Callable[[str], Page],
                                                    screenshot_dir: Path) -> None:
    page = login_as("dana")
    _editor(page, menu_flow("panel-width"))
    panel = page.get_by_test_id("side-panel")
    before = panel.bounding_box()
    handle = page.get_by_test_id("panel-resizer").bounding_box()
    assert before and handle
    page.mouse.move(handle["x"] + 3, handle["y"] + 200)
    page.mouse.down()
    page.mouse.move(handle["x"] - 200, handle["y"] + 200, steps=8)
    page.mouse.up()
    widened = panel.bounding_box()
    assert widened and widened["width"] > before["width"] + 150
    page.get_by_test_id("tab-variables").click()
    page.screenshot(path=str(screenshot_dir / "editor-08-wide-panel.png"))
    page.reload()
    expect(page.get_by_test_id("editor")).to_be_visible()
    kept = page.get_by_test_id("side-panel").bounding_box()
    assert kept and abs(kept["width"] - widened["width"]) <= 2


def test_expression_error_shows_once_without_sideways_overflow(login_as: Callable[[str], Page],
                                                                screenshot_dir: Path) -> None:
    page = login_as("dana")
    _editor(page, _document("panel-expr", "Expressions", {
        "pick": {"type": "assign", "label": "Pick", "ui": {"x": 60, "y": 80},
                 "props": {"assignments": [{"variable": "tier", "expression": "'gold'"}]}},
    }, "pick"))
    select_block(page, "pick")
    long_bad = "tier == 'gold' && " + " && ".join(f"balance_{n} > {n}" for n in range(12)) + " &&"
    field(page, "assignments[0].expression").fill(long_bad)
    expect(page.get_by_test_id("expr-error-assignments[0].expression")).to_be_visible()
    wait_saved(page)
    panel = page.get_by_test_id("property-panel")
    expect(panel.get_by_role("alert")).to_have_count(1)
    expect(page.get_by_test_id("block-problems")).to_have_count(0)
    overflow = panel.evaluate("el => el.scrollWidth - el.clientWidth")
    assert overflow <= 1
    page.screenshot(path=str(screenshot_dir / "editor-08-expression-error.png"))


def test_business_hours_are_chosen_with_pickers(login_as: Callable[[str], Page],
                                                screenshot_dir: Path) -> None:
    page = login_as("dana")
    api = _editor(page, _document("panel-hours", "Hours", {
        "hours": {"type": "business_hours", "label": "Open?", "ui": {"x": 60, "y": 80},
                  "props": {"schedule": {"mon-fri": "08:00-18:00", "sat": "closed"}}},
    }, "hours"))
    select_block(page, "hours")
    schedule = page.get_by_test_id("schedule-schedule")
    expect(schedule.get_by_label("Monday opens")).to_have_value("08:00")
    expect(schedule.get_by_label("Saturday opens")).to_be_disabled()
    schedule.get_by_label("Saturday opens").locator("..").get_by_role("checkbox").check()
    field(page, "schedule.timezone").select_option("Europe/Paris")
    field(page, "timezone").select_option("America/New_York")
    wait_saved(page)
    props = api.draft("panel-hours")["blocks"]["hours"]["props"]
    assert props["timezone"] == "America/New_York"
    assert props["schedule"]["mon"] == "08:00-18:00" and props["schedule"]["sat"] == "09:00-17:00"
    assert props["schedule"]["sun"] == "closed" and props["schedule"]["timezone"] == "Europe/Paris"
    page.screenshot(path=str(screenshot_dir / "editor-09-hours-pickers.png"))
    # Free text is still accepted by the API.
    document = api.draft("panel-hours")
    document["blocks"]["hours"]["props"]["schedule"] = {"mon,wed": "09:00-12:00,13:00-17:00"}
    api.send("PUT", "/flows/panel-hours", {"document": document},
             headers={"If-Match": page.request.get("/api/v1/flows/panel-hours").headers["etag"]})


def test_blocks_show_what_they_do(login_as: Callable[[str], Page], screenshot_dir: Path) -> None:
    page = login_as("dana")
    _editor(page, menu_flow("canvas-summary"))
    expect(page.get_by_test_id("summary-welcome")).to_have_text("Welcome to Acme.")
    expect(page.get_by_test_id("summary-main_menu")).to_have_text("Press 1 for sales or 2 for support.")
    expect(block(page, "main_menu").locator(".port-label").first).to_have_text("1 · Sales")
    page.screenshot(path=str(screenshot_dir / "editor-10-block-summaries.png"))


def test_zoomed_out_shows_large_labels(login_as: Callable[[str], Page], screenshot_dir: Path) -> None:
    page = login_as("dana")
    page.set_viewport_size({"width": 1440, "height": 900})
    bank = json.loads((ROOT / "examples" / "flows" / "bank-ivr.json").read_text())
    bank["id"] = "canvas-bank"
    _editor(page, bank)
    press(page, "Shift+F")
    canvas = page.get_by_test_id("canvas")
    if canvas.get_attribute("data-zoomed-out") != "true":
        for _ in range(4):
            page.locator(".react-flow__controls-zoomout").click()
    expect(canvas).to_have_attribute("data-zoomed-out", "true")
    label = page.locator(".block-label").first
    assert float(label.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")) >= 20
    expect(page.locator(".port-label").first).to_be_hidden()
    page.screenshot(path=str(screenshot_dir / "editor-11-semantic-zoom.png"))


def _four_blocks(flow_id: str) -> dict[str, Any]:
    say = {"type": "play_message", "props": {"prompts": [{"tts": "x"}]}}
    return _document(flow_id, "Four", {
        "ask": {"type": "menu", "label": "Ask", "ui": {"x": 60, "y": 80},
                "props": {"prompts": [{"tts": "Pick."}],
                          "options": [{"key": "1", "label": "One"}, {"key": "2", "label": "Two"},
                                      {"key": "3", "label": "Three"}]},
                "next": {"1": "one", "2": "two", "3": "three"}},
        "three": {**say, "label": "Three", "ui": {"x": 400, "y": 0}},
        "two": {**say, "label": "Two", "ui": {"x": 400, "y": 200}},
        "one": {**say, "label": "One", "ui": {"x": 400, "y": 400}},
    }, "ask")


def test_auto_layout_follows_port_order(login_as: Callable[[str], Page], screenshot_dir: Path) -> None:
    page = login_as("dana")
    api = _editor(page, _four_blocks("canvas-layout"))
    before = api.draft("canvas-layout")["blocks"]["one"]["ui"]
    press(page, "Shift+L")
    blocks = api.draft("canvas-layout")["blocks"]
    for _ in range(60):
        if blocks["one"]["ui"] != before:
            break
        page.wait_for_timeout(250)
        blocks = api.draft("canvas-layout")["blocks"]
    ys = [blocks[name]["ui"]["y"] for name in ("one", "two", "three")]
    assert ys == sorted(ys), ys
    boxes = [(blocks[n]["ui"]["x"], blocks[n]["ui"]["y"]) for n in blocks]
    assert len(set(boxes)) == len(boxes)
    page.screenshot(path=str(screenshot_dir / "editor-12-auto-layout.png"))


def test_drop_a_wire_on_a_block_and_find_a_block(login_as: Callable[[str], Page],
                                                 screenshot_dir: Path) -> None:
    page = login_as("dana")
    document = menu_flow("canvas-wire")
    del document["blocks"]["main_menu"]["next"]["2"]
    api = _editor(page, document)
    start = page.get_by_test_id("port-main_menu-2").bounding_box()
    target = block(page, "say_support").locator(".block-summary").bounding_box()
    assert start and target
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(target["x"] + target["width"] / 2, target["y"] + target["height"] / 2, steps=12)
    page.mouse.up()
    wait_saved(page)
    assert api.draft("canvas-wire")["blocks"]["main_menu"]["next"]["2"] == "say_support"

    press(page, "Control+f")
    page.get_by_test_id("find-block-input").fill("connecting you to support")
    expect(page.get_by_test_id("find-result-say_support")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "editor-13-find-block.png"))
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("block-id")).to_have_value("say_support")
    expect(page.get_by_test_id("find-block")).to_have_count(0)


def test_toolbar_stays_on_one_row_at_1280(login_as: Callable[[str], Page], screenshot_dir: Path) -> None:
    page = login_as("dana")
    page.set_viewport_size({"width": 1280, "height": 800})
    _editor(page, menu_flow("toolbar-row"))
    tops = page.locator(".editor-toolbar > *").evaluate_all(
        "items => items.filter(i => i.offsetParent).map(i => Math.round(i.getBoundingClientRect().top))")
    heights = page.locator(".editor-toolbar").evaluate("el => el.getBoundingClientRect().height")
    assert heights < 60, heights
    assert max(tops) - min(tops) < 20, tops
    icon = page.locator("link[rel='icon']").get_attribute("href")
    assert icon and icon.startswith("data:image/svg+xml")
    page.screenshot(path=str(screenshot_dir / "editor-14-toolbar-1280.png"))
