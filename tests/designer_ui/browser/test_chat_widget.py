"""The web chat widget and the agent desk in Chromium: a visitor chats through the order-status
example on the demo page (its order look-ups go to a local service), asks for a person, an
agent accepts on the desk and replies, the visitor reloads mid-conversation and carries on
with nothing missing or doubled."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from werkzeug.serving import make_server

from tests.designer_ui.browser import live_server
from tests.designer_ui.browser.live_server import ROOT, add_users, require_build_and_browser
from tests.designer_ui.browser.pages import log_in
from tests.designer_ui.chat.helpers import order_service, order_status_flow, publish

WIDGET = ROOT / "designer_ui" / "static" / "widget" / "chat.js"
AGENT = live_server.TestUser("alex", ("agent",))


@pytest.fixture(scope="module")
def chat_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from designer_ui.app import create_app
    from designer_ui.chat import chat_service

    require_build_and_browser()
    if not WIDGET.is_file():
        pytest.fail(f"The chat widget is not built ({WIDGET}): run `npm run build` in "
                    "designer_ui/frontend.", pytrace=False)
    folder: Path = tmp_path_factory.mktemp("chat-site")
    with order_service() as orders:
        app = create_app({"INSTANCE_PATH": str(folder), "SECRET_KEY": "chat-browser",
                          "TESTING": True, "SESSION_STORE": str(folder / "sessions.db"),
                          "HTTP_ALLOWLIST": "127.0.0.1", "CHAT_TIMER_LOOP": "auto",
                          "CHAT_STREAM_SECONDS": 20})
        add_users(app, (AGENT,))
        publish(app, order_status_flow(orders), "order-status")
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_port}"
        finally:
            server.shutdown()
            thread.join(10)
            server.server_close()
            chat_service(app).close()


@pytest.fixture
def new_chat_context(browser: Browser, chat_site: str) -> Iterator[Callable[[], BrowserContext]]:
    made: list[BrowserContext] = []

    def make() -> BrowserContext:
        context = browser.new_context(base_url=chat_site, viewport={"width": 1400, "height": 900})
        context.set_default_timeout(15_000)
        made.append(context)
        return context

    yield make
    for each in made:
        each.close()


def watch_errors(page: Page, errors: list[str]) -> Page:
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    return page


def seqs(page: Page) -> list[int]:
    found = page.locator("[data-designer-chat] [data-seq]").evaluate_all(
        "nodes => nodes.map(node => Number(node.dataset.seq))")
    return [int(seq) for seq in found]


def type_message(page: Page, text: str) -> None:
    page.get_by_test_id("chat-input").fill(text)
    page.get_by_test_id("chat-input").press("Enter")


def test_visitor_agent_handover_and_reload(new_chat_context: Callable[[], BrowserContext]
                                           ) -> None:
    errors: list[str] = []
    visitor = watch_errors(new_chat_context().new_page(), errors)
    visitor.goto("/chat-demo")
    visitor.get_by_test_id("chat-launcher").click()
    log = visitor.get_by_role("log", name="Conversation")
    expect(log).to_contain_text("Hi! I'm the Northwind order assistant.")
    expect(log).to_contain_text("What's your order number?")
    type_message(visitor, "nw12345")
    expect(log).to_contain_text("Good news: order NW-12345 has shipped with UPS, tracking "
                                "number 1Z999AA10123456784.")
    visitor.get_by_role("button", name="Talk to a person").click()
    expect(log).to_contain_text("I'm connecting you with a member of our customer care team.")
    expect(log).to_contain_text("Waiting for an agent")
    expect(visitor.get_by_role("button", name="I'm done")).to_be_disabled()

    agent = watch_errors(new_chat_context().new_page(), errors)
    log_in(agent, AGENT.username)
    agent.goto("/#/agent")
    waiting = agent.get_by_test_id("desk-waiting")
    expect(waiting).to_have_count(1)
    expect(agent.get_by_test_id("agent-desk")).to_contain_text("chat-order-support")
    expect(waiting).to_contain_text("Skills: orders, chat")
    expect(waiting).to_contain_text("order_number: NW-12345")
    waiting.get_by_test_id("desk-accept").click()
    transcript = agent.get_by_test_id("desk-transcript")
    expect(transcript).to_contain_text("nw12345")
    expect(transcript).to_contain_text("Talk to a person")
    expect(agent.get_by_test_id("desk-attached-data").first).to_contain_text("NW-12345")
    expect(agent.get_by_test_id("desk-live")).to_have_text("Live")
    expect(log).to_contain_text("Alex joined the conversation.")

    agent.get_by_test_id("desk-reply").fill("Hi, I'm Alex. <b>Let me check</b> that.")
    agent.get_by_test_id("desk-send").click()
    expect(log).to_contain_text("Hi, I'm Alex. <b>Let me check</b> that.")
    assert visitor.locator("[data-designer-chat] b").count() == 0

    type_message(visitor, "Thanks! <img src=x onerror=alert(1)>")
    expect(transcript).to_contain_text("Thanks! <img src=x onerror=alert(1)>")
    assert agent.locator("[data-testid=desk-transcript] img").count() == 0
    expect(visitor.get_by_test_id("chat-pending")).to_have_count(0)

    before = seqs(visitor)
    assert before == sorted(set(before))
    visitor.reload()
    expect(log).to_contain_text("Thanks! <img src=x onerror=alert(1)>")
    expect(visitor.locator("[data-designer-chat] [data-seq]")).to_have_count(len(before))
    assert seqs(visitor) == before

    agent.get_by_test_id("desk-reply").fill("Your parcel arrives on Friday.")
    agent.get_by_test_id("desk-send").click()
    expect(log).to_contain_text("Your parcel arrives on Friday.")
    type_message(visitor, "Great, bye!")
    expect(transcript).to_contain_text("Great, bye!")
    after = seqs(visitor)
    assert after[:len(before)] == before and after == sorted(set(after))
    assert log.get_by_text("Your parcel arrives on Friday.").count() == 1

    agent.get_by_test_id("desk-end").click()
    expect(log).to_contain_text("The chat was ended.")
    expect(visitor.get_by_test_id("chat-input")).to_be_disabled()
    expect(visitor.get_by_test_id("chat-restart")).to_be_visible()
    assert errors == []


def test_keyboard_theme_and_reconnect(new_chat_context: Callable[[], BrowserContext]) -> None:
    browser_context = new_chat_context()
    visitor = browser_context.new_page()
    visitor.goto("/chat-demo")
    host = visitor.locator("[data-designer-chat]")
    assert host.evaluate("node => node.style.getPropertyValue('--dc-accent')") == "#1f6f5c"
    launcher = visitor.get_by_test_id("chat-launcher")
    expect(launcher).to_have_attribute("aria-expanded", "false")
    launcher.focus()
    visitor.keyboard.press("Enter")
    expect(visitor.get_by_test_id("chat-input")).to_be_focused()
    log = visitor.get_by_role("log", name="Conversation")
    expect(log).to_have_attribute("aria-live", "polite")
    expect(log).to_contain_text("What's your order number?")
    browser_context.set_offline(True)
    type_message(visitor, "NW-54321")
    expect(visitor.get_by_test_id("chat-pending")).to_have_count(1)
    browser_context.set_offline(False)
    expect(log).to_contain_text("Order NW-54321 is out for delivery with FedEx")
    expect(log.get_by_text("NW-54321", exact=True)).to_have_count(1)
    visitor.keyboard.press("Escape")
    expect(visitor.get_by_test_id("chat-panel")).to_be_hidden()
    expect(launcher).to_be_focused()
