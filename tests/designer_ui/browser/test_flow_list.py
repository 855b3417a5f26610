"""The flow list: search, import a flow file, open it; flow variables and prompts in the editor."""

from __future__ import annotations

import json
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.designer_ui.browser.flows import menu_flow
from tests.designer_ui.browser.pages import Api, open_editor, wait_saved


def test_import_search_and_open(login_as: Callable[[str], Page]) -> None:
    page = login_as("dana")
    document = menu_flow("imported-line")
    document["name"] = "Imported <b>line</b>"  # flow data is shown as text, never as HTML
    page.get_by_test_id("import-flow-file").set_input_files(files=[{
        "name": "imported-line.json", "mimeType": "application/json",
        "buffer": json.dumps(document).encode()}])
    expect(page.get_by_test_id("flow-list-message")).to_contain_text("imported-line")
    Api(page).create_flow(menu_flow("another-line"))

    page.get_by_test_id("flow-search").fill("imported")
    expect(page.get_by_test_id("flow-row-imported-line")).to_be_visible()
    expect(page.get_by_test_id("flow-row-another-line")).to_have_count(0)
    page.get_by_test_id("open-flow-imported-line").click()
    expect(page.get_by_test_id("flow-name")).to_have_text("Imported <b>line</b>")
    assert page.locator("[data-testid='flow-name'] b").count() == 0


def test_variables_and_prompts_editors(login_as: Callable[[str], Page]) -> None:
    page = login_as("dana")
    Api(page).create_flow(menu_flow("vars-line"))
    open_editor(page, "vars-line")
    expect(page.get_by_test_id("lock-held")).to_be_visible()

    page.get_by_test_id("tab-variables").click()
    page.get_by_test_id("new-variable-name").fill("orderId")
    page.get_by_test_id("add-variable").click()
    page.get_by_test_id("variable-default-orderId").fill('"A-1"')
    page.get_by_test_id("tab-prompts").click()
    page.get_by_test_id("new-prompt-name").fill("greeting")
    page.get_by_test_id("add-prompt").click()
    page.get_by_test_id("prompt-greeting-en-US-tts").fill("Hello there")
    wait_saved(page)
    document = Api(page).draft("vars-line")
    assert document["variables"]["orderId"]["default"] == "A-1"
    assert document["prompts"]["greeting"]["en-US"]["tts"] == "Hello there"
