"""The Queues page in the browser: a business user creates a queue, sees its real-time figures
(polled), edits it; a developer reads it without the edit controls."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect


def test_create_edit_and_watch_a_queue(login_as: Callable[[str], Page],
                                       screenshot_dir: Path) -> None:
    page = login_as("bea")
    page.get_by_test_id("nav-queues").click()
    expect(page.get_by_test_id("queues-page")).to_be_visible()
    page.get_by_test_id("queue-new").click()
    page.get_by_test_id("queue-name").fill("has space")
    page.get_by_test_id("queue-save").click()
    expect(page.get_by_test_id("queue-error")).to_contain_text("wrong")
    page.get_by_test_id("queue-name").fill("premium")
    page.get_by_test_id("queue-skills").fill("billing:3, fr")
    page.get_by_test_id("queue-sl-percent").fill("90")
    page.get_by_test_id("queue-save").click()
    row = page.get_by_test_id("queue-row-premium")
    expect(row).to_contain_text("billing:3, fr")
    expect(row).to_contain_text("90 % in 20 s")
    expect(page.get_by_test_id("queue-waiting-premium")).to_have_text("0")
    expect(page.get_by_test_id("queue-ready-premium")).to_have_text("0")
    page.get_by_test_id("queue-edit-premium").click()
    page.get_by_test_id("queue-sl-seconds").fill("30")
    page.get_by_test_id("queue-save").click()
    expect(row).to_contain_text("90 % in 30 s")
    page.screenshot(path=str(screenshot_dir / "queues.png"))

    reader = login_as("dana")
    reader.get_by_test_id("nav-queues").click()
    expect(reader.get_by_test_id("queue-row-premium")).to_be_visible()
    expect(reader.get_by_test_id("queue-new")).to_have_count(0)
    expect(reader.get_by_test_id("queue-edit-premium")).to_have_count(0)
