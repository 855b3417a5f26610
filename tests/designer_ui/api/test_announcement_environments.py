"""An announcement a flow says must exist in every environment the flow is bound to; the
warning names the environment that lacks it."""

from __future__ import annotations

from typing import Any

from tests.designer_ui.helpers import Api, hello_flow


def announcing_flow(flow_id: str) -> dict[str, Any]:
    return hello_flow(flow_id, blocks={
        "welcome": {"type": "play_message", "label": "Welcome",
                    "props": {"prompts": [{"announcement": "holiday-notice"}]}}})


def announcement_warnings(developer: Api, flow_id: str) -> list[dict[str, Any]]:
    problems = developer.post(f"flows/{flow_id}/validate").json["problems"]
    return [p for p in problems if p["code"] == "unknown_announcement"]


def test_warning_names_each_bound_environment_lacking_the_announcement(
        developer: Api, business: Api, admin: Api) -> None:
    assert business.put("business/announcements/holiday-notice?environment=test",
                        json={"texts": {"en-US": "Closed."}}).status_code == 200
    assert developer.create_flow(announcing_flow("holiday")).status_code == 201
    # bound nowhere yet: the name exists in one environment, which is enough for a draft
    assert announcement_warnings(developer, "holiday") == []
    assert developer.post("flows/holiday/versions", json={"comment": "v1"}).status_code == 201
    for environment in ("test", "live"):
        assert admin.put(f"environments/{environment}/flows/holiday",
                         json={"version": 1}).status_code == 200

    warnings = announcement_warnings(developer, "holiday")
    assert [(p["severity"], p["block_id"], p["path"]) for p in warnings] == [
        ("warning", "welcome", "prompts[0]")]
    assert "'holiday-notice' in live" in warnings[0]["message"]
    assert "test" not in warnings[0]["message"]

    assert business.put("business/announcements/holiday-notice?environment=live",
                        json={"texts": {"en-US": "Closed."}}).status_code == 200
    assert announcement_warnings(developer, "holiday") == []


def test_a_name_missing_everywhere_is_missing_in_each_bound_environment(
        developer: Api, admin: Api) -> None:
    assert developer.create_flow(announcing_flow("notice")).status_code == 201
    unbound = announcement_warnings(developer, "notice")
    assert len(unbound) == 1 and " yet; create it before" in unbound[0]["message"]
    assert developer.post("flows/notice/versions", json={"comment": "v1"}).status_code == 201
    for environment in ("dev", "live"):
        assert admin.put(f"environments/{environment}/flows/notice",
                         json={"version": 1}).status_code == 200
    bound = announcement_warnings(developer, "notice")
    assert len(bound) == 1 and "'holiday-notice' in dev, live" in bound[0]["message"]
