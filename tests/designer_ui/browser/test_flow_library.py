"""The flow list's tools in the browser: search inside flows, where-used, copy, delete refused
with its reasons, and a new flow from an example."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.designer_ui.browser.flows import emergency_flow, menu_flow
from tests.designer_ui.browser.pages import Api


def test_search_inside_and_where_used(login_as: Callable[[str], Page]) -> None:
    page = login_as("dana")
    api = Api(page)
    # The live server is shared with other browser tests: search for words only this flow has.
    sales = menu_flow("lib-sales")
    sales["blocks"]["main_menu"]["props"]["prompts"] = [
        {"tts": "Press 1 for sales or 2 for support, quartz line."}]
    api.create_flow(sales)
    api.create_flow(emergency_flow("lib-storm", "lib-hurricane"))
    page.reload()

    page.get_by_test_id("toggle-inside-search").click()
    page.get_by_test_id("inside-search").fill("support, quartz")
    page.get_by_test_id("inside-search-submit").click()
    hits = page.get_by_test_id("inside-search-hit")
    expect(hits).to_have_count(1)
    expect(hits.first).to_contain_text("main_menu")
    expect(hits.first).to_contain_text("Press 1 for sales or 2 for support, quartz line.")

    page.get_by_test_id("where-used-kind").select_option("emergency")
    page.get_by_test_id("where-used-name").fill("lib-hurricane")
    page.get_by_test_id("where-used-submit").click()
    uses = page.get_by_test_id("where-used-hit")
    expect(uses).to_have_count(1)
    expect(uses.first).to_contain_text("Storm line (draft)")
    expect(uses.first).to_contain_text("check_storm")


def test_copy_then_delete_is_refused_with_reasons(login_as: Callable[[str], Page]) -> None:
    page = login_as("dana")
    api = Api(page)
    api.create_flow(menu_flow("lib-original"))
    api.send("POST", "/flows/lib-original/versions", {"comment": "v1"})
    api.send("PUT", "/environments/dev/flows/lib-original", {"version": 1})
    page.reload()

    page.get_by_test_id("copy-flow-lib-original").click()
    page.get_by_test_id("copy-flow-id").fill("lib-copy")
    page.get_by_test_id("copy-flow-name").fill("Copied line")
    page.get_by_test_id("copy-flow-submit").click()
    expect(page.get_by_test_id("flow-list-message")).to_have_text("Copied to lib-copy.")
    expect(page.get_by_test_id("flow-row-lib-copy")).to_contain_text("Copied line")
    assert api.get("/flows/lib-copy/versions") == []

    page.get_by_test_id("delete-flow-lib-original").click()
    page.get_by_test_id("delete-flow-confirm").click()
    reasons = page.get_by_test_id("delete-flow-in-use")
    expect(reasons).to_contain_text("it runs in dev")
    expect(reasons).to_contain_text("Runs in dev")
    page.get_by_test_id("delete-flow-dialog-close").click()
    expect(page.get_by_test_id("flow-row-lib-original")).to_be_visible()

    page.get_by_test_id("delete-flow-lib-copy").click()
    page.get_by_test_id("delete-flow-confirm").click()
    expect(page.get_by_test_id("flow-list-message")).to_have_text("Deleted lib-copy.")
    expect(page.get_by_test_id("flow-row-lib-copy")).to_have_count(0)


def test_new_flow_from_an_example(login_as: Callable[[str], Page]) -> None:
    page = login_as("dana")
    page.get_by_test_id("new-from-template").click()
    page.get_by_test_id("template-pick").select_option("example:store-hotline")
    expect(page.get_by_test_id("template-description")).to_be_visible()
    page.get_by_test_id("template-flow-name").fill("My store line")
    expect(page.get_by_test_id("template-flow-id")).to_have_value("my-store-line")
    page.get_by_test_id("template-submit").click()
    expect(page.get_by_test_id("editor")).to_be_visible()
    document = Api(page).draft("my-store-line")
    assert document["name"] == "My store line" and document["blocks"]


def test_business_users_see_no_copy_or_delete(login_as: Callable[[str], Page]) -> None:
    page = login_as("bea")
    expect(page.get_by_test_id("flow-list").or_(page.get_by_test_id("flow-list-empty"))).to_be_visible()
    expect(page.locator("[data-testid^='copy-flow-']")).to_have_count(0)
    expect(page.get_by_test_id("new-from-template")).to_have_count(0)
