"""Entry points: phone numbers and chat keys, unique per kind."""

from __future__ import annotations

from tests.designer_ui.helpers import Api, hello_flow


def test_entry_point_lifecycle(developer: Api) -> None:
    developer.create_flow(hello_flow())
    body = {"kind": "phone", "address": "+18005550100", "flow_id": "hello", "environment": "live",
            "fields": {"brand": "acme"}}
    created = developer.post("entry-points", json=body)
    assert created.status_code == 201, created.json
    entry_id = created.json["id"]
    assert created.json["fields"] == {"brand": "acme"}
    duplicate = developer.post("entry-points", json=body)
    assert duplicate.status_code == 409 and duplicate.json["error"]["code"] == "address_taken"
    chat = developer.post("entry-points", json={**body, "kind": "chat"})
    assert chat.status_code == 201
    clash = developer.put(f"entry-points/{chat.json['id']}", json={**body, "kind": "phone"})
    assert clash.status_code == 409
    moved = developer.put(f"entry-points/{entry_id}", json={**body, "address": "+18005550101"})
    assert moved.status_code == 200 and moved.json["address"] == "+18005550101"
    assert len(developer.get("entry-points").json) == 2
    assert developer.delete("flows/hello").status_code == 409
    assert developer.delete(f"entry-points/{entry_id}").status_code == 204
    assert developer.delete(f"entry-points/{entry_id}").status_code == 404


def test_entry_point_checks_its_input(developer: Api) -> None:
    body = {"kind": "fax", "address": "<b>", "flow_id": "nope"}
    response = developer.post("entry-points", json=body)
    assert response.status_code == 400
    assert set(response.json["error"]["details"]["fields"]) == {"kind", "address"}
    missing_flow = developer.post("entry-points", json={"kind": "chat", "address": "web",
                                                         "flow_id": "nope"})
    assert missing_flow.status_code == 404
