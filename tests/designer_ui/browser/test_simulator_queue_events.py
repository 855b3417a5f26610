"""Queue events in the simulator panel: while a route waits, "Agent answers" then "Agent hangs
up" takes the route's after_agent port (the survey asks); an in-queue flow's position and wait
are set from the queue controls and its next prompt says them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.designer_ui.browser.pages import Api, open_editor


def _say(text: str, x: int, y: int) -> dict[str, Any]:
    return {"type": "play_message", "ui": {"x": x, "y": y}, "props": {"prompts": [{"tts": text}]}}


def _desk(flow_id: str) -> dict[str, Any]:
    return {
        "format": "designer-flow", "format_version": 1, "id": flow_id, "name": "Sim agent desk",
        "kind": "application", "channels": ["voice"], "languages": ["en-US"],
        "phases": {"self_service": "hello", "assisted_service": "to_queue"},
        "blocks": {
            "hello": _say("Welcome.", 40, 80),
            "to_queue": {"type": "route", "ui": {"x": 320, "y": 80},
                         "props": {"target": {"type": "queue", "value": "support"}},
                         "next": {"after_agent": "survey"}},
            "survey": {"type": "menu", "ui": {"x": 600, "y": 80},
                       "props": {"prompts": [{"tts": "Press 1 if we helped."}],
                                 "options": [{"key": "1", "label": "Helped"}]},
                       "next": {"1": "thanks"}},
            "thanks": _say("Thank you.", 880, 80),
        },
    }


def _wait(flow_id: str) -> dict[str, Any]:
    announce = ("You are number {{ system.Queue ? system.Queue.position : 'unknown' }}, about "
                "{{ system.Queue ? system.Queue.ewt_s : 'unknown' }} seconds.")
    return {
        "format": "designer-flow", "format_version": 1, "id": flow_id, "name": "Sim queue wait",
        "kind": "in_queue", "channels": ["voice"], "languages": ["en-US"],
        "phases": {"self_service": "announce"},
        "blocks": {
            "announce": {"type": "menu", "ui": {"x": 40, "y": 80},
                         "props": {"prompts": [{"tts": announce}],
                                   "options": [{"key": "1", "label": "Again"}]},
                         "next": {"1": "announce", "noinput": "announce",
                                  "nomatch": "announce"}},
        },
    }


def test_agent_answers_and_hangs_up_in_the_simulator(login_as: Callable[[str], Page],
                                                     screenshot_dir: Path) -> None:
    page = login_as("dana")
    Api(page).create_flow(_desk("sim-queue-desk"))
    open_editor(page, "sim-queue-desk")
    page.get_by_test_id("tab-simulator").click()
    page.get_by_test_id("sim-start").click()
    expect(page.get_by_test_id("sim-agent-answers")).to_be_visible()
    page.get_by_test_id("sim-agent-answers").click()
    expect(page.get_by_test_id("sim-agent-talking")).to_be_visible()
    expect(page.get_by_test_id("sim-world-success")).to_have_count(0)
    page.screenshot(path=str(screenshot_dir / "simulator-agent-talking.png"))
    page.get_by_test_id("sim-agent-hangs-up").click()
    expect(page.get_by_test_id("sim-collect").last).to_contain_text("Press 1 if we helped.")
    expect(page.get_by_test_id("sim-path")).to_have_attribute(
        "data-path", "hello to_queue survey")


def test_queue_figures_in_the_simulator(login_as: Callable[[str], Page]) -> None:
    page = login_as("dana")
    Api(page).create_flow(_wait("sim-queue-wait"))
    open_editor(page, "sim-queue-wait")
    page.get_by_test_id("tab-simulator").click()
    page.get_by_test_id("sim-start").click()
    expect(page.get_by_test_id("sim-collect").last).to_contain_text("You are number unknown")
    page.get_by_test_id("sim-queue-position").fill("2")
    page.get_by_test_id("sim-queue-wait").fill("30")
    page.get_by_test_id("sim-queue-set").click()
    expect(page.get_by_test_id("sim-queue")).to_contain_text("now 2, 30 s")
    page.get_by_test_id("sim-noinput").click()
    expect(page.get_by_test_id("sim-collect").last).to_contain_text(
        "You are number 2, about 30 seconds.")
