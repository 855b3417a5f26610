"""Flow kinds in the editor: an in-queue flow (what a waiting customer hears) and an outbound
flow (what the callback dialer plays) are created from New flow and changed in the flow
settings; the palette offers only the blocks the kind may hold, and a block the kind refuses
shows a validation error that says why."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.designer_ui.browser.pages import Api, block, open_editor


def _routing_flow(flow_id: str) -> dict[str, Any]:
    return {
        "format": "designer-flow", "format_version": 1, "id": flow_id, "name": "Kinds routing",
        "kind": "application", "channels": ["voice"], "languages": ["en-US"],
        "phases": {"self_service": "hello", "assisted_service": "to_queue"},
        "blocks": {
            "hello": {"type": "play_message", "ui": {"x": 40, "y": 80},
                      "props": {"prompts": [{"tts": "Hello."}]}},
            "to_queue": {"type": "route", "label": "To support", "ui": {"x": 320, "y": 80},
                         "props": {"target": {"type": "queue", "value": "support"}}},
        },
    }


def test_in_queue_and_outbound_flows_get_their_own_palette(login_as: Callable[[str], Page],
                                                           screenshot_dir: Path) -> None:
    page = login_as("dana")
    page.get_by_test_id("new-flow").click()
    page.get_by_test_id("new-flow-name").fill("Kinds support wait")
    page.get_by_test_id("new-flow-kind").select_option("in_queue")
    expect(page.get_by_test_id("new-flow-kind-hint")).to_contain_text("cannot route or transfer")
    page.get_by_test_id("create-flow-submit").click()
    expect(page.get_by_test_id("lock-held")).to_be_visible()
    expect(block(page, "start")).to_be_visible()
    assert Api(page).draft("kinds-support-wait")["kind"] == "in_queue"
    expect(page.get_by_test_id("palette-menu")).to_be_visible()
    expect(page.get_by_test_id("palette-route")).to_have_count(0)
    expect(page.get_by_test_id("palette-transfer")).to_have_count(0)
    expect(page.get_by_test_id("palette-callback")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "editor-in-queue-palette.png"))

    page.get_by_test_id("tab-flow").click()
    page.get_by_test_id("flow-setting-kind").select_option("outbound")
    expect(page.get_by_test_id("palette-route")).to_be_visible()
    expect(page.get_by_test_id("palette-callback")).to_have_count(0)
    expect(page.get_by_test_id("palette-return")).to_have_count(0)  # modules only

    page.goto("/")
    page.get_by_test_id("new-flow").click()
    page.get_by_test_id("new-flow-name").fill("Kinds callback greeting")
    page.get_by_test_id("new-flow-kind").select_option("outbound")
    expect(page.get_by_test_id("new-flow-channel-chat")).to_be_disabled()
    expect(page.get_by_test_id("new-flow-channel-chat")).not_to_be_checked()
    page.get_by_test_id("create-flow-submit").click()
    expect(page.get_by_test_id("lock-held")).to_be_visible()
    outbound = Api(page).draft("kinds-callback-greeting")
    assert (outbound["kind"], outbound["channels"]) == ("outbound", ["voice"])


def test_a_block_the_kind_refuses_is_explained(login_as: Callable[[str], Page]) -> None:
    page = login_as("dana")
    Api(page).create_flow(_routing_flow("kinds-routing"))
    open_editor(page, "kinds-routing")
    expect(page.get_by_test_id("problems-count")).to_have_text("0 errors, 0 warnings")
    page.get_by_test_id("tab-flow").click()
    page.get_by_test_id("flow-setting-kind").select_option("in_queue")
    expect(page.get_by_test_id("problems-count")).to_have_text("1 error, 0 warnings")
    page.get_by_test_id("problems-count").click()
    problem = page.get_by_test_id("problem-0")
    expect(problem).to_contain_text("To support")
    expect(problem).to_contain_text("An in-queue flow runs while the caller already waits for "
                                    "an agent: it cannot use a 'route' block")
    expect(page.get_by_test_id("problem-badge-to_queue")).to_be_visible()
