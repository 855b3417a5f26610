"""Building a flow by hand: palette drag, port connections, schema-made properties, saving."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.designer_ui.browser.flows import menu_flow
from tests.designer_ui.browser.pages import (
    Api,
    block,
    block_ids,
    connect_ports,
    drag_from_palette,
    field,
    open_editor,
    press,
    select_block,
    wait_saved,
)


def test_log_in_and_see_the_flow_list(login_as: Callable[[str], Page]) -> None:
    page = login_as("dana")
    expect(page.get_by_test_id("new-flow")).to_be_visible()
    expect(page.get_by_test_id("flow-search")).to_be_visible()


def test_wrong_password_is_refused(new_context: Callable[[], object], live_server: str) -> None:
    page = new_context().new_page()  # type: ignore[attr-defined]
    page.goto("/")
    page.get_by_test_id("login-username").fill("dana")
    page.get_by_test_id("login-password").fill("not the password")
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("login-error")).to_be_visible()


def test_build_a_flow_by_dragging_and_connecting(login_as: Callable[[str], Page],
                                                 screenshot_dir: Path) -> None:
    page = login_as("dana")
    page.get_by_test_id("new-flow").click()
    page.get_by_test_id("new-flow-name").fill("Order line")
    page.get_by_test_id("create-flow-submit").click()
    expect(page.get_by_test_id("lock-held")).to_be_visible()
    expect(block(page, "start")).to_be_visible()

    drag_from_palette(page, "menu", 700, 160)
    expect(block(page, "menu_1")).to_be_visible()
    drag_from_palette(page, "segmentation", 700, 520)
    expect(block(page, "segmentation_1")).to_be_visible()

    # The menu: its prompt, one option (the option's key becomes a port).
    select_block(page, "menu_1")
    page.get_by_test_id("add-prompts").click()
    field(page, "prompts[0].tts").fill("Press 1 for orders.")
    field(page, "options[0].key").fill("1")
    field(page, "options[0].label").fill("Orders")
    expect(page.get_by_test_id("port-menu_1-1")).to_be_visible()

    # An expression with a typo: the error names its column; fixing it clears the error.
    select_block(page, "segmentation_1")
    field(page, "conditions[0].name").fill("chat")
    field(page, "conditions[0].expression").fill("system.Channel == ")
    error = page.get_by_test_id("expr-error-conditions[0].expression")
    expect(error).to_be_visible()
    expect(error).to_contain_text("Column")
    assert error.get_attribute("data-column")
    field(page, "conditions[0].expression").fill("system.Channel == 'chat'")
    expect(error).to_have_count(0)

    # Connections drawn with the mouse from port handles to input handles.
    press(page, "Shift+F")
    page.wait_for_timeout(400)
    connect_ports(page, "start", "next", "menu_1")
    connect_ports(page, "menu_1", "1", "segmentation_1")
    expect(page.locator(".react-flow__edge")).to_have_count(2)

    # A third block, connected from the property panel (the keyboard way).
    canvas_width = page.get_by_test_id("canvas").bounding_box()["width"]  # beside the panels
    drag_from_palette(page, "play_message", int(canvas_width) - 80, 520)
    select_block(page, "play_message_1")
    field(page, "prompts[0].tts").fill("Thanks for chatting.")
    page.get_by_test_id("block-label").fill("Thanks")
    select_block(page, "segmentation_1")
    page.get_by_test_id("connect-chat").select_option("play_message_1")
    page.get_by_test_id("connect-default").select_option("play_message_1")
    expect(page.locator(".react-flow__edge")).to_have_count(4)

    wait_saved(page)
    page.screenshot(path=str(screenshot_dir / "editor-built-flow.png"))
    document = Api(page).draft("order-line")
    assert document["blocks"]["start"]["next"] == {"next": "menu_1"}
    assert document["blocks"]["menu_1"]["next"] == {"1": "segmentation_1"}
    assert document["blocks"]["segmentation_1"]["props"]["conditions"] == [
        {"name": "chat", "expression": "system.Channel == 'chat'"}]
    assert document["blocks"]["segmentation_1"]["next"] == {"chat": "play_message_1",
                                                            "default": "play_message_1"}

    # Reload: the same flow comes back.
    page.reload()
    expect(block(page, "play_message_1")).to_contain_text("Thanks")
    assert block_ids(page) == {"start", "menu_1", "segmentation_1", "play_message_1"}
    expect(page.locator(".react-flow__edge")).to_have_count(4)
    assert Api(page).draft("order-line") == document


def test_keyboard_editing_undo_copy_paste_delete(login_as: Callable[[str], Page]) -> None:
    from tests.designer_ui.browser.flows import menu_flow

    page = login_as("dana")
    Api(page).create_flow(menu_flow("keys-flow"))
    page.goto("/#/flows/keys-flow")
    expect(page.get_by_test_id("lock-held")).to_be_visible()
    select_block(page, "say_sales")
    press(page, "Control+c")
    press(page, "Control+v")
    expect(block(page, "play_message_1")).to_be_visible()
    press(page, "Delete")
    expect(block(page, "play_message_1")).to_have_count(0)
    press(page, "Control+z")
    expect(block(page, "play_message_1")).to_be_visible()
    press(page, "Control+Shift+z")
    expect(block(page, "play_message_1")).to_have_count(0)

    # Multi-select with Ctrl+click, then delete both: their edges go too.
    block(page, "say_sales").locator(".block-header").click()
    block(page, "say_support").locator(".block-header").click(modifiers=["Control"])
    press(page, "Delete")
    assert block_ids(page) == {"welcome", "main_menu"}
    expect(page.locator(".react-flow__edge")).to_have_count(1)
    press(page, "Control+z")
    assert block_ids(page) == {"welcome", "main_menu", "say_sales", "say_support"}

    # Auto-layout moves blocks into lanes; help lists the shortcuts.
    page.get_by_test_id("auto-layout").click()
    expect(page.get_by_test_id("lane-self_service")).to_be_visible()
    press(page, "?")
    expect(page.get_by_test_id("shortcuts-help")).to_contain_text("Ctrl+Shift+Z")
    page.keyboard.press("Escape")
    wait_saved(page)
    assert set(Api(page).draft("keys-flow")["blocks"]) == {"welcome", "main_menu", "say_sales",
                                                          "say_support"}


def test_validation_problems_jump_to_the_block(login_as: Callable[[str], Page]) -> None:
    from tests.designer_ui.browser.flows import menu_flow

    page = login_as("dana")
    document = menu_flow("problems-flow")
    document["blocks"]["orphan"] = {"type": "play_message", "label": "Orphan",
                                    "ui": {"x": 60, "y": 400},
                                    "props": {"prompts": [{"tts": "Nobody gets here."}]}}
    Api(page).create_flow(document)
    page.goto("/#/flows/problems-flow")
    page.get_by_test_id("validate").click()
    problem = page.locator("[data-testid^='problem-'][data-block-id='orphan']").first
    expect(problem).to_be_visible()
    expect(page.get_by_test_id("problem-badge-orphan")).to_be_visible()
    problem.click()
    expect(page.get_by_test_id("block-id")).to_have_value("orphan")


def test_block_colour_and_note_show_on_the_canvas(login_as: Callable[[str], Page]) -> None:
    page = login_as("dana")
    api = Api(page)
    api.create_flow(menu_flow("notes-line"))
    open_editor(page, "notes-line")
    expect(page.get_by_test_id("lock-held")).to_be_visible()
    select_block(page, "main_menu")
    page.get_by_test_id("block-color").fill("#ffcc00")
    page.get_by_test_id("block-note").fill("Marketing owns these options.")
    wait_saved(page)
    menu = block(page, "main_menu")
    expect(menu).to_have_attribute("data-color", "#ffcc00")
    expect(page.get_by_test_id("note-badge-main_menu")).to_have_attribute(
        "title", "Marketing owns these options.")
    expect(page.get_by_test_id("note-badge-welcome")).to_have_count(0)
    ui = api.draft("notes-line")["blocks"]["main_menu"]["ui"]
    assert ui == {"x": 360, "y": 60, "color": "#ffcc00", "note": "Marketing owns these options."}

    page.get_by_test_id("block-color-clear").click()
    page.get_by_test_id("block-note").fill("")
    wait_saved(page)
    expect(menu).not_to_have_attribute("data-color", "#ffcc00")
    expect(page.get_by_test_id("note-badge-main_menu")).to_have_count(0)
    assert api.draft("notes-line")["blocks"]["main_menu"]["ui"] == {"x": 360, "y": 60}
