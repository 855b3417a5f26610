"""The Bot Registry in the browser: register a Lex bot with write-only credentials, test the
connection against the local Lex server, then pick the bot in a `bot` block and tick the
intents that become its ports."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.bots_servers import LexServer
from tests.designer_ui.browser.pages import Api, open_editor, select_block, wait_saved
from tests.runtime.bots.scripts import ACCESS_KEY, LEX_ALIAS_ID, LEX_BOT_ID, PIZZA

SECRET = "browser-lex-secret-7YtqP2"


@pytest.fixture(scope="module")
def lex() -> Iterator[LexServer]:
    with LexServer({(LEX_BOT_ID, LEX_ALIAS_ID): PIZZA}, access_key_id=ACCESS_KEY) as server:
        yield server


def bot_flow(flow_id: str, bot: str) -> dict[str, object]:
    return {
        "format": "designer-flow", "format_version": 1, "id": flow_id, "name": "Pizza bot line",
        "channels": ["voice", "chat"], "languages": ["en-US"], "variables": {}, "prompts": {},
        "phases": {"self_service": "ask"},
        "blocks": {
            "ask": {"type": "bot", "label": "Ask the bot", "ui": {"x": 80, "y": 80},
                    "props": {"bot": bot, "intents": []}},
        },
    }


def test_register_test_and_pick_a_bot(login_as: Callable[[str], Page], lex: LexServer,
                                      screenshot_dir: Path) -> None:
    page = login_as("dana")
    page.get_by_test_id("nav-bots").click()
    page.get_by_test_id("bot-new").click()
    page.get_by_test_id("bot-field-name").fill("PizzaOrders")
    page.get_by_test_id("bot-field-provider").select_option("lex")
    page.get_by_test_id("bot-field-bot_id").fill(LEX_BOT_ID)
    page.get_by_test_id("bot-field-alias_id").fill(LEX_ALIAS_ID)
    page.get_by_test_id("bot-field-locale").fill("en_US")
    page.get_by_test_id("bot-field-region").fill("eu-west-1")
    page.get_by_test_id("bot-field-endpoint").fill(lex.url)
    for index, (intent, slots) in enumerate([("OrderPizza", "size, topping"),
                                             ("CancelOrder", "")]):
        page.get_by_test_id("bot-intent-add").click()
        page.get_by_test_id(f"bot-intent-name-{index}").fill(intent)
        page.get_by_test_id(f"bot-intent-slots-{index}").fill(slots)
    page.get_by_test_id("bot-credential-aws_access_key_id").fill(ACCESS_KEY)
    page.get_by_test_id("bot-credential-aws_secret_access_key").fill(SECRET)
    page.get_by_test_id("bot-save").click()
    expect(page.get_by_test_id("bot-message")).to_have_text("Saved.")
    expect(page.get_by_test_id("bot-item-PizzaOrders")).to_be_visible()

    # The credentials are write-only: empty fields that only say a value is stored.
    secret_field = page.get_by_test_id("bot-credential-aws_secret_access_key")
    expect(secret_field).to_have_value("")
    expect(secret_field).to_have_attribute("placeholder", "•••••• stored")
    assert SECRET not in page.content()
    stored = Api(page).get("/bots/PizzaOrders")
    assert stored["credential_fields"] == ["aws_access_key_id", "aws_secret_access_key"]
    assert [intent["name"] for intent in stored["intents"]] == ["OrderPizza", "CancelOrder"]

    page.get_by_test_id("bot-test-text").fill("a large pizza")
    page.get_by_test_id("bot-test-run").click()
    result = page.get_by_test_id("bot-test-result")
    expect(result).to_have_attribute("data-ok", "true")
    expect(page.get_by_test_id("bot-test-intent")).to_contain_text("OrderPizza")
    expect(page.get_by_test_id("bot-test-messages")).to_have_text("Which topping?")
    expect(page.get_by_test_id("bot-test-slots")).to_contain_text('"size":"large"')
    page.get_by_test_id("bot-test").screenshot(path=str(screenshot_dir / "bot-registry-test-connection.png"))
    assert SECRET not in page.content()

    # In the editor, the bot block's picker loads the bot's intents; ticked ones become ports.
    Api(page).create_flow(bot_flow("pizza-bot-line", "PizzaOrders"))
    open_editor(page, "pizza-bot-line")
    select_block(page, "ask")
    expect(page.get_by_test_id("bot-picker-select")).to_have_value("PizzaOrders")
    page.get_by_test_id("bot-intent-OrderPizza").check()
    expect(page.get_by_test_id("port-ask-OrderPizza")).to_be_visible()
    expect(page.get_by_test_id("port-ask-CancelOrder")).to_have_count(0)
    wait_saved(page)
    assert Api(page).draft("pizza-bot-line")["blocks"]["ask"]["props"]["intents"] == [
        "OrderPizza"]
    page.screenshot(path=str(screenshot_dir / "bot-block-picker.png"))


def test_a_business_user_sees_the_registry_read_only(login_as: Callable[[str], Page]) -> None:
    Api(login_as("devon")).send("POST", "/bots", {
        "name": "FaqNative", "provider": "native", "native": {
            "format": "native-bot", "format_version": 1, "name": "FAQ",
            "intents": [{"name": "Hours", "examples": ["when are you open", "opening hours"]},
                        {"name": "Where", "examples": ["where are you", "your address"]}]}})
    page = login_as("bea")
    page.get_by_test_id("nav-bots").click()
    page.get_by_test_id("bot-item-FaqNative").click()
    expect(page.get_by_test_id("bot-field-native")).to_have_attribute("readonly", "")
    expect(page.get_by_test_id("bot-new")).to_have_count(0)
    expect(page.get_by_test_id("bot-save")).to_have_count(0)
