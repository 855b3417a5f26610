"""Business Controls in the browser: a business user switches an emergency flag mid-simulation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.designer_ui.browser.flows import emergency_flow
from tests.designer_ui.browser.pages import Api, block, open_editor


def test_switching_an_emergency_flag_reroutes_a_running_simulation(
        login_as: Callable[[str], Page], screenshot_dir: Path) -> None:
    business = login_as("bea")
    Api(business).send("PUT", "/business/emergency/storm", {"on": False})

    developer = login_as("dana")
    Api(developer).create_flow(emergency_flow("storm-line", "storm"))
    open_editor(developer, "storm-line")
    developer.get_by_test_id("tab-simulator").click()
    developer.get_by_test_id("sim-channel").select_option("chat")
    developer.get_by_test_id("sim-start").click()
    expect(developer.get_by_test_id("sim-collect").first).to_contain_text("Press 1 to continue")
    expect(block(developer, "ask")).to_have_attribute("data-sim", "current")

    # While the caller is at the menu, the business user switches the storm flag on.
    business.get_by_test_id("nav-business").click()
    toggle = business.get_by_test_id("emergency-toggle-storm")
    expect(toggle).not_to_be_checked()
    with business.expect_response(lambda response: response.url.endswith("/business/emergency/storm")
                                  and response.request.method == "PUT"):
        toggle.check()
    expect(business.get_by_test_id("emergency-storm")).to_have_attribute("data-on", "true")
    business.screenshot(path=str(screenshot_dir / "business-controls-emergency.png"))
    assert Api(business).get("/business/emergency/storm")["on"] is True

    developer.get_by_test_id("sim-option-1").click()
    expect(developer.get_by_test_id("sim-say").last).to_have_text("We are closed because of the storm.")
    expect(block(developer, "say_storm")).to_have_attribute("data-sim", "visited")
    expect(block(developer, "say_normal")).not_to_have_attribute("data-sim", "visited")
    expect(developer.locator(".react-flow__edge.on-path")).to_have_count(2)
    developer.screenshot(path=str(screenshot_dir / "simulator-emergency-on.png"))


def test_data_table_csv_import_and_view(login_as: Callable[[str], Page]) -> None:
    business = login_as("bea")
    business.get_by_test_id("nav-business").click()
    business.get_by_test_id("business-tab-tables").click()
    business.get_by_test_id("tables-new").fill("vip")
    business.get_by_test_id("tables-open").click()
    business.get_by_test_id("table-csv").fill("ani,tier\n+15551234567,gold\n+15550000000,silver\n")
    business.get_by_test_id("table-import").click()
    expect(business.get_by_test_id("table-message")).to_have_text("Imported.")
    rows = business.get_by_test_id("table-rows")
    expect(rows).to_contain_text("gold")
    expect(rows).to_contain_text("silver")
    table = Api(business).get("/business/tables/vip")
    assert table["key"] == "ani"
    assert [row["tier"] for row in table["rows"]] == ["gold", "silver"]


def test_a_developer_cannot_switch_flags(login_as: Callable[[str], Page]) -> None:
    Api(login_as("bea")).send("PUT", "/business/emergency/outage", {"on": False})
    developer = login_as("devon")
    developer.get_by_test_id("nav-business").click()
    expect(developer.get_by_test_id("emergency-toggle-outage")).to_be_disabled()


def test_business_hours_are_saved_with_their_time_zone(login_as: Callable[[str], Page]) -> None:
    business = login_as("bea")
    business.get_by_test_id("nav-business").click()
    business.get_by_test_id("business-tab-hours").click()
    business.get_by_test_id("hours-new").fill("main")
    business.get_by_test_id("hours-open").click()
    business.get_by_test_id("hours-hours-0").fill("08:00-18:00")
    business.get_by_test_id("hours-timezone").fill("America/New_York")
    business.get_by_test_id("hours-save").click()
    expect(business.get_by_test_id("hours-main")).to_be_visible()
    schedule = Api(business).get("/business/hours/main")["schedule"]
    assert schedule == {"mon-fri": "08:00-18:00", "timezone": "America/New_York"}
