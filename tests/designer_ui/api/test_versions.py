"""Publishing, versions, diffs, restore, environments and promotion rules."""

from __future__ import annotations

from collections.abc import Callable

from tests.designer_ui.helpers import Api, broken_flow, hello_flow


def publish(api: Api, flow_id: str, comment: str = "") -> int:
    response = api.post(f"flows/{flow_id}/versions", json={"comment": comment})
    assert response.status_code == 201, response.json
    return int(response.json["version"])


def test_publish_numbers_versions_and_keeps_them_immutable(developer: Api) -> None:
    developer.create_flow(hello_flow())
    assert publish(developer, "hello", "first") == 1
    developer.put("flows/hello", json={"document": hello_flow(name="Second")},
                  headers={"If-Match": '"1"'})
    assert publish(developer, "hello", "second") == 2
    versions = developer.get("flows/hello/versions").json
    assert [v["version"] for v in versions] == [2, 1]
    assert versions[1]["comment"] == "first" and versions[1]["created_by"] == "developer"
    first = developer.get("flows/hello/versions/1").json
    assert first["document"]["name"] == "Hello" and first["flow_id"] == "hello"
    assert developer.get("flows/hello/versions/9").status_code == 404
    assert developer.get("flows").json[0]["latest_version"] == 2


def test_publish_refuses_flows_with_errors(developer: Api) -> None:
    developer.create_flow(broken_flow())
    response = developer.post("flows/broken/versions", json={"comment": "nope"})
    assert response.status_code == 422
    assert response.json["error"]["code"] == "invalid_flow"
    assert any(p["severity"] == "error" for p in response.json["error"]["details"]["problems"])
    assert developer.get("flows/broken/versions").json == []


def test_diff_between_versions_and_draft(developer: Api) -> None:
    developer.create_flow(hello_flow())
    publish(developer, "hello")
    changed = hello_flow(name="Changed")
    changed["blocks"]["welcome"]["props"]["prompts"] = [{"tts": "Hi there"}]
    changed["blocks"]["welcome"]["next"] = {"next": "bye"}
    changed["blocks"]["bye"] = {"type": "terminate", "props": {}}
    developer.put("flows/hello", json={"document": changed}, headers={"If-Match": '"1"'})
    publish(developer, "hello")
    diff = developer.get("flows/hello/diff?from=1&to=2").json
    assert diff["added"] == ["bye"] and diff["removed"] == []
    assert diff["changed"] == [{"block": "welcome", "fields": ["next.next", "props.prompts"]}]
    assert diff["flow_changed"] == ["name"]
    assert developer.get("flows/hello/diff?from=2&to=draft").json["changed"] == []
    assert developer.get("flows/hello/diff?from=1").status_code == 400
    assert developer.get("flows/hello/diff?from=1&to=x").status_code == 400


def test_restore_copies_a_version_into_the_draft(developer: Api) -> None:
    developer.create_flow(hello_flow())
    publish(developer, "hello")
    developer.put("flows/hello", json={"document": hello_flow(name="Later")},
                  headers={"If-Match": '"1"'})
    restored = developer.post("flows/hello/versions/1/restore", headers={"If-Match": '"2"'})
    assert restored.status_code == 200 and restored.json["revision"] == 3
    assert restored.headers["ETag"] == '"3"'
    assert developer.get("flows/hello").json["document"]["name"] == "Hello"


def test_restore_needs_a_current_if_match_and_loses_nothing(developer: Api) -> None:
    developer.create_flow(hello_flow())
    publish(developer, "hello")
    developer.put("flows/hello", json={"document": hello_flow(name="Unpublished work")},
                  headers={"If-Match": '"1"'})
    missing = developer.post("flows/hello/versions/1/restore")
    assert missing.status_code == 428
    stale = developer.post("flows/hello/versions/1/restore", headers={"If-Match": '"1"'})
    assert stale.status_code == 412
    assert stale.json["error"]["details"]["current"]["document"]["name"] == "Unpublished work"
    draft = developer.get("flows/hello").json
    assert draft["revision"] == 2 and draft["document"]["name"] == "Unpublished work"


def test_environments_and_promotion_roles(developer: Api, business: Api,
                                          as_role: Callable[..., Api], admin: Api) -> None:
    developer.create_flow(hello_flow())
    publish(developer, "hello")
    assert developer.put("environments/dev/flows/hello", json={"version": 1}).status_code == 200
    assert developer.put("environments/test/flows/hello", json={"version": 1}).status_code == 200
    assert developer.put("environments/live/flows/hello", json={"version": 1}).status_code == 403
    assert business.put("environments/live/flows/hello", json={"version": 1}).status_code == 403
    assert business.put("environments/dev/flows/hello", json={"version": 1}).status_code == 403
    allowed = as_role("business", can_promote_live=True)
    assert allowed.put("environments/live/flows/hello", json={"version": 1}).status_code == 200
    assert admin.put("environments/live/flows/hello", json={"version": 1}).status_code == 200
    assert developer.put("environments/dev/flows/hello", json={"version": 7}).status_code == 404
    assert developer.put("environments/prod/flows/hello", json={"version": 1}).status_code == 404
    environments = developer.get("environments").json
    assert environments == [{"name": "dev", "flows": {"hello": 1}},
                            {"name": "test", "flows": {"hello": 1}},
                            {"name": "live", "flows": {"hello": 1}}]
    assert developer.get("flows").json[0]["environments"] == {"dev": 1, "test": 1, "live": 1}


def test_delete_refused_while_in_use(developer: Api, admin: Api) -> None:
    developer.create_flow(hello_flow())
    publish(developer, "hello")
    developer.put("environments/dev/flows/hello", json={"version": 1})
    refused = developer.delete("flows/hello")
    assert refused.status_code == 409
    assert refused.json["error"]["details"]["environments"] == ["dev"]
    assert developer.delete("environments/dev/flows/hello").status_code == 204
    assert developer.delete("environments/dev/flows/hello").status_code == 404
    assert developer.delete("flows/hello").status_code == 204
