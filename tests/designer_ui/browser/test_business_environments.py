"""Business Controls per environment in the browser: pick an environment, edit an announcement
there, and promote test's controls to live after seeing the difference."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.designer_ui.browser.pages import Api


def test_promote_shows_the_difference_then_copies(login_as: Callable[[str], Page]) -> None:
    page = login_as("bea")  # a business user allowed to promote to live
    api = Api(page)
    api.send("PUT", "/business/emergency/env-storm?environment=test", {"on": True})
    api.send("PUT", "/business/tables/env-holidays?environment=test",
             {"key": "date", "rows": [{"date": "2026-12-25", "name": "Christmas"},
                                      {"date": "2027-01-01", "name": "New Year"}]})

    page.get_by_test_id("nav-business").click()
    expect(page.get_by_test_id("business-environment")).to_have_value("live")
    expect(page.get_by_test_id("emergency-env-storm")).to_have_count(0)
    page.get_by_test_id("business-environment").select_option("test")
    expect(page.get_by_test_id("emergency-env-storm")).to_have_attribute("data-on", "true")

    page.get_by_test_id("business-promote-live").click()
    summary = page.get_by_test_id("business-promote-summary")
    expect(summary).to_contain_text("test -> live:")
    expect(summary).to_contain_text("2 rows changed in `env-holidays`")
    expect(summary).to_contain_text("emergency `env-storm` on")
    assert api.get("/business/emergency?environment=live") == [] or all(
        flag["name"] != "env-storm" for flag in api.get("/business/emergency?environment=live"))

    page.get_by_test_id("business-promote-apply").click()
    expect(page.get_by_test_id("business-promote-result")).to_contain_text("Copied.")
    assert api.get("/business/emergency/env-storm?environment=live")["on"] is True
    page.get_by_test_id("business-promote-dialog-close").click()
    page.get_by_test_id("business-environment").select_option("live")
    expect(page.get_by_test_id("emergency-env-storm")).to_have_attribute("data-on", "true")


def test_announcement_editor_saves_in_the_picked_environment(
        login_as: Callable[[str], Page]) -> None:
    page = login_as("bea")
    page.get_by_test_id("nav-business").click()
    page.get_by_test_id("business-environment").select_option("dev")
    page.get_by_test_id("business-tab-announcements").click()
    page.get_by_test_id("announcements-new").fill("env-notice")
    page.get_by_test_id("announcements-open").click()
    page.get_by_test_id("announcement-text-en-US").fill("We are closed on the 25th.")
    page.get_by_test_id("announcement-recording-en-US").fill("holiday-audio")
    page.get_by_test_id("announcement-language").fill("es-US")
    page.get_by_test_id("announcement-add-language").click()
    page.get_by_test_id("announcement-text-es-US").fill("Cerramos el 25.")
    page.get_by_test_id("announcement-starts").fill("2026-12-01T00:00")
    page.get_by_test_id("announcement-save").click()
    expect(page.get_by_test_id("announcement-message")).to_have_text("Saved.")

    saved = Api(page).get("/business/announcements/env-notice?environment=dev")
    assert saved["texts"] == {"en-US": "We are closed on the 25th.", "es-US": "Cerramos el 25."}
    assert saved["recordings"] == {"en-US": "holiday-audio"}
    assert saved["starts_at"] == "2026-12-01T00:00:00Z" and saved["ends_at"] is None
    assert page.request.get("/api/v1/business/announcements/env-notice").status == 404
    expect(page.get_by_test_id("announcements-env-notice")).to_be_visible()
