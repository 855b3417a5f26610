"""From draft to environment: publish, promote, simulate, keep the run as a test, compare versions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.designer_ui.browser.flows import menu_flow
from tests.designer_ui.browser.pages import (
    Api,
    block,
    drag_from_palette,
    field,
    open_editor,
    select_block,
    wait_saved,
)


def _publish(page: Page, comment: str) -> None:
    page.get_by_test_id("publish").click()
    page.get_by_test_id("publish-comment").fill(comment)
    page.get_by_test_id("publish-submit").click()
    expect(page.get_by_test_id("editor-notice")).to_contain_text("Published version")


def test_publish_promote_simulate_and_keep_the_run_as_a_test(login_as: Callable[[str], Page],
                                                            screenshot_dir: Path) -> None:
    page = login_as("dana")
    api = Api(page)
    api.create_flow(menu_flow("sales-line"))
    open_editor(page, "sales-line")
    expect(page.get_by_test_id("lock-held")).to_be_visible()

    _publish(page, "First cut of the sales line")
    versions = api.get("/flows/sales-line/versions")
    assert [(v["version"], v["comment"]) for v in versions] == [(1, "First cut of the sales line")]

    page.get_by_test_id("promote").click()
    page.get_by_test_id("promote-env").select_option("test")
    page.get_by_test_id("promote-version").select_option("1")
    page.get_by_test_id("promote-submit").click()
    page.get_by_test_id("promote-confirm-submit").click()
    expect(page.get_by_test_id("promote-done")).to_contain_text("test")
    page.get_by_test_id("promote-dialog-close").click()
    environments = {env["name"]: env["flows"] for env in api.get("/environments")}
    assert environments["test"].get("sales-line") == 1

    # Run version 1 as a chat: the menu's options are buttons; the path lights up on the canvas.
    page.get_by_test_id("tab-simulator").click()
    page.get_by_test_id("sim-version").fill("1")
    page.get_by_test_id("sim-channel").select_option("chat")
    page.get_by_test_id("sim-start").click()
    expect(page.get_by_test_id("sim-say").first).to_have_text("Welcome to Acme.")
    expect(block(page, "main_menu")).to_have_attribute("data-sim", "current")
    expect(block(page, "welcome")).to_have_attribute("data-sim", "visited")
    page.get_by_test_id("sim-option-1").click()
    expect(page.get_by_test_id("sim-say").last).to_have_text("Connecting you to sales.")
    expect(page.get_by_test_id("sim-status")).to_have_attribute("data-ended", "true")
    expect(block(page, "say_sales")).to_have_attribute("data-sim", "visited")
    expect(block(page, "say_support")).not_to_have_attribute("data-sim", "visited")
    expect(page.locator(".react-flow__edge.on-path")).to_have_count(2)
    # The path reads in block labels; the ids stay in an attribute.
    expect(page.get_by_test_id("sim-path")).to_contain_text("Welcome → Main menu → Sales")
    expect(page.get_by_test_id("sim-path")).to_have_attribute("data-path", "welcome main_menu say_sales")
    page.screenshot(path=str(screenshot_dir / "simulator-chat-run.png"))

    # Keep the run as a test case and run the flow's tests.
    page.get_by_test_id("sim-testcase-name").fill("sales path")
    page.get_by_test_id("sim-save-testcase").click()
    expect(page.get_by_test_id("sim-testcase-message")).to_contain_text("Saved")
    expect(page.get_by_test_id("test-case-sales path")).to_be_visible()
    page.get_by_test_id("tests-run").click()
    expect(page.get_by_test_id("test-case-sales path")).to_have_attribute("data-state", "passed")
    expect(page.get_by_test_id("tests-summary")).to_contain_text("1 passed, 0 failed")
    assert "sales path" in api.get("/flows/sales-line/tests")["yaml"]


def test_voice_simulation_with_keypad_and_silence(login_as: Callable[[str], Page]) -> None:
    page = login_as("dana")
    Api(page).create_flow(menu_flow("voice-line"))
    open_editor(page, "voice-line")
    page.get_by_test_id("tab-simulator").click()
    page.get_by_test_id("sim-channel").select_option("voice")
    page.get_by_test_id("sim-start").click()
    expect(page.get_by_test_id("sim-collect").first).to_contain_text("Press 1 for sales")
    page.get_by_test_id("sim-noinput").click()
    expect(page.get_by_test_id("sim-collect")).to_have_count(2)
    page.get_by_test_id("sim-key-2").click()
    expect(page.get_by_test_id("sim-dtmf-buffer")).to_have_text("2")
    page.get_by_test_id("sim-send-dtmf").click()
    expect(page.get_by_test_id("sim-say").last).to_have_text("Connecting you to support.")
    expect(block(page, "say_support")).to_have_attribute("data-sim", "visited")


def test_version_history_shows_the_difference_on_the_canvas(login_as: Callable[[str], Page]) -> None:
    page = login_as("dana")
    api = Api(page)
    api.create_flow(menu_flow("diff-line"))
    open_editor(page, "diff-line")
    expect(page.get_by_test_id("lock-held")).to_be_visible()
    _publish(page, "v1")

    drag_from_palette(page, "play_message", 600, 600)
    select_block(page, "say_support")
    field(page, "prompts[0].tts").fill("Support is busy, please hold.")
    select_block(page, "say_sales")
    page.keyboard.press("Delete")
    wait_saved(page)

    page.get_by_test_id("tab-versions").click()
    page.get_by_test_id("compare-1").click()
    expect(page.get_by_test_id("diff-banner")).to_contain_text("1 added, 1 removed, 2 changed")
    expect(block(page, "play_message_1")).to_have_attribute("data-diff", "added")
    expect(block(page, "say_support")).to_have_attribute("data-diff", "changed")
    expect(page.get_by_test_id("ghost-say_sales")).to_have_attribute("data-diff", "removed")
    page.get_by_test_id("close-diff").click()
    expect(page.get_by_test_id("ghost-say_sales")).to_have_count(0)

    # Restoring asks first, in the editor's own dialog (no browser pop-up); Cancel changes nothing.
    page.get_by_test_id("restore-1").click()
    dialog = page.get_by_test_id("restore-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Restore version 1?")
    expect(page.get_by_test_id("restore-dialog-text")).to_contain_text("a copy of version 1 (“v1”)")
    page.get_by_test_id("restore-cancel").click()
    expect(dialog).to_have_count(0)
    expect(block(page, "play_message_1")).to_be_visible()
    page.get_by_test_id("restore-1").click()
    page.get_by_test_id("restore-confirm").click()
    expect(dialog).to_have_count(0)
    expect(block(page, "say_sales")).to_be_visible()
    expect(block(page, "play_message_1")).to_have_count(0)
    assert api.draft("diff-line")["blocks"] == menu_flow("diff-line")["blocks"]
