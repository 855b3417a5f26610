"""A taken address is refused with the entry point that holds it, so the page can show it."""

from __future__ import annotations

from tests.designer_ui.helpers import Api, hello_flow


def test_conflict_names_the_holder(developer: Api) -> None:
    developer.create_flow(hello_flow())
    body = {"kind": "phone", "address": "+18005550100", "flow_id": "hello", "environment": "test"}
    first = developer.post("entry-points", json=body).json
    clash = developer.post("entry-points", json={**body, "environment": "live"})
    assert clash.status_code == 409
    error = clash.json["error"]
    assert error["code"] == "address_taken"
    assert "flow 'hello' in test" in error["message"]
    assert error["details"]["entry_point"]["id"] == first["id"]
    other = developer.post("entry-points", json={**body, "address": "+18005550101"}).json
    moved = developer.put(f"entry-points/{other['id']}", json=body)
    assert moved.status_code == 409
    assert moved.json["error"]["details"]["entry_point"]["id"] == first["id"]
