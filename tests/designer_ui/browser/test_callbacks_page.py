"""The Callbacks page and the Callbacks report: upcoming and past callbacks with filters, one
callback's attempts with their SIP results, a reschedule refused with the next free slots and
then made in one of them, cancel; and the Analytics page's Callbacks report counting offers,
acceptances, dials, connects, abandonment and failures by reason, with its CSV link."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Dialog, expect

from designer_ui.callbacks.booking import BookingRequest, CallbackBooking
from designer_ui.callbacks.dialing import CallbackDialing
from designer_ui.callbacks.settings import CallbackSettings
from designer_ui.callbacks.voice import engine_sessions
from designer_ui.models import BusinessHoursRecord, Queue
from interpreter.engine.effects import AnalyticsEvent
from runtime.analytics.context import AnalyticsContext
from runtime.analytics.sql_store import SqlAnalyticsStore
from runtime.analytics.writer import AnalyticsWriter
from tests.designer_ui.browser.live_server import serve_designer
from tests.designer_ui.browser.pages import Api, log_in

SETTINGS = CallbackSettings()
OFFICE = {"mon-fri": "09:00-17:00", "timezone": "UTC"}


def next_weekday(weekday: int, hour: int) -> datetime:
    """The next `weekday` (Monday 0) at least two days ahead, at hour:00 UTC."""
    day = datetime.now(UTC).date() + timedelta(days=2)
    while day.weekday() != weekday:
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.fixture(scope="module")
def designer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    folder = tmp_path_factory.mktemp("designer-callbacks")
    with serve_designer(folder) as url:
        yield url, f"sqlite:///{folder / 'designer.sqlite3'}"


def _set_up(database_url: str) -> dict[str, int]:
    """Two queues, a scheduled callback, and three dialled ones: failed, abandoned, completed."""
    sessions = engine_sessions(database_url)
    with sessions() as session:
        session.add(BusinessHoursRecord(environment="live", name="office", schedule=OFFICE))
        session.add(Queue(name="callbacks", channels=["voice"], hours="office"))
        session.add(Queue(name="support", channels=["voice"], hours=None))
        session.commit()
        booking = CallbackBooking(session, SETTINGS)
        scheduled = booking.book(BookingRequest(queue="callbacks", number="+14155550100",
                                                kind="scheduled",
                                                desired=next_weekday(1, 10))).id
        dialled = [booking.book(BookingRequest(queue="support", number=f"+1415555010{index}")).id
                   for index in (1, 2, 3)]
        dialer = CallbackDialing(session, SETTINGS, "dialer-1")
        claims = {claim.callback_id: claim for claim in dialer.claim(limit=3)}
        dialer.attempt_result(claims[dialled[0]].attempt_id, 404, "Not Found")
        dialer.attempt_result(claims[dialled[1]].attempt_id, 200)
        dialer.finish(dialled[1], abandoned=True)
        dialer.attempt_result(claims[dialled[2]].attempt_id, 200)
        dialer.finish(dialled[2])
    return {"scheduled": scheduled, "failed": dialled[0], "abandoned": dialled[1]}


def _offers(database_url: str, count: int) -> None:
    engine = sa.create_engine(database_url, connect_args={"timeout": 15})
    writer = AnalyticsWriter(SqlAnalyticsStore(engine), flush_interval_ms=200)
    try:
        now = datetime.now(UTC).timestamp()
        for index in range(count):
            writer.record([AnalyticsEvent(1, "callback_offered", "offer", now,
                                          {"queue": "support", "mode": "immediate"})],
                          AnalyticsContext(f"offer-{index}", "in-queue", "1", "voice", "live"))
        assert writer.flush(15)
    finally:
        writer.stop()
        engine.dispose()


def test_callbacks_page_and_report(browser: Browser, designer: tuple[str, str],
                                   screenshot_dir: Path) -> None:
    url, database_url = designer
    ids = _set_up(database_url)
    _offers(database_url, 5)
    context = browser.new_context(base_url=url, viewport={"width": 1600, "height": 1000},
                                  timezone_id="UTC")
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, "bea")

    page.get_by_test_id("nav-callbacks").click()
    upcoming, past = page.get_by_test_id("callbacks-upcoming"), page.get_by_test_id("callbacks-past")
    expect(upcoming.get_by_test_id(f"callback-row-{ids['scheduled']}")).to_contain_text("scheduled")
    expect(past.get_by_test_id(f"callback-row-{ids['failed']}")).to_contain_text("404 failed")
    expect(past.locator("tbody tr")).to_have_count(3)
    page.screenshot(path=str(screenshot_dir / "callbacks-list.png"), full_page=True)

    page.get_by_test_id("callbacks-filter-state").select_option("failed")
    page.get_by_test_id("callbacks-apply").click()
    expect(past.locator("tbody tr")).to_have_count(1)
    expect(upcoming.locator("tbody tr")).to_have_count(0)
    page.get_by_test_id("callbacks-filter-state").select_option("")
    page.get_by_test_id("callbacks-filter-queue").fill("callbacks")
    page.get_by_test_id("callbacks-apply").click()
    expect(past).to_contain_text("None.")
    expect(upcoming.locator("tbody tr")).to_have_count(1)

    page.goto(f"/#/callbacks/{ids['failed']}")
    attempt = page.get_by_test_id("callback-attempt-1")
    expect(attempt).to_contain_text("404")
    expect(attempt).to_contain_text("Not Found")
    expect(page.get_by_test_id("callback-reason")).to_have_text(
        "SIP 404 Not Found after 1 attempt(s)")
    expect(page.get_by_test_id("callback-final")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "callback-attempts.png"), full_page=True)

    page.goto(f"/#/callbacks/{ids['scheduled']}")
    sunday = next_weekday(6, 10)
    page.get_by_test_id("callback-new-time").fill(sunday.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_test_id("callback-reschedule").click()
    refusal = page.get_by_test_id("callback-refusal")
    expect(refusal).to_contain_text("closed")
    expect(page.get_by_test_id("callback-next-free").locator("li")).to_have_count(5)
    page.screenshot(path=str(screenshot_dir / "callback-reschedule-refused.png"), full_page=True)
    page.get_by_test_id("callback-next-free").locator("button").first.click()
    page.get_by_test_id("callback-reschedule").click()
    expect(refusal).to_have_count(0)
    moved = Api(page).get(f"/callbacks/{ids['scheduled']}")
    assert moved["state"] == "scheduled" and moved["slot_start"] != next_weekday(1, 10).isoformat()
    assert datetime.fromisoformat(moved["slot_start"]).weekday() == 0  # Monday 09:00, first free

    page.once("dialog", lambda dialog: Dialog.accept(dialog))
    page.get_by_test_id("callback-cancel").click()
    expect(page.get_by_test_id("callback-state")).to_have_text("cancelled")
    expect(page.get_by_test_id("callback-final")).to_be_visible()

    page.get_by_test_id("nav-analytics").click()
    report = page.get_by_test_id("callbacks-report")
    support = report.get_by_test_id("callbacks-report-row-support")
    expect(support.get_by_test_id("callbacks-report-offered")).to_have_text("5")
    expect(support.get_by_test_id("callbacks-report-accepted")).to_have_text("3")
    expect(support.get_by_test_id("callbacks-report-connected")).to_have_text("2")
    expect(support.get_by_test_id("callbacks-report-abandoned_after_connect")).to_have_text("1")
    expect(support).to_contain_text("SIP 404 Not Found: 1")
    expect(report.get_by_test_id("callbacks-report-row-callbacks")
           .get_by_test_id("callbacks-report-cancelled")).to_have_text("1")
    report.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "analytics-callbacks-report.png"), full_page=True)
    report.get_by_test_id("callbacks-report-queue").fill("support")
    expect(report.get_by_test_id("callbacks-report-row-callbacks")).to_have_count(0)
    link = report.get_by_test_id("export-callbacks").get_attribute("href") or ""
    assert "queue=support" in link and link.endswith("format=csv")
    csv = page.request.get(link)
    assert csv.ok and csv.text().splitlines()[0].startswith("queue,day,offered,accepted")
    context.close()
