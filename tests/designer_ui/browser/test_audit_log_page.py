"""The Audit log page in the browser: changes made through the API appear with who and what,
the filters narrow them, hostile text stays text, and the CSV link exports the same filter."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.designer_ui.browser.admin_server import designer_with_admin, open_as
from tests.designer_ui.browser.pages import Api
from tests.designer_ui.helpers import hello_flow

HOSTILE = "<img src=x onerror=window.pwned=1>"


@pytest.fixture(scope="module")
def designer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with designer_with_admin(tmp_path_factory.mktemp("designer-audit")) as url:
        yield url


def test_audit_log_filters_and_exports(browser: Browser, designer: str,
                                       screenshot_dir: Path) -> None:
    dana = open_as(browser, designer, "dana")
    Api(dana).create_flow(hello_flow("hello", name=HOSTILE))
    admin = open_as(browser, designer, "ada")
    admin_api = Api(admin)
    dana_id = next(user["id"] for user in admin_api.get("/users") if user["username"] == "dana")
    admin_api.send("PATCH", f"/users/{dana_id}", {"display_name": "Dana D."})
    admin.get_by_test_id("nav-admin-audit").click()
    rows = admin.get_by_test_id("audit-row")
    expect(rows.filter(has_text="flow.create")).to_have_count(1)
    expect(rows.filter(has_text="user.update")).to_have_count(1)

    admin.get_by_test_id("audit-filter-user").fill("dana")
    admin.get_by_test_id("audit-apply").click()
    expect(rows.filter(has_text="user.update")).to_have_count(0)
    expect(rows.filter(has_text="flow:hello")).to_have_count(1)

    admin.get_by_test_id("audit-filter-user").fill("")
    admin.get_by_test_id("audit-filter-object").fill("user:")
    admin.get_by_test_id("audit-apply").click()
    expect(rows.filter(has_text="user.update")).to_have_count(1)
    expect(rows.filter(has_text="auth.login")).not_to_have_count(0)
    expect(rows.filter(has_text="flow.create")).to_have_count(0)

    with admin.expect_download() as download:
        admin.get_by_test_id("audit-csv").click()
    exported = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text())))
    assert {row["object"] for row in exported} == {"user:dana", "user:ada"}
    assert any(row["action"] == "user.update" and row["user"] == "ada" for row in exported)

    tomorrow = (datetime.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    admin.get_by_test_id("audit-filter-object").fill("")
    admin.get_by_test_id("audit-filter-from").fill(tomorrow)
    admin.get_by_test_id("audit-apply").click()
    expect(admin.get_by_test_id("audit-empty")).to_be_visible()

    admin.get_by_test_id("audit-filter-from").fill("")
    admin.get_by_test_id("audit-filter-action").fill("flow.")
    admin.get_by_test_id("audit-apply").click()
    expect(rows.filter(has_text="flow.create")).to_have_count(1)
    expect(rows.filter(has_text="user.update")).to_have_count(0)
    assert admin.evaluate("window.pwned === undefined")
    admin.screenshot(path=str(screenshot_dir / "admin-audit-log.png"))
    dana.context.close()
    admin.context.close()


def test_developers_do_not_see_the_audit_log(browser: Browser, designer: str) -> None:
    page = open_as(browser, designer, "devon")
    expect(page.get_by_test_id("nav-admin-audit")).to_have_count(0)
    page.goto("/#/admin/audit")
    expect(page.get_by_test_id("audit-error")).to_be_visible()
    page.context.close()
