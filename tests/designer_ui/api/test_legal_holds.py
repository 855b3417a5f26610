"""Legal holds API: admins place, list, read and release holds; each change is audited; bad
input is a clear 400; duplicates and the cap are 409."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from tests.designer_ui.helpers import Api


def test_place_list_get_and_release_with_audit(admin: Api) -> None:
    placed = admin.post("legal-holds", json={"kind": "number", "value": " +15550001 ",
                                             "reason": "litigation 7"})
    assert placed.status_code == 201
    hold = placed.json
    assert hold["kind"] == "number" and hold["value"] == "+15550001"
    assert hold["reason"] == "litigation 7" and hold["created_by"]
    assert hold["created_at"].endswith("Z")
    assert placed.headers["Location"] == f"/api/v1/legal-holds/{hold['id']}"
    assert admin.get("legal-holds").json == [hold]
    assert admin.get(f"legal-holds/{hold['id']}").json == hold

    assert admin.delete(f"legal-holds/{hold['id']}").status_code == 204
    assert admin.get("legal-holds").json == []
    assert admin.get(f"legal-holds/{hold['id']}").status_code == 404
    assert admin.delete(f"legal-holds/{hold['id']}").status_code == 404
    audit = admin.get("audit").json
    actions = [(entry["action"], entry["object"]) for entry in audit]
    assert ("legal_hold.place", f"legal_hold:{hold['id']}") in actions
    assert ("legal_hold.release", f"legal_hold:{hold['id']}") in actions
    release = next(entry for entry in audit if entry["action"] == "legal_hold.release")
    assert release["details"]["value"] == "+15550001"
    assert release["details"]["placed_by"] == hold["created_by"]


@pytest.mark.parametrize("body", [
    {"kind": "customer", "value": "x", "reason": "r"},
    {"kind": "flow", "value": "", "reason": "r"},
    {"kind": "flow", "value": "   ", "reason": "r"},
    {"kind": "flow", "value": "x" * 256, "reason": "r"},
    {"kind": "flow", "value": "bank"},
    {"kind": "flow", "value": "bank", "reason": "r", "extra": 1},
])
def test_bad_holds_are_refused_clearly(admin: Api, body: dict[str, Any]) -> None:
    response = admin.post("legal-holds", json=body)
    assert response.status_code == 400
    assert response.json["error"]["code"] == "invalid_body"
    assert admin.get("legal-holds").json == []


def test_a_second_hold_on_the_same_value_conflicts(admin: Api) -> None:
    body = {"kind": "flow", "value": "bank", "reason": "r"}
    assert admin.post("legal-holds", json=body).status_code == 201
    assert admin.post("legal-holds", json=body).status_code == 409
    assert admin.post("legal-holds", json={**body, "kind": "interaction"}).status_code == 201


def test_holds_are_capped(app: Flask, admin: Api) -> None:
    saved = app.config["LEGAL_HOLDS_MAX"]
    app.config["LEGAL_HOLDS_MAX"] = 2
    try:
        for number in range(2):
            assert admin.post("legal-holds", json={"kind": "number", "value": str(number),
                                                   "reason": "r"}).status_code == 201
        over = admin.post("legal-holds", json={"kind": "number", "value": "9", "reason": "r"})
        assert over.status_code == 409 and "LEGAL_HOLDS_MAX" in over.json["error"]["message"]
    finally:
        app.config["LEGAL_HOLDS_MAX"] = saved


@pytest.mark.parametrize("role", ["developer", "business", "reviewer", "agent"])
def test_only_admins_see_or_change_holds(admin: Api, as_role: Any, role: str) -> None:
    hold = admin.post("legal-holds", json={"kind": "flow", "value": "bank", "reason": "r"}).json
    other: Api = as_role(role)
    assert other.get("legal-holds").status_code == 403
    assert other.post("legal-holds", json={"kind": "flow", "value": "x",
                                           "reason": "r"}).status_code == 403
    assert other.delete(f"legal-holds/{hold['id']}").status_code == 403
    assert len(admin.get("legal-holds").json) == 1
