"""The editor's Languages tab: per language of the flow, the prompts with no text or recording
in it; choosing one jumps to the block that says it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.designer_ui.browser.pages import Api, open_editor


def bilingual_flow(flow_id: str) -> dict[str, object]:
    return {
        "format": "designer-flow", "format_version": 1, "id": flow_id, "name": "Bilingual",
        "channels": ["voice", "chat"], "languages": ["en-US", "es-US"],
        "phases": {"self_service": "welcome"},
        "prompts": {"greeting": {"en-US": {"tts": "Hello"}, "es-US": {"tts": "Hola"}},
                    "goodbye": {"en-US": {"tts": "Goodbye"}}},
        "blocks": {
            "welcome": {"type": "play_message", "label": "Welcome",
                        "props": {"prompts": [{"prompt": "greeting"}]},
                        "next": {"next": "bye"}},
            "bye": {"type": "play_message", "label": "Bye",
                    "props": {"prompts": [{"prompt": "goodbye"}]}},
        },
    }


def test_the_languages_tab_lists_what_spanish_lacks(login_as: Callable[[str], Page],
                                                    screenshot_dir: Path) -> None:
    page = login_as("dana")
    Api(page).create_flow(bilingual_flow("bilingual-panel"))
    open_editor(page, "bilingual-panel")
    page.get_by_test_id("tab-languages").click()

    english = page.get_by_test_id("language-en-US")
    spanish = page.get_by_test_id("language-es-US")
    expect(english).to_have_attribute("data-missing", "0")
    expect(english).to_contain_text("complete")
    expect(spanish).to_have_attribute("data-missing", "1")
    gap = page.get_by_test_id("language-gap-es-US-goodbye")
    expect(gap).to_contain_text("Flow prompt")
    expect(gap).to_contain_text("no text or recording in this language")
    page.screenshot(path=str(screenshot_dir / "editor-languages-panel.png"))

    gap.get_by_role("button").click()
    expect(page.get_by_test_id("tab-properties")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_test_id("props-form")).to_be_visible()
    expect(page.get_by_test_id("no-selection")).to_have_count(0)
