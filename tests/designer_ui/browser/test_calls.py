"""The Calls page in the browser: a record the voice workers' store wrote into the Designer
database, in the list (filtered) and in the detail view, shown as text only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from designer_ui.voice_cdrs import DesignerCdrStore
from tests.designer_ui.api.test_calls import call
from tests.designer_ui.browser.live_server import serve_designer
from tests.designer_ui.browser.pages import log_in

HOSTILE = "<img src=x onerror=window.pwned=1>"


@pytest.fixture(scope="module")
def designer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, DesignerCdrStore]]:
    folder = tmp_path_factory.mktemp("designer-calls")
    with serve_designer(folder) as url:
        store = DesignerCdrStore(f"sqlite:///{folder / 'designer.sqlite3'}")
        try:
            yield url, store
        finally:
            store.close()


def test_calls_list_and_detail(browser: Browser, designer: tuple[str, DesignerCdrStore],
                               screenshot_dir: Path) -> None:
    url, store = designer
    store.save(call(1, ani=HOSTILE))
    store.save(call(2, flow_id="support", disposition="hangup"))
    context = browser.new_context(base_url=url, viewport={"width": 1400, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, "bea")
    page.get_by_test_id("nav-calls").click()
    expect(page.get_by_test_id("call-row")).to_have_count(2)
    page.get_by_test_id("calls-filter-flow").fill("bank")
    page.get_by_test_id("calls-apply").click()
    expect(page.get_by_test_id("call-row")).to_have_count(1)
    row = page.get_by_test_id("call-row")
    expect(row).to_contain_text(HOSTILE)
    row.get_by_role("link").click()
    expect(page.get_by_test_id("call-detail")).to_be_visible()
    expect(page.get_by_test_id("call-path")).to_contain_text("balance")
    expect(page.get_by_test_id("call-dtmf")).to_contain_text("****")
    expect(page.get_by_test_id("call-transfers")).to_contain_text("486")
    expect(page.get_by_test_id("call-latencies")).to_contain_text("answer_to_audio_ms")
    assert page.evaluate("window.pwned === undefined")
    page.screenshot(path=str(screenshot_dir / "calls-detail.png"))
    context.close()
