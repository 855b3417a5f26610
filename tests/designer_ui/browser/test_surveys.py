"""The Surveys view of the Analytics page: survey answers written by a runtime's writer show
per question as responses, average and distribution bars, and follow the agent filter."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, expect

from interpreter.engine.events import Input
from runtime.analytics.context import AnalyticsContext
from runtime.analytics.sql_store import SqlAnalyticsStore
from runtime.analytics.writer import AnalyticsWriter
from tests.designer_ui.browser.live_server import serve_designer
from tests.designer_ui.browser.pages import log_in
from tests.interpreter.engine.harness import Driver
from tests.interpreter.engine.test_survey import survey_flow

EVERYTHING = ("2026-11-01T00:00", "2030-01-01T00:00")


@pytest.fixture(scope="module")
def designer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, AnalyticsWriter]]:
    folder = tmp_path_factory.mktemp("designer-surveys")
    with serve_designer(folder) as url:
        engine = sa.create_engine(f"sqlite:///{folder / 'designer.sqlite3'}",
                                  connect_args={"timeout": 15})
        writer = AnalyticsWriter(SqlAnalyticsStore(engine), flush_interval_ms=200)
        try:
            yield url, writer
        finally:
            writer.stop()
            engine.dispose()


def answer(writer: AnalyticsWriter, session: str, agent: str, keys: list[str]) -> None:
    driver = Driver(survey_flow(), "voice")
    driver.start(system={"Routing": {"queue": "billing", "agent": agent}})
    for key in keys:
        driver.send(Input("dtmf", key))
    writer.record(driver.events, AnalyticsContext(session, "support", "1", "voice"))


def test_surveys_view(browser: Browser, designer: tuple[str, AnalyticsWriter],
                      screenshot_dir: Path) -> None:
    url, writer = designer
    answer(writer, "v-1", "alice", ["5", "1", "9"])
    answer(writer, "v-2", "bob", ["3", "2", "0"])
    assert writer.flush(15)

    context = browser.new_context(base_url=url, viewport={"width": 1600, "height": 1000})
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, "bea")
    page.get_by_test_id("nav-analytics").click()
    page.get_by_test_id("filter-range").select_option("custom")
    page.get_by_test_id("filter-from").fill(EVERYTHING[0])
    page.get_by_test_id("filter-to").fill(EVERYTHING[1])

    satisfaction = page.get_by_test_id("survey-question-csat-satisfaction")
    expect(satisfaction.get_by_test_id("survey-responses")).to_have_text("2")
    expect(satisfaction.get_by_test_id("survey-average")).to_have_text("4.00")
    expect(satisfaction.get_by_test_id("survey-bar-5")).to_contain_text("1")
    expect(satisfaction.get_by_test_id("survey-bar-2")).to_contain_text("0")
    resolved = page.get_by_test_id("survey-question-csat-resolved")
    expect(resolved.get_by_test_id("survey-average")).to_have_text("50% yes")
    page.screenshot(path=str(screenshot_dir / "analytics-surveys.png"), full_page=True)

    page.get_by_test_id("survey-agent").fill("alice")
    expect(satisfaction.get_by_test_id("survey-responses")).to_have_text("1")
    expect(satisfaction.get_by_test_id("survey-average")).to_have_text("5.00")
    link = page.get_by_test_id("export-surveys").get_attribute("href") or ""
    assert "agent=alice" in link and link.endswith("format=csv")
    context.close()
