"""The Legal holds page in the browser: an admin places holds on an interaction, a flow and a
number with a reason, sees the API's refusals, releases a hold (who and when shown, both written
to the audit log), and the retention purge keeps exactly what the page holds. Developers get
neither the link nor the list."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Dialog, Page, expect

from designer_ui.app import create_app
from designer_ui.extensions import db
from designer_ui.models import VoiceCallRecord
from designer_ui.retention.service import purge_expired
from designer_ui.voice_cdrs import DesignerCdrStore
from runtime.voice.cdr import CallDetailRecord
from tests.designer_ui.browser.admin_server import designer_with_admin, open_as
from tests.designer_ui.browser.pages import Api

HOSTILE = "<img src=x onerror=window.pwned=1>"


@pytest.fixture(scope="module")
def instance(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("designer-legal-holds")


@pytest.fixture(scope="module")
def designer(instance: Path) -> Iterator[str]:
    with designer_with_admin(instance) as url:
        yield url


@pytest.fixture(scope="module")
def same_database(instance: Path, designer: str) -> Flask:
    """An app on the served Designer's database, to store calls and run the purge."""
    return create_app({"INSTANCE_PATH": str(instance), "SECRET_KEY": "browser-tests",
                       "TESTING": True})


def place(page: Page, kind: str, value: str, reason: str) -> None:
    page.get_by_test_id("hold-kind").select_option(kind)
    page.get_by_test_id("hold-value").fill(value)
    page.get_by_test_id("hold-reason").fill(reason)
    page.get_by_test_id("hold-place").click()


def save_old_call(app: Flask, call_id: str, *, ani: str, flow_id: str) -> None:
    started = (datetime.now(UTC) - timedelta(days=400)).timestamp()
    store = DesignerCdrStore(app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        store.save(CallDetailRecord(
            id=call_id, sip_call_id=f"sip-{call_id}", ani=ani, dnis="+18005550100", worker=1,
            started_at=started, flow_id=flow_id, flow_version="1", environment="live",
            answered_at=started + 1, ended_at=started + 30, disposition="self_service"))
    finally:
        store.close()


def stored_calls(app: Flask, ids: set[str]) -> set[str]:
    with app.app_context():
        return set(db.session.execute(db.select(VoiceCallRecord.id).where(
            VoiceCallRecord.id.in_(ids))).scalars())


def test_admin_places_and_releases_holds(browser: Browser, designer: str, same_database: Flask,
                                         screenshot_dir: Path) -> None:
    tag = uuid.uuid4().hex[:8]
    interaction, flow, number = f"call-{tag}", f"flow-{tag}", f"+1555{int(tag, 16) % 10**7:07d}"
    admin = open_as(browser, designer, "ada")
    admin.get_by_test_id("nav-admin-legal-holds").click()
    expect(admin.get_by_test_id("legal-holds-page")).to_be_visible()

    place(admin, "interaction", interaction, f"Case {tag} {HOSTILE}")
    expect(admin.get_by_test_id("hold-notice")).to_contain_text(f"interaction {interaction}")
    row = admin.get_by_test_id(f"hold-row-{interaction}")
    expect(row).to_contain_text(HOSTILE)
    expect(row).to_contain_text("ada")
    place(admin, "flow", flow, f"Case {tag}")
    expect(admin.get_by_test_id(f"hold-row-{flow}")).to_contain_text("flow")
    place(admin, "number", number, f"Case {tag}")
    expect(admin.get_by_test_id(f"hold-row-{number}")).to_contain_text("number")

    expect(admin.get_by_test_id("hold-value")).to_have_value("")  # the form was reset
    place(admin, "flow", flow, "again")  # the API refuses a second hold on the same flow
    expect(admin.get_by_test_id("hold-error")).to_contain_text(
        f"There is already a legal hold on flow '{flow}'")
    place(admin, "number", "   ", "blank")
    expect(admin.get_by_test_id("hold-error")).to_contain_text("A legal hold needs a value")
    expect(admin.get_by_test_id(f"hold-row-{flow}")).to_have_count(1)

    ids = {interaction, f"by-flow-{tag}", f"by-number-{tag}", f"free-{tag}"}
    save_old_call(same_database, interaction, ani="+15550000", flow_id="bank")
    save_old_call(same_database, f"by-flow-{tag}", ani="+15550000", flow_id=flow)
    save_old_call(same_database, f"by-number-{tag}", ani=number, flow_id="bank")
    save_old_call(same_database, f"free-{tag}", ani="+15550000", flow_id="bank")
    report = purge_expired(same_database)
    assert report.held_calls >= 3
    assert stored_calls(same_database, ids) == ids - {f"free-{tag}"}

    admin.once("dialog", lambda dialog: Dialog.accept(dialog))
    admin.get_by_test_id(f"hold-release-{interaction}").click()
    expect(admin.get_by_test_id(f"hold-row-{interaction}")).to_have_count(0)
    expect(admin.get_by_test_id("hold-notice")).to_contain_text("released")
    released = admin.get_by_test_id(f"release-row-{interaction}")
    expect(released).to_contain_text(HOSTILE)
    expect(released.get_by_test_id("release-by")).to_have_text("ada")
    purge_expired(same_database)
    assert stored_calls(same_database, ids) == {f"by-flow-{tag}", f"by-number-{tag}"}

    audit = Api(admin).get("/audit?object=legal_hold:&limit=100")
    mine = [entry for entry in audit if tag in str(entry["details"].get("reason", ""))]
    assert sorted(entry["action"] for entry in mine) == [
        "legal_hold.place", "legal_hold.place", "legal_hold.place", "legal_hold.release"]
    assert all(entry["user"] == "ada" for entry in mine)
    assert admin.evaluate("window.pwned === undefined")
    admin.screenshot(path=str(screenshot_dir / "admin-legal-holds.png"), full_page=True)
    admin.context.close()


def test_developers_get_no_legal_holds(browser: Browser, designer: str) -> None:
    page = open_as(browser, designer, "devon")
    expect(page.get_by_test_id("nav-admin-audit")).to_have_count(0)
    expect(page.get_by_test_id("nav-admin-legal-holds")).to_have_count(0)
    page.goto("/#/admin/legal-holds")
    expect(page.get_by_test_id("hold-error")).to_be_visible()
    page.context.close()
