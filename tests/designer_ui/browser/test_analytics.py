"""Analytics in the browser: the dashboard's figures for chat sessions and voice calls through
the examples (written by a runtime's writer straight into the Designer database), its filters
and its refresh, and the canvas overlay's visits, port shares, drop-offs and block figures."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from runtime.analytics.sql_store import SqlAnalyticsStore
from runtime.analytics.writer import AnalyticsWriter
from tests.designer_ui.analytics.scenarios import EXAMPLES, run_chat_sessions, run_voice_calls
from tests.designer_ui.browser.live_server import serve_designer
from tests.designer_ui.browser.pages import Api, block, log_in, open_editor

EVERYTHING = ("2026-11-01T00:00", "2030-01-01T00:00")


@pytest.fixture(scope="module")
def designer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, AnalyticsWriter, Path]]:
    folder = tmp_path_factory.mktemp("designer-analytics")
    with serve_designer(folder) as url:
        engine = sa.create_engine(f"sqlite:///{folder / 'designer.sqlite3'}",
                                  connect_args={"timeout": 15})
        writer = AnalyticsWriter(SqlAnalyticsStore(engine), flush_interval_ms=200)
        try:
            yield url, writer, folder
        finally:
            writer.stop()
            engine.dispose()


def open_page(browser: Browser, url: str, username: str) -> Page:
    context = browser.new_context(base_url=url, viewport={"width": 1600, "height": 1000})
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, username)
    return page


def kpi(page: Page, name: str) -> Any:
    return page.get_by_test_id(f"kpi-{name}-value")


def test_dashboard_then_canvas_overlay(browser: Browser, designer: tuple[str, AnalyticsWriter, Path],
                                       screenshot_dir: Path) -> None:
    url, writer, folder = designer
    run_chat_sessions(writer, folder)
    run_voice_calls(writer)
    assert writer.flush(15)

    page = open_page(browser, url, "bea")
    page.get_by_test_id("nav-analytics").click()
    expect(page.get_by_test_id("analytics-page")).to_be_visible()
    page.get_by_test_id("filter-range").select_option("custom")
    page.get_by_test_id("filter-from").fill(EVERYTHING[0])
    page.get_by_test_id("filter-to").fill(EVERYTHING[1])
    expect(kpi(page, "sessions")).to_have_text("7")
    expect(kpi(page, "containment")).to_have_text("28.6%")
    expect(kpi(page, "routed")).to_have_text("2")
    expect(kpi(page, "abandoned")).to_have_text("2")
    expect(kpi(page, "errors")).to_have_text("0")
    expect(page.get_by_test_id("series-sessions")).to_have_attribute("data-total", "7")

    page.get_by_test_id("filter-channel").select_option("chat")
    expect(kpi(page, "sessions")).to_have_text("4")
    expect(kpi(page, "containment")).to_have_text("25%")
    page.get_by_test_id("filter-flow").select_option("order-status-chat")
    expect(page.get_by_test_id("paths-table").locator("tbody tr")).to_have_count(4)
    expect(page.get_by_test_id("milestone-order_found").locator("td").nth(1)).to_have_text("2")
    page.get_by_test_id("funnel-milestones").fill("order_found, handoff")
    expect(page.get_by_test_id("funnel-handoff")).to_have_attribute("data-sessions", "1")
    api = Api(page)
    query = "from=2026-11-01T00:00:00Z&to=2030-01-01T00:00:00Z&channel=chat"
    summary = api.get(f"/analytics/summary?{query}")
    assert (summary["sessions"], summary["contained"]) == (4, 1)

    # A new session shows up by itself within the refresh interval.
    run_chat_sessions(writer, folder / "more")
    expect(kpi(page, "sessions")).to_have_text("8", timeout=12_000)
    page.screenshot(path=str(screenshot_dir / "analytics-dashboard.png"), full_page=True)

    editor = open_page(browser, url, "dana")
    Api(editor).create_flow(json.loads((EXAMPLES / "order-status-chat.json").read_text()))
    open_editor(editor, "order-status-chat")
    editor.get_by_test_id("analytics-toggle").click()
    expect(editor.get_by_test_id("overlay-sessions")).to_have_attribute("data-count", "8")
    expect(editor.get_by_test_id("analytics-visits-ask_order")).to_have_text("8 visits")
    expect(editor.get_by_test_id("analytics-port-ask_order-next")).to_have_text("4 · 66.7%")
    expect(editor.get_by_test_id("analytics-port-ask_order-nomatch")).to_have_text("2 · 33.3%")
    expect(editor.get_by_test_id("analytics-dropoff-ask_order")).to_have_text("2 dropped (25%)")
    expect(editor.get_by_test_id("analytics-port-next_step-done")).to_have_text("2 · 50%")
    next_width = float(editor.get_by_test_id("heat-edge-ask_order-next").get_attribute("data-width") or 0)
    nomatch_width = float(editor.get_by_test_id("heat-edge-ask_order-nomatch")
                          .get_attribute("data-width") or 0)
    assert next_width > nomatch_width > 0
    block(editor, "ask_order").locator(".block-header").click()
    expect(editor.get_by_test_id("block-stats")).to_have_attribute("data-block", "ask_order")
    expect(editor.get_by_test_id("block-stats-nomatch")).to_have_text("60%")
    expect(editor.get_by_test_id("block-stats-noinput")).to_have_text("0%")
    expect(editor.get_by_test_id("block-stats-errors")).to_have_text("0")
    editor.screenshot(path=str(screenshot_dir / "analytics-overlay.png"))
    editor.get_by_test_id("analytics-toggle").click()
    expect(editor.get_by_test_id("analytics-overlay")).to_have_count(0)
