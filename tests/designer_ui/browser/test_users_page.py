"""The Users page in the browser: adding a user (the password rule's message shown), roles,
API tokens shown once and revoked, a password reset that ends the user's sessions,
deactivation, and the admin changing their own password as the start-up message says."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.designer_ui.browser.admin_server import designer_with_admin, open_as
from tests.designer_ui.browser.live_server import PASSWORD

STRONG = "quiet otter sails north 61"


@pytest.fixture(scope="module")
def designer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with designer_with_admin(tmp_path_factory.mktemp("designer-users")) as url:
        yield url


def _accept_dialogs(page: Page) -> None:
    page.on("dialog", lambda dialog: dialog.accept())


def _status(page: Page, path: str, token: str | None = None) -> int:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return page.request.get(f"/api/v1{path}", headers=headers).status


def test_only_admins_see_users(browser: Browser, designer: str) -> None:
    page = open_as(browser, designer, "dana")
    expect(page.get_by_test_id("nav-admin-entry-points")).to_be_visible()
    expect(page.get_by_test_id("nav-admin-users")).to_have_count(0)
    page.goto("/#/admin/users")
    expect(page.get_by_role("alert")).to_be_visible()
    assert _status(page, "/users") == 403
    page.context.close()


def test_admin_manages_a_user(browser: Browser, designer: str, screenshot_dir: Path) -> None:
    page = open_as(browser, designer, "ada")
    _accept_dialogs(page)
    page.get_by_test_id("nav-admin-users").click()
    expect(page.get_by_test_id("user-row-dana")).to_be_visible()

    page.get_by_test_id("user-create-username").fill("rosa")
    page.get_by_test_id("user-create-display-name").fill("Rosa")
    page.get_by_test_id("user-create-password").fill("password123")
    page.get_by_test_id("user-create-submit").click()
    expect(page.get_by_test_id("user-create-error")).to_contain_text("too weak")
    expect(page.get_by_test_id("user-row-rosa")).to_have_count(0)
    page.get_by_test_id("user-create-password").fill(STRONG)
    page.get_by_test_id("user-create-roles-developer").check()
    page.get_by_test_id("user-create-submit").click()
    expect(page.get_by_test_id("user-row-rosa")).to_contain_text("business, developer")

    page.get_by_test_id("user-open-rosa").click()
    page.get_by_test_id("user-edit-roles-reviewer").check()
    page.get_by_test_id("user-edit-promote-live").check()
    page.get_by_test_id("user-edit-save").click()
    expect(page.get_by_test_id("user-edit-message")).to_have_text("Saved.")
    expect(page.get_by_test_id("user-row-rosa")).to_contain_text("business, developer, reviewer")
    expect(page.get_by_test_id("user-row-rosa")).to_contain_text("yes")

    page.get_by_test_id("token-name").fill("ci pipeline")
    page.get_by_test_id("token-create").click()
    secret = page.get_by_test_id("token-secret").locator("code").inner_text()
    assert secret.startswith("dsg_")
    expect(page.get_by_test_id("token-row")).to_have_count(1)
    assert _status(page, "/flows", secret) == 200
    page.get_by_test_id("token-revoke-ci pipeline").click()
    expect(page.get_by_test_id("tokens-empty")).to_be_visible()
    expect(page.get_by_test_id("token-secret")).to_have_count(0)
    assert _status(page, "/flows", secret) == 401

    rosa = open_as(browser, designer, "dana")  # any second browser; log in as rosa below
    rosa.request.post("/api/v1/auth/logout", headers={"X-CSRF-Token": rosa.request.get(
        "/api/v1/auth/me").json()["csrf_token"]})
    assert rosa.request.post("/api/v1/auth/login",
                             data={"username": "rosa", "password": STRONG}).ok
    assert _status(rosa, "/auth/me") == 200
    page.get_by_test_id("reset-password-input").fill("rosa12345")
    page.get_by_test_id("reset-password-set").click()
    expect(page.get_by_test_id("reset-password-error")).to_contain_text("too weak")
    assert _status(rosa, "/auth/me") == 200
    page.get_by_test_id("reset-password-generate").click()
    generated = page.get_by_test_id("reset-password-generated").inner_text()
    assert len(generated) >= 16
    assert _status(rosa, "/auth/me") == 401
    assert rosa.request.post("/api/v1/auth/login",
                             data={"username": "rosa", "password": generated}).ok

    page.get_by_test_id("user-deactivate").click()
    expect(page.get_by_test_id("user-row-rosa")).to_contain_text("deactivated")
    assert _status(rosa, "/auth/me") == 401
    page.screenshot(path=str(screenshot_dir / "admin-users.png"))
    page.get_by_test_id("user-activate").click()
    expect(page.get_by_test_id("user-row-rosa")).to_contain_text("active")
    page.get_by_test_id("user-open-ada").click()
    expect(page.get_by_test_id("user-deactivate")).to_be_disabled()
    expect(page.get_by_test_id("password-reset")).to_have_count(0)
    rosa.context.close()
    page.context.close()


def test_admin_changes_own_password(browser: Browser, designer: str) -> None:
    page = open_as(browser, designer, "ada")
    page.get_by_test_id("nav-admin-users").click()
    page.get_by_test_id("my-password-current").fill(PASSWORD)
    page.get_by_test_id("my-password-new").fill("password1")
    page.get_by_test_id("my-password-submit").click()
    expect(page.get_by_test_id("my-password-message")).to_contain_text("too weak")
    page.get_by_test_id("my-password-new").fill(STRONG)
    page.get_by_test_id("my-password-submit").click()
    expect(page.get_by_test_id("my-password-message")).to_contain_text("password is changed")
    page.get_by_test_id("user-open-dana").click()  # the fresh session keeps working
    page.get_by_test_id("user-edit-save").click()
    expect(page.get_by_test_id("user-edit-message")).to_have_text("Saved.")
    page.get_by_test_id("logout").click()
    page.get_by_test_id("login-username").fill("ada")
    page.get_by_test_id("login-password").fill(STRONG)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("current-user")).to_have_text("Ada")
    page.context.close()
