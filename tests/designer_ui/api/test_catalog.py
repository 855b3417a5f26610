"""The palette, the flow schema and the expression checker."""

from __future__ import annotations

from tests.designer_ui.helpers import Api


def test_blocks_palette(developer: Api) -> None:
    palette = developer.get("blocks").json
    menu = next(entry for entry in palette if entry["type"] == "menu")
    assert {"label", "category", "icon", "color", "help", "phases", "channels", "ports",
            "dynamic_ports", "port_labels", "waits_for_input", "module_only",
            "props_schema"} <= set(menu)
    assert menu["dynamic_ports"] is True


def test_blocks_palette_carries_field_order_labels_and_help(developer: Api) -> None:
    palette = developer.get("blocks").json
    http = next(entry for entry in palette if entry["type"] == "http")
    names = [field["name"] for field in http["fields"]]
    assert names.index("url") < names.index("body")
    url = http["fields"][names.index("url")]
    assert url == {"name": "url", "label": "URL", "help": url["help"], "advanced": False,
                   "widget": "", "summary": True}
    assert all(entry["fields"] for entry in palette if entry["props_schema"].get("properties"))


def test_schema(developer: Api) -> None:
    schema = developer.get("schema").json
    assert schema["title"] == "Flow document" and "blocks" in schema["properties"]


def test_expression_check(developer: Api) -> None:
    ok = developer.post("expressions/check", json={"expression": "tier == 'gold' && balance > 1"})
    assert ok.json == {"ok": True, "names": ["balance", "tier"]}
    template = developer.post("expressions/check", json={"template": "Hi {{ system.ANI }}"})
    assert template.json["ok"] is True
    bad = developer.post("expressions/check", json={"expression": "a +\n  * b"}).json
    assert bad["ok"] is False
    assert bad["error"]["line"] == 2 and bad["error"]["column"] >= 1 and bad["error"]["message"]
    assert developer.post("expressions/check", json={}).status_code == 400
    assert developer.post("expressions/check",
                          json={"expression": "a", "template": "b"}).status_code == 400
