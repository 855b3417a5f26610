"""Nothing fails silently and nothing broken gets published: empty content is an error, a refused
publish says why and keeps the comment, imports and promotions ask first, autosave keeps the
last edit, read-only means read-only, and Compare does not outlive a Restore."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.designer_ui.browser.flows import menu_flow
from tests.designer_ui.browser.pages import Api, block, field, open_editor, select_block, wait_saved


def empty_message_flow(flow_id: str) -> dict[str, object]:
    document = menu_flow(flow_id)
    document["blocks"]["say_sales"]["props"]["prompts"] = [{"tts": ""}]  # type: ignore[index]
    return document


def test_empty_message_refuses_publish_and_keeps_the_comment(login_as: Callable[[str], Page],
                                                            screenshot_dir: Path) -> None:
    page = login_as("dana")
    api = Api(page)
    api.create_flow(empty_message_flow("empty-line"))
    problems = api.get("/flows/empty-line")["problems"]
    assert [(p["code"], p["block_id"]) for p in problems if p["severity"] == "error"] == [
        ("missing_content", "say_sales")]
    open_editor(page, "empty-line")
    expect(page.get_by_test_id("lock-held")).to_be_visible()

    page.get_by_test_id("publish").click()
    page.get_by_test_id("publish-comment").fill("Sales wording")
    page.get_by_test_id("publish-submit").click()
    refused = page.get_by_test_id("publish-refused")
    expect(refused).to_contain_text("Not published: 1 error")
    expect(page.get_by_test_id("publish-dialog")).to_be_visible()
    expect(page.get_by_test_id("publish-comment")).to_have_value("Sales wording")
    page.screenshot(path=str(screenshot_dir / "publish-refused.png"))
    assert api.get("/flows/empty-line/versions") == []

    page.get_by_test_id("publish-problem-link").click()
    expect(page.get_by_test_id("publish-dialog")).to_have_count(0)
    expect(page.get_by_test_id("block-id")).to_have_value("say_sales")
    field(page, "prompts[0].tts").fill("Connecting you to sales.")
    wait_saved(page)
    page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("publish-comment")).to_have_value("Sales wording")
    page.get_by_test_id("publish-submit").click()
    expect(page.get_by_test_id("editor-notice")).to_contain_text("Published version 1")
    assert [v["comment"] for v in api.get("/flows/empty-line/versions")] == ["Sales wording"]


def test_import_over_a_draft_asks_with_what_it_replaces(login_as: Callable[[str], Page],
                                                        screenshot_dir: Path) -> None:
    page = login_as("dana")
    api = Api(page)
    api.create_flow(menu_flow("import-line"))
    replacement = menu_flow("import-line")
    replacement["name"] = "Imported sales line"
    upload = {"name": "import-line.json", "mimeType": "application/json",
              "buffer": json.dumps(replacement).encode()}
    page.reload()

    page.get_by_test_id("import-flow-file").set_input_files(files=[upload])
    dialog = page.get_by_test_id("import-replace-dialog")
    expect(dialog).to_be_visible()
    expect(page.get_by_test_id("import-replaced-import-line")).to_contain_text("Sales line")
    expect(page.get_by_test_id("import-replaced-import-line")).to_contain_text("revision 1")
    page.screenshot(path=str(screenshot_dir / "import-replace.png"))
    page.get_by_test_id("import-cancel").click()
    expect(page.get_by_test_id("flow-list-message")).to_contain_text("nothing was replaced")
    assert api.draft("import-line")["name"] == "Sales line"

    page.get_by_test_id("import-flow-file").set_input_files(files=[upload])
    page.get_by_test_id("import-replace").click()
    expect(page.get_by_test_id("flow-list-message")).to_contain_text("Imported: import-line")
    assert api.draft("import-line")["name"] == "Imported sales line"


def test_promote_asks_naming_flow_version_environment_and_changes(
        login_as: Callable[[str], Page], screenshot_dir: Path) -> None:
    page = login_as("dana")
    api = Api(page)
    api.create_flow(menu_flow("promo-line"))
    api.send("POST", "/flows/promo-line/versions", {"comment": "one"})
    second = menu_flow("promo-line")
    del second["blocks"]["say_support"]
    second["blocks"]["main_menu"]["next"] = {"1": "say_sales"}
    api.send("PUT", "/flows/promo-line", {"document": second}, headers={"If-Match": '"1"'})
    api.send("POST", "/flows/promo-line/versions", {"comment": "two"})
    page = login_as("bea")  # a business user allowed to promote to live
    api = Api(page)
    api.send("PUT", "/environments/live/flows/promo-line", {"version": 1})
    open_editor(page, "promo-line")

    page.get_by_test_id("tab-versions").click()
    page.get_by_test_id("versions-promote").click()
    page.get_by_test_id("promote-env").select_option("live")
    page.get_by_test_id("promote-version").select_option("2")
    page.get_by_test_id("promote-submit").click()
    confirm = page.get_by_test_id("promote-confirm")
    expect(confirm).to_contain_text("Sales line")
    expect(confirm).to_contain_text("version 2")
    expect(confirm).to_contain_text("live")
    expect(page.get_by_test_id("promote-running")).to_contain_text("live runs version 1 now")
    expect(page.get_by_test_id("promote-changes")).to_contain_text("Blocks removed: say_support")
    page.screenshot(path=str(screenshot_dir / "promote-confirm.png"))
    envs = {env["name"]: env["flows"] for env in api.get("/environments")}
    assert envs["live"]["promo-line"] == 1

    page.get_by_test_id("promote-confirm-submit").click()
    expect(page.get_by_test_id("promote-done")).to_contain_text("Version 2 is now in live")
    envs = {env["name"]: env["flows"] for env in api.get("/environments")}
    assert envs["live"]["promo-line"] == 2


def test_autosave_flushes_when_the_tab_is_hidden(login_as: Callable[[str], Page]) -> None:
    page = login_as("dana")
    api = Api(page)
    api.create_flow(menu_flow("flush-line"))
    open_editor(page, "flush-line")
    expect(page.get_by_test_id("lock-held")).to_be_visible()
    select_block(page, "say_sales")
    field(page, "prompts[0].tts").fill("Sales, right away.")
    # Hidden before the debounce ends: the edit is saved now, not 800 ms later or never.
    page.evaluate("""() => {
        Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true});
        document.dispatchEvent(new Event('visibilitychange'));
    }""")
    expect(page.get_by_test_id("save-status")).to_have_attribute("data-status", "saved",
                                                                 timeout=5_000)
    prompts = api.draft("flush-line")["blocks"]["say_sales"]["props"]["prompts"]
    assert prompts == [{"tts": "Sales, right away."}]


def test_leaving_with_unsaved_changes_warns(login_as: Callable[[str], Page]) -> None:
    page = login_as("dana")
    Api(page).create_flow(menu_flow("leave-line"))
    open_editor(page, "leave-line")
    expect(page.get_by_test_id("lock-held")).to_be_visible()
    select_block(page, "say_sales")
    field(page, "prompts[0].tts").fill("Not saved yet")
    cancelled = page.evaluate("""() => {
        const event = new Event('beforeunload', {cancelable: true});
        window.dispatchEvent(event);
        return event.defaultPrevented;
    }""")
    assert cancelled is True
    wait_saved(page)
    after = page.evaluate("""() => {
        const event = new Event('beforeunload', {cancelable: true});
        window.dispatchEvent(event);
        return event.defaultPrevented;
    }""")
    assert after is False


def test_read_only_blocks_cannot_be_dragged(login_as: Callable[[str], Page],
                                            screenshot_dir: Path) -> None:
    dana = login_as("dana")
    Api(dana).create_flow(menu_flow("ro-line"))
    open_editor(dana, "ro-line")
    expect(dana.get_by_test_id("lock-held")).to_be_visible()
    devon = login_as("devon")
    open_editor(devon, "ro-line")
    expect(devon.get_by_test_id("editor")).to_have_attribute("data-read-only", "true")

    def position() -> str:
        """Where say_support sits in flow coordinates (its node's transform), whatever the zoom."""
        return str(block(devon, "say_support").evaluate(
            "el => el.closest('.react-flow__node').style.transform"))

    before = position()
    assert before.startswith("translate(")
    box = block(devon, "say_support").locator(".block-header").bounding_box()
    assert box
    devon.mouse.move(box["x"] + 20, box["y"] + box["height"] / 2)
    devon.mouse.down()
    devon.mouse.move(box["x"] + 220, box["y"] + 160, steps=12)
    devon.mouse.up()
    devon.screenshot(path=str(screenshot_dir / "read-only-drag.png"))
    assert position() == before
    assert Api(devon).draft("ro-line")["blocks"]["say_support"]["ui"] == {"x": 680, "y": 220}


def test_restore_closes_a_stale_comparison(login_as: Callable[[str], Page],
                                           screenshot_dir: Path) -> None:
    page = login_as("dana")
    api = Api(page)
    api.create_flow(menu_flow("cmp-line"))
    api.send("POST", "/flows/cmp-line/versions", {"comment": "v1"})
    changed = copy.deepcopy(menu_flow("cmp-line"))
    del changed["blocks"]["say_support"]
    changed["blocks"]["main_menu"]["next"] = {"1": "say_sales"}
    api.send("PUT", "/flows/cmp-line", {"document": changed}, headers={"If-Match": '"1"'})
    open_editor(page, "cmp-line")
    expect(page.get_by_test_id("lock-held")).to_be_visible()

    page.get_by_test_id("tab-versions").click()
    page.get_by_test_id("compare-1").click()
    expect(page.get_by_test_id("diff-banner")).to_be_visible()
    expect(page.get_by_test_id("ghost-say_support")).to_be_visible()
    page.get_by_test_id("restore-1").click()
    page.get_by_test_id("restore-confirm").click()
    expect(block(page, "say_support")).to_be_visible()
    expect(page.get_by_test_id("diff-banner")).to_have_count(0)
    expect(page.get_by_test_id("ghost-say_support")).to_have_count(0)
    page.screenshot(path=str(screenshot_dir / "restore-closes-compare.png"))
