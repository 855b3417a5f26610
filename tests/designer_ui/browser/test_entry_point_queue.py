"""An entry point that leads straight into a queue, on the Entry points page: the developer
chooses "Straight into a queue", sees only the queues of the entry point's channel, saves, and
the row names the queue; switching to a kind the queue does not serve clears the choice, and
the API's refusal of a queue without the channel is shown as it words it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.designer_ui.browser.pages import Api


def test_a_phone_number_straight_into_a_voice_queue(login_as: Callable[[str], Page],
                                                    screenshot_dir: Path) -> None:
    business = Api(login_as("bea"))
    business.send("POST", "/queues", {"name": "ep-page-voice", "channels": ["voice"]})
    business.send("POST", "/queues", {"name": "ep-page-chat", "channels": ["chat"]})
    page = login_as("dana")
    page.goto("/#/admin/entry-points")
    expect(page.get_by_test_id("entry-table")).to_be_visible()
    page.get_by_test_id("entry-address").fill("+18005550990")
    page.get_by_test_id("entry-target").select_option("queue")
    expect(page.get_by_test_id("entry-flow")).to_have_count(0)
    choices = page.get_by_test_id("entry-queue").locator("option")
    expect(choices).to_contain_text(["ep-page-voice"])
    expect(page.get_by_test_id("entry-queue").locator("option", has_text="ep-page-chat")
           ).to_have_count(0)
    page.get_by_test_id("entry-queue").select_option("ep-page-voice")
    page.get_by_test_id("entry-save").click()
    expect(page.get_by_test_id("entry-queue-+18005550990")).to_have_text("queue ep-page-voice")
    page.screenshot(path=str(screenshot_dir / "admin-entry-point-queue.png"))
    saved = [e for e in Api(page).get("/entry-points") if e["address"] == "+18005550990"]
    assert [(e["queue"], e["flow_id"]) for e in saved] == [("ep-page-voice", None)]

    # Switching the kind clears a queue of the other channel.
    page.get_by_test_id("entry-edit-+18005550990").click()
    expect(page.get_by_test_id("entry-queue")).to_have_value("ep-page-voice")
    page.get_by_test_id("entry-kind").select_option("chat")
    expect(page.get_by_test_id("entry-queue")).to_have_value("")
    page.get_by_test_id("entry-cancel").click()

    # A chat key into the chat queue, beside the phone number.
    page.get_by_test_id("entry-kind").select_option("chat")
    page.get_by_test_id("entry-address").fill("ep-page-web")
    page.get_by_test_id("entry-target").select_option("queue")
    page.get_by_test_id("entry-queue").select_option("ep-page-chat")
    page.get_by_test_id("entry-save").click()
    expect(page.get_by_test_id("entry-queue-ep-page-web")).to_have_text("queue ep-page-chat")
    expect(page.get_by_test_id("entry-queue-+18005550990")).to_have_text("queue ep-page-voice")

    # The voice queue loses its voice channel under the page: saving names the reason.
    voice = next(q for q in business.get("/queues") if q["name"] == "ep-page-voice")
    business.send("PATCH", f"/queues/{voice['id']}", {"channels": ["chat"]})
    page.get_by_test_id("entry-edit-+18005550990").click()
    page.get_by_test_id("entry-save").click()
    expect(page.get_by_test_id("entry-error")).to_contain_text(
        "Queue 'ep-page-voice' does not take the voice channel")
