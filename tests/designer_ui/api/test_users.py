"""User management by admins."""

from __future__ import annotations

from flask import Flask

from tests.designer_ui.conftest import login
from tests.designer_ui.helpers import Api


def test_admin_manages_users(app: Flask, admin: Api) -> None:
    created = admin.post("users", json={"username": "bea", "password": "long enough, truly",
                                        "roles": ["business"], "display_name": "Bea"})
    assert created.status_code == 201, created.json
    user_id = created.json["id"]
    assert admin.post("users", json={"username": "bea", "password": "long enough, truly",
                                     "roles": ["business"]}).status_code == 409
    changed = admin.patch(f"users/{user_id}", json={"roles": ["business", "reviewer"],
                                                    "can_promote_live": True})
    assert changed.json["roles"] == ["business", "reviewer"] and changed.json["can_promote_live"]
    assert "bea" in [user["username"] for user in admin.get("users").json]
    login(app, "bea", "long enough, truly")
    assert admin.patch("users/9999", json={"display_name": "x"}).status_code == 404


def test_user_input_is_checked(admin: Api) -> None:
    response = admin.post("users", json={"username": "x y", "password": "short", "roles": ["king"],
                                         "extra": 1})
    assert response.status_code == 400
    assert set(response.json["error"]["details"]["fields"]) == {"username", "password", "roles",
                                                                "extra"}


def test_admin_cannot_lock_themselves_out(admin: Api) -> None:
    me = admin.get("auth/me").json["user"]
    assert admin.patch(f"users/{me['id']}", json={"active": False}).status_code == 409
    assert admin.patch(f"users/{me['id']}", json={"roles": ["developer"]}).status_code == 409
