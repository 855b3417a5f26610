"""Empty content is an error the API reports on create and refuses to publish; names of data
tables that do not exist (yet) are warnings that do not block publishing."""

from __future__ import annotations

from typing import Any

from tests.designer_ui.helpers import Api, hello_flow


def empty_content_flow(flow_id: str) -> dict[str, Any]:
    """A Play Message with empty text, then a Menu with no question and an unlabelled option."""
    return hello_flow(flow_id, blocks={
        "welcome": {"type": "play_message", "props": {"prompts": [{"tts": ""}]},
                    "next": {"next": "choose"}},
        "choose": {"type": "menu", "props": {"options": [{"key": "1"}]},
                   "next": {"1": "bye"}},
        "bye": {"type": "play_message", "props": {"prompts": [{"tts": "Bye"}]}},
    })


def test_create_saves_the_draft_with_its_problems_and_publish_is_refused(developer: Api) -> None:
    created = developer.create_flow(empty_content_flow("empty"))
    assert created.status_code == 201
    found = {(p["severity"], p["code"], p["block_id"], p["path"])
             for p in created.json["problems"]}
    assert found >= {("error", "missing_content", "welcome", "prompts"),
                     ("error", "missing_content", "choose", "prompts"),
                     ("error", "missing_content", "choose", "options[0].label")}
    assert developer.get("flows/empty").json["document"]["blocks"]["welcome"]
    refused = developer.post("flows/empty/versions", json={"comment": "try"})
    assert refused.status_code == 422
    codes = {p["code"] for p in refused.json["error"]["details"]["problems"]}
    assert "missing_content" in codes
    assert developer.get("flows/empty/versions").json == []


def test_unknown_data_table_is_a_warning_until_it_exists(developer: Api, business: Api) -> None:
    document = hello_flow("lookup", variables={"tier": {"type": "string"}}, blocks={
        "welcome": {"type": "data_table", "props": {"table": "vip", "key": "'x'",
                                                    "columns": {"tier": "tier"}}}})
    created = developer.create_flow(document)
    warnings = [p for p in created.json["problems"] if p["code"] == "unknown_data_table"]
    assert [(p["severity"], p["block_id"], p["path"]) for p in warnings] == [
        ("warning", "welcome", "table")]
    assert business.put("business/tables/vip", json={"rows": [{"k": "x", "tier": "gold"}]}
                        ).status_code == 200
    again = developer.post("flows/lookup/validate").json["problems"]
    assert not [p for p in again if p["code"] == "unknown_data_table"]
    assert developer.post("flows/lookup/versions", json={"comment": "ok"}).status_code == 201
