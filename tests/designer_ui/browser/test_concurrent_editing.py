"""Two people (or two tabs) on one flow: the edit lock, and a stale save (412) that loses nothing."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.designer_ui.browser.flows import menu_flow
from tests.designer_ui.browser.pages import Api, block, open_editor, press, select_block, wait_saved


def _relabel(page: Page, block_id: str, label: str) -> None:
    select_block(page, block_id)
    page.get_by_test_id("block-label").fill(label)


def test_the_edit_lock_makes_the_second_editor_read_only(login_as: Callable[[str], Page]) -> None:
    dana = login_as("dana")
    Api(dana).create_flow(menu_flow("locked-line"))
    open_editor(dana, "locked-line")
    expect(dana.get_by_test_id("lock-held")).to_be_visible()

    devon = login_as("devon")
    open_editor(devon, "locked-line")
    expect(devon.get_by_test_id("lock-banner")).to_contain_text("dana is editing")
    expect(devon.get_by_test_id("editor")).to_have_attribute("data-read-only", "true")
    expect(devon.get_by_test_id("palette-menu")).to_have_attribute("draggable", "false")
    select_block(devon, "welcome")
    expect(devon.get_by_test_id("block-label")).not_to_be_editable()

    _relabel(dana, "welcome", "Greeting by Dana")
    wait_saved(dana)
    dana.get_by_test_id("nav-flows").click()  # leaving the editor releases the lock
    expect(dana.get_by_test_id("flow-list")).to_be_visible()

    devon.get_by_test_id("lock-retry").click()
    expect(devon.get_by_test_id("lock-held")).to_be_visible()
    expect(devon.get_by_test_id("editor")).to_have_attribute("data-read-only", "false")
    expect(block(devon, "welcome")).to_contain_text("Greeting by Dana")  # her save was loaded
    _relabel(devon, "main_menu", "Menu by Devon")
    wait_saved(devon)
    blocks = Api(devon).draft("locked-line")["blocks"]
    assert blocks["welcome"]["label"] == "Greeting by Dana"
    assert blocks["main_menu"]["label"] == "Menu by Devon"


def test_a_stale_save_offers_mine_theirs_and_the_difference(login_as: Callable[[str], Page]) -> None:
    first = login_as("dana")
    Api(first).create_flow(menu_flow("stale-line"))
    open_editor(first, "stale-line")
    second = login_as("dana")  # the same person in a second tab holds the same lock
    open_editor(second, "stale-line")
    expect(first.get_by_test_id("lock-held")).to_be_visible()
    expect(second.get_by_test_id("lock-held")).to_be_visible()

    _relabel(first, "welcome", "Welcome from tab one")
    wait_saved(first)
    _relabel(second, "say_sales", "Sales from tab two")
    dialog = second.get_by_test_id("conflict-dialog")
    expect(dialog).to_be_visible()
    expect(second.get_by_test_id("save-status")).to_have_attribute("data-status", "conflict")

    second.get_by_test_id("conflict-show-diff").click()
    diff = second.get_by_test_id("conflict-diff")
    expect(diff).to_contain_text("welcome")
    expect(diff).to_contain_text("say_sales")

    # Take theirs: tab one's draft is shown, and tab two's edit is one undo away.
    second.get_by_test_id("conflict-take-theirs").click()
    expect(dialog).to_have_count(0)
    expect(block(second, "welcome")).to_contain_text("Welcome from tab one")
    expect(block(second, "say_sales")).not_to_contain_text("Sales from tab two")
    press(second, "Control+z")
    expect(block(second, "say_sales")).to_contain_text("Sales from tab two")
    wait_saved(second)
    blocks = Api(second).draft("stale-line")["blocks"]
    assert blocks["say_sales"]["label"] == "Sales from tab two"

    # Tab one is now stale in turn: keep mine saves over the newer draft on purpose.
    _relabel(first, "say_support", "Support from tab one")
    expect(first.get_by_test_id("conflict-dialog")).to_be_visible()
    first.get_by_test_id("conflict-keep-mine").click()
    wait_saved(first)
    blocks = Api(first).draft("stale-line")["blocks"]
    assert blocks["say_support"]["label"] == "Support from tab one"
    assert blocks["welcome"]["label"] == "Welcome from tab one"
