"""The Entry points page in the browser: a developer binds a phone number and a chat key to
flows per environment, sees the 409 for a taken address naming its holder, edits and deletes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.designer_ui.browser.admin_server import designer_with_admin, open_as
from tests.designer_ui.browser.pages import Api
from tests.designer_ui.helpers import hello_flow


@pytest.fixture(scope="module")
def designer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with designer_with_admin(tmp_path_factory.mktemp("designer-entry-points")) as url:
        yield url


def test_developer_binds_addresses_to_flows(browser: Browser, designer: str,
                                            screenshot_dir: Path) -> None:
    page = open_as(browser, designer, "dana")
    page.on("dialog", lambda dialog: dialog.accept())
    api = Api(page)
    api.create_flow(hello_flow("hello", name="Hello"))
    api.create_flow(hello_flow("sales", name="Sales"))
    page.get_by_test_id("nav-admin-entry-points").click()
    expect(page.get_by_test_id("entry-table")).to_be_visible()

    page.get_by_test_id("entry-address").fill("+18005550100")
    page.get_by_test_id("entry-flow").select_option("hello")
    page.get_by_test_id("entry-environment").select_option("test")
    page.get_by_test_id("entry-save").click()
    row = page.get_by_test_id("entry-row-+18005550100")
    expect(row).to_contain_text("hello")
    expect(row).to_contain_text("test")

    page.get_by_test_id("entry-kind").select_option("chat")
    page.get_by_test_id("entry-address").fill("web-support")
    page.get_by_test_id("entry-flow").select_option("sales")
    page.get_by_test_id("entry-save").click()
    expect(page.get_by_test_id("entry-row-web-support")).to_contain_text("sales")

    page.get_by_test_id("entry-kind").select_option("phone")
    page.get_by_test_id("entry-address").fill("+18005550100")
    page.get_by_test_id("entry-flow").select_option("sales")
    page.get_by_test_id("entry-environment").select_option("live")
    page.get_by_test_id("entry-save").click()
    expect(page.get_by_test_id("entry-error")).to_contain_text(
        "already leads to flow 'hello' in test")
    page.screenshot(path=str(screenshot_dir / "admin-entry-points-conflict.png"))
    expect(page.locator("[data-testid^='entry-row-']")).to_have_count(2)

    page.get_by_test_id("entry-edit-web-support").click()
    page.get_by_test_id("entry-environment").select_option("dev")
    page.get_by_test_id("entry-save").click()
    expect(page.get_by_test_id("entry-row-web-support")).to_contain_text("dev")
    expect(page.get_by_test_id("entry-error")).to_have_count(0)
    page.get_by_test_id("entry-delete-web-support").click()
    expect(page.get_by_test_id("entry-row-web-support")).to_have_count(0)
    assert [entry["address"] for entry in api.get("/entry-points")] == ["+18005550100"]
    page.context.close()


def test_business_users_do_not_get_the_page(browser: Browser, designer: str) -> None:
    page = open_as(browser, designer, "bea")
    expect(page.get_by_test_id("nav-admin-entry-points")).to_have_count(0)
    page.goto("/#/admin/entry-points")
    expect(page.get_by_test_id("entry-error")).to_be_visible()
    page.context.close()
