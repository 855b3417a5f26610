"""The agent desk and the chat widget for everyday use (issue item 16): an agent lands on the
desk, an ended conversation keeps its attached data and skills, attached-data keys read as
labels, the widget's "Start a new chat" leaves the last message in view, and the demo page
suggests phrases the example understands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import BrowserContext, expect

from tests.designer_ui.browser.pages import log_in
from tests.designer_ui.browser.test_chat_widget import (  # noqa: F401 (fixtures)
    AGENT,
    chat_site,
    new_chat_context,
    type_message,
)


def test_an_agent_lands_on_the_desk_and_an_ended_chat_keeps_its_data(
        new_chat_context: Callable[[], BrowserContext], screenshot_dir: Path) -> None:  # noqa: F811
    visitor = new_chat_context().new_page()
    visitor.goto("/chat-demo")
    phrases = visitor.get_by_test_id("demo-phrases")
    expect(phrases).to_contain_text("NW-12345")
    expect(phrases).to_contain_text("talk to someone")
    visitor.get_by_test_id("chat-launcher").click()
    log = visitor.get_by_role("log", name="Conversation")
    expect(log).to_contain_text("What's your order number?")
    type_message(visitor, "nw12345")
    expect(log).to_contain_text("has shipped with UPS")
    type_message(visitor, "talk to someone")
    expect(log).to_contain_text("Waiting for an agent")

    agent = new_chat_context().new_page()
    log_in(agent, AGENT.username)
    # No address given: an agent-only user starts on the desk.
    expect(agent.get_by_test_id("agent-desk")).to_be_visible()
    assert agent.evaluate("window.location.hash") == "#/agent"
    agent.get_by_test_id("desk-waiting").get_by_test_id("desk-accept").click()
    data = agent.get_by_test_id("desk-attached-data").first
    expect(data.locator("dt[data-key='order_number']")).to_have_text("Order number")
    expect(data.locator("dt[data-key='order_status']")).to_have_text("Order status")
    expect(data).to_contain_text("NW-12345")

    agent.get_by_test_id("desk-reply").fill("Your parcel arrives on Friday.")
    agent.get_by_test_id("desk-send").click()
    expect(log).to_contain_text("Your parcel arrives on Friday.")
    agent.get_by_test_id("desk-end").click()
    expect(agent.get_by_test_id("desk-live")).to_have_text("Ended")
    conversation = agent.get_by_test_id("desk-conversation")
    expect(data).to_contain_text("NW-12345")
    expect(conversation).to_contain_text("Skills: orders, chat")
    agent.screenshot(path=str(screenshot_dir / "agent-desk-ended.png"))

    expect(log).to_contain_text("The chat was ended.")
    restart = visitor.get_by_test_id("chat-restart")
    expect(restart).to_be_visible()
    last = visitor.locator("[data-designer-chat] [data-seq]").last
    last_box, log_box, restart_box = last.bounding_box(), log.bounding_box(), restart.bounding_box()
    assert last_box and log_box and restart_box
    # The last message is inside the visible part of the log, and the button is below it.
    assert log_box["y"] <= last_box["y"]
    assert last_box["y"] + last_box["height"] <= log_box["y"] + log_box["height"] + 1
    assert restart_box["y"] >= last_box["y"] + last_box["height"]
    visitor.screenshot(path=str(screenshot_dir / "chat-widget-ended.png"))
