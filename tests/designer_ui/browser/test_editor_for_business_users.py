"""The editor for business users, the last items: paths named by block labels (simulator and
Analytics), Fit on a 1440x900 screen with blocks apart and the minimap and the Analytics panel
clear of them, one active item in the navigation, the Calls page laid out like the
other pages, counts with the right plural, and no 401 logged by the login page."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, BrowserContext, Page, expect

from runtime.analytics.sql_store import SqlAnalyticsStore
from runtime.analytics.writer import AnalyticsWriter
from tests.designer_ui.analytics.scenarios import EXAMPLES, run_chat_sessions
from tests.designer_ui.browser.flows import menu_flow
from tests.designer_ui.browser.live_server import serve_designer
from tests.designer_ui.browser.pages import Api, log_in, open_editor

Box = dict[str, float]
EVERYTHING = ("2026-11-01T00:00", "2030-01-01T00:00")


def intersects(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])


def block_boxes(page: Page) -> dict[str, Box]:
    boxes: dict[str, Box] = page.evaluate("""() => Object.fromEntries(
        [...document.querySelectorAll('.react-flow__node')].map(node => {
          const r = node.getBoundingClientRect();
          return [node.dataset.id, { x: r.x, y: r.y, width: r.width, height: r.height }];
        }))""")
    return boxes


def fit(page: Page) -> None:
    page.locator(".react-flow__controls-fitview").click()
    page.wait_for_timeout(500)


def test_login_page_logs_no_401(new_context: Callable[[], BrowserContext], screenshot_dir: Path) -> None:
    page = new_context().new_page()
    failures: list[str] = []
    page.on("response", lambda response: failures.append(f"{response.status} {response.url}")
            if response.status >= 400 else None)
    page.on("console", lambda message: failures.append(message.text) if message.type == "error" else None)
    page.goto("/")
    expect(page.get_by_test_id("login-username")).to_be_visible()
    page.wait_for_timeout(300)
    assert failures == []
    page.screenshot(path=str(screenshot_dir / "editor-login-no-401.png"))
    log_in(page, "dana")
    assert failures == []


def test_one_active_navigation_item_and_the_calls_page_like_the_rest(
        login_as: Callable[[str], Page], screenshot_dir: Path) -> None:
    page = login_as("dana")
    Api(page).create_flow(menu_flow("nav-check"))
    current = page.locator("nav[aria-label='Main'] [aria-current='page']")
    for address, active in (("#/flows", "nav-flows"), ("#/flows/nav-check", "nav-flows"),
                            ("#/calls", "nav-calls"), ("#/analytics", "nav-analytics"),
                            ("#/business", "nav-business"), ("#/bots", "nav-bots")):
        page.goto(f"/{address}")
        expect(current).to_have_count(1)
        expect(current).to_have_attribute("data-testid", active)
    page.goto("/#/calls")
    calls = page.get_by_test_id("calls-page")
    expect(calls).to_have_class("page calls-page")
    expect(calls.locator(".page-toolbar h1")).to_have_text("Calls")
    page.goto("/#/bots")
    bots_padding = page.get_by_test_id("bots-page").evaluate("e => getComputedStyle(e).padding")
    page.goto("/#/calls")
    assert calls.evaluate("e => getComputedStyle(e).padding") == bots_padding
    page.screenshot(path=str(screenshot_dir / "calls-page-like-the-rest.png"))


def test_problem_counts_use_the_right_plural(login_as: Callable[[str], Page]) -> None:
    page = login_as("dana")
    flow = menu_flow("one-error")
    flow["blocks"]["say_support"]["props"]["prompts"] = []  # a Play Message with nothing to say
    Api(page).create_flow(flow)
    open_editor(page, "one-error")
    expect(page.get_by_test_id("problems-count")).to_have_text("1 error, 0 warnings")


@pytest.fixture
def laptop(browser: Browser, live_server: str) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server, viewport={"width": 1440, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, "dana")
    yield page
    context.close()


def test_at_fit_on_1440x900_no_block_is_covered_by_another_the_minimap_or_analytics(
        laptop: Page, screenshot_dir: Path) -> None:
    """Fit keeps blocks apart and the minimap's (and Analytics panel's) side clear. The bank
    example is wider than the canvas at a zoom where its labels read (Fit then shows it from its
    start, tests/designer_ui/browser/test_canvas_levels_of_detail.py), so the minimap check uses
    a flow Fit shows whole."""
    page = laptop
    bank = json.loads((EXAMPLES / "bank-ivr.json").read_text())
    Api(page).create_flow(bank)
    open_editor(page, "bank-ivr")
    fit(page)
    boxes = block_boxes(page)
    assert len(boxes) == len(bank["blocks"]) == 56
    canvas = page.get_by_test_id("canvas").bounding_box()
    zoom = page.evaluate("() => new DOMMatrix(getComputedStyle("
                         "document.querySelector('.react-flow__viewport')).transform).a")
    print(f"bank-ivr at Fit on 1440x900: canvas {canvas}, zoom {zoom:.3f}")
    # Nothing drawn over another.
    ids = sorted(boxes)
    overlaps = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1:] if intersects(boxes[a], boxes[b])]
    assert overlaps == []
    page.screenshot(path=str(screenshot_dir / "editor-bank-ivr-fit-1440x900.png"))

    Api(page).create_flow(menu_flow("fit-whole"))
    open_editor(page, "fit-whole")
    fit(page)
    boxes = block_boxes(page)
    minimap = page.locator(".react-flow__minimap").bounding_box()
    assert minimap and len(boxes) == 4
    assert [i for i, box in boxes.items() if intersects(box, minimap)] == []
    page.get_by_test_id("analytics-toggle").click()
    panel = page.get_by_test_id("analytics-overlay")
    expect(panel).to_be_visible()
    fit(page)
    covered = panel.bounding_box()
    assert covered
    boxes = block_boxes(page)
    assert [i for i, box in boxes.items() if intersects(box, covered)] == []
    minimap = page.locator(".react-flow__minimap").bounding_box()
    assert minimap and [i for i, box in boxes.items() if intersects(box, minimap)] == []
    page.screenshot(path=str(screenshot_dir / "editor-fit-with-analytics.png"))


Served = tuple[str, AnalyticsWriter, Path]


@pytest.fixture(scope="module")
def analytics_designer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("designer-path-labels")
    with serve_designer(folder) as url:
        engine = sa.create_engine(f"sqlite:///{folder / 'designer.sqlite3'}", connect_args={"timeout": 15})
        writer = AnalyticsWriter(SqlAnalyticsStore(engine), flush_interval_ms=200)
        try:
            yield url, writer, folder
        finally:
            writer.stop()
            engine.dispose()


def test_analytics_paths_read_in_block_labels(browser: Browser, analytics_designer: Served,
                                              screenshot_dir: Path) -> None:
    url, writer, folder = analytics_designer
    context = browser.new_context(base_url=url, viewport={"width": 1600, "height": 1000})
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, "dana")
    document: dict[str, Any] = json.loads((EXAMPLES / "order-status-chat.json").read_text())
    Api(page).create_flow(document)
    run_chat_sessions(writer, folder)
    assert writer.flush(15)
    page.goto("/#/analytics/order-status-chat")
    page.get_by_test_id("filter-range").select_option("custom")
    page.get_by_test_id("filter-from").fill(EVERYTHING[0])
    page.get_by_test_id("filter-to").fill(EVERYTHING[1])
    rows = page.get_by_test_id("paths-table").locator("tbody tr")
    expect(rows).to_have_count(4)
    for index in range(4):
        expect(page.get_by_test_id(f"path-{index}").locator("td.path")).to_contain_text(
            "Greeting → Ask order number")
    expect(page.get_by_test_id("paths-table")).not_to_contain_text("ask_order →")
    page.get_by_test_id("paths-table").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "analytics-paths-with-labels.png"), full_page=True)
    context.close()
