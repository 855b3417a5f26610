"""Flow documents the scenarios start from (built in code, like the rest of the test suite)."""

from __future__ import annotations

from typing import Any


def _document(flow_id: str, name: str, blocks: dict[str, Any], entry: str) -> dict[str, Any]:
    return {
        "format": "designer-flow", "format_version": 1, "id": flow_id, "name": name,
        "channels": ["voice", "chat"], "languages": ["en-US"], "variables": {},
        "phases": {"self_service": entry}, "blocks": blocks, "prompts": {},
    }


def menu_flow(flow_id: str) -> dict[str, Any]:
    """Welcome, a two-option menu, a goodbye per option."""
    return _document(flow_id, "Sales line", {
        "welcome": {"type": "play_message", "label": "Welcome", "ui": {"x": 60, "y": 80},
                    "props": {"prompts": [{"tts": "Welcome to Acme."}]},
                    "next": {"next": "main_menu"}},
        "main_menu": {"type": "menu", "label": "Main menu", "ui": {"x": 360, "y": 60},
                      "props": {"prompts": [{"tts": "Press 1 for sales or 2 for support."}],
                                "options": [{"key": "1", "label": "Sales"},
                                            {"key": "2", "label": "Support"}]},
                      "next": {"1": "say_sales", "2": "say_support"}},
        "say_sales": {"type": "play_message", "label": "Sales", "ui": {"x": 680, "y": 20},
                      "props": {"prompts": [{"tts": "Connecting you to sales."}]}},
        "say_support": {"type": "play_message", "label": "Support", "ui": {"x": 680, "y": 220},
                        "props": {"prompts": [{"tts": "Connecting you to support."}]}},
    }, "welcome")


def emergency_flow(flow_id: str, flag: str) -> dict[str, Any]:
    """A menu, then an emergency check: the flag decides which message plays."""
    return _document(flow_id, "Storm line", {
        "ask": {"type": "menu", "label": "Ask", "ui": {"x": 60, "y": 80},
                "props": {"prompts": [{"tts": "Press 1 to continue."}],
                          "options": [{"key": "1", "label": "Continue"}]},
                "next": {"1": "check_storm"}},
        "check_storm": {"type": "emergency", "label": "Storm?", "ui": {"x": 380, "y": 80},
                        "props": {"flag": flag}, "next": {"on": "say_storm", "off": "say_normal"}},
        "say_storm": {"type": "play_message", "label": "Storm message", "ui": {"x": 700, "y": 20},
                      "props": {"prompts": [{"tts": "We are closed because of the storm."}]}},
        "say_normal": {"type": "play_message", "label": "Normal message", "ui": {"x": 700, "y": 220},
                       "props": {"prompts": [{"tts": "Thanks for calling."}]}},
    }, "ask")


OWN_WIRES_ABOVE = 150
"""Above this many connections the canvas draws its wires itself
(designer_ui/frontend/src/editor/canvas/levelOfDetail.ts)."""


def large_menu_flow(flow_id: str) -> dict[str, Any]:
    """The menu flow plus a chain of messages below it: more connections than OWN_WIRES_ABOVE,
    so that zoomed out the canvas draws the wires itself."""
    document = menu_flow(flow_id)
    count = OWN_WIRES_ABOVE + 10
    for index in range(count):
        document["blocks"][f"m{index}"] = {
            "type": "play_message", "label": f"Message {index}",
            "ui": {"x": 60 + (index % 10) * 300, "y": 600 + (index // 10) * 200},
            "props": {"prompts": [{"tts": f"Message {index}."}]},
            **({"next": {"next": f"m{index + 1}"}} if index + 1 < count else {})}
    return document
