"""The simulator's world (issue item 15): set the clock, the environment and business-control
overrides, so "closed on Sunday evening" can be tried at any hour; the simulator is docked
beside the canvas and never covers it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.designer_ui.browser.pages import Api, open_editor


def hours_flow(flow_id: str) -> dict[str, Any]:
    """Storm flag first, then the care hours decide which message plays."""
    def say(text: str, x: int, y: int) -> dict[str, Any]:
        return {"type": "play_message", "label": text, "ui": {"x": x, "y": y},
                "props": {"prompts": [{"tts": text}]}}

    return {
        "format": "designer-flow", "format_version": 1, "id": flow_id, "name": "Care hours",
        "channels": ["chat"], "languages": ["en-US"], "phases": {"self_service": "storm"},
        "blocks": {
            "storm": {"type": "emergency", "label": "Storm?", "ui": {"x": 40, "y": 120},
                      "props": {"flag": "storm"}, "next": {"on": "say_storm", "off": "hours"}},
            "hours": {"type": "business_hours", "label": "Care hours", "ui": {"x": 320, "y": 120},
                      "props": {"hours": "care"},
                      "next": {"open": "say_open", "closed": "say_closed",
                               "holiday": "say_holiday"}},
            "say_storm": say("Closed for the storm.", 320, -80),
            "say_open": say("We are open.", 620, 0),
            "say_closed": say("We are closed.", 620, 140),
            "say_holiday": say("Closed for a holiday.", 620, 280),
        },
    }


def run(page: Page, expected: str) -> None:
    page.get_by_test_id("sim-start").click()
    expect(page.get_by_test_id("sim-say").last).to_have_text(expected)


def set_clock(page: Page, date: str, time: str) -> None:
    page.get_by_test_id("sim-clock-date").fill(date)
    page.get_by_test_id("sim-clock-time").fill(time)


def overlap(a: dict[str, float], b: dict[str, float]) -> float:
    return max(0.0, min(a["x"] + a["width"], b["x"] + b["width"]) - max(a["x"], b["x"]))


def test_the_clock_and_business_overrides_steer_a_run(login_as: Callable[[str], Page],
                                                      screenshot_dir: Path) -> None:
    business = Api(login_as("bea"))
    business.send("PUT", "/business/hours/care",
                  {"schedule": {"mon-fri": "09:00-17:00", "sun": "10:00-12:00",
                                "timezone": "Europe/Paris"}})
    business.send("PUT", "/business/emergency/storm", {"on": False})

    page = login_as("dana")
    Api(page).create_flow(hours_flow("care-hours"))
    open_editor(page, "care-hours")
    dock = page.get_by_test_id("simulator-dock")
    expect(dock).to_have_attribute("data-open", "false")
    page.get_by_test_id("tab-simulator").click()
    expect(dock).to_have_attribute("data-open", "true")

    # The dock sits beside the canvas: not one pixel of the canvas is under it.
    canvas_box = page.get_by_test_id("canvas").bounding_box()
    dock_box = dock.bounding_box()
    assert canvas_box and dock_box and overlap(canvas_box, dock_box) == 0
    assert dock_box["x"] >= canvas_box["x"] + canvas_box["width"] - 1

    page.get_by_test_id("sim-scenario-toggle").click()
    page.get_by_test_id("sim-clock-fixed").check()
    page.get_by_test_id("sim-clock-zone").select_option("Europe/Paris")
    set_clock(page, "2026-11-29", "19:30")  # a Sunday evening
    expect(page.get_by_test_id("sim-clock-iso")).to_have_text("2026-11-29T19:30:00+01:00")
    run(page, "We are closed.")
    set_clock(page, "2026-07-05", "11:00")  # a Sunday morning, summer time
    expect(page.get_by_test_id("sim-clock-iso")).to_have_text("2026-07-05T11:00:00+02:00")
    run(page, "We are open.")

    # A special day on the simulated date, for this run only.
    page.get_by_test_id("sim-closed-today").click()
    expect(page.get_by_test_id("sim-special-day")).to_contain_text("care: 2026-07-05 closed all day")
    run(page, "Closed for a holiday.")
    expect(page.get_by_test_id("sim-path")).to_contain_text("Care hours → Closed for a holiday.")

    # The storm flag switched on here wins over the stored (off) one.
    page.get_by_test_id("sim-flag-storm").select_option("on")
    run(page, "Closed for the storm.")
    expect(page.get_by_test_id("sim-scenario-summary")).to_contain_text("2 overrides")
    page.screenshot(path=str(screenshot_dir / "editor-15-simulator-world.png"))
    assert business.get("/business/emergency/storm")["on"] is False

    # Another environment's controls: test has no care hours, so the run says so.
    page.get_by_test_id("sim-flag-storm").select_option("stored")
    page.get_by_test_id("sim-environment").select_option("test")
    page.get_by_test_id("sim-start").click()
    expect(page.get_by_test_id("sim-event-error").first).to_contain_text("storm")

    # Collapsed, the dock gives the canvas its room back and the run stays.
    width_open = page.get_by_test_id("canvas").bounding_box()
    page.get_by_test_id("simulator-dock-toggle").click()
    expect(dock).to_have_attribute("data-open", "false")
    width_closed = page.get_by_test_id("canvas").bounding_box()
    assert width_open and width_closed and width_closed["width"] > width_open["width"] + 250
    page.get_by_test_id("simulator-dock-toggle").click()
    expect(page.get_by_test_id("sim-transcript")).to_be_visible()
