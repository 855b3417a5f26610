"""An admin's work on another user's account: their API tokens and a password reset."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from designer_ui.extensions import db
from designer_ui.models import AuditEntry
from tests.designer_ui.conftest import PASSWORD, login
from tests.designer_ui.helpers import Api


def test_admin_lists_issues_and_revokes_another_users_tokens(
        app: Flask, admin: Api, user_factory: Callable[..., int]) -> None:
    bea = user_factory("bea", "developer")
    assert admin.get(f"users/{bea}/tokens").json == []
    made = admin.post(f"users/{bea}/tokens", json={"name": "ci", "expires_in_days": 7})
    assert made.status_code == 201, made.json
    secret = made.json["token"]
    as_bea = Api(app.test_client(), token=secret)
    assert as_bea.get("auth/me").json["user"]["username"] == "bea"
    listed = admin.get(f"users/{bea}/tokens").json
    assert [(token["id"], token["name"]) for token in listed] == [(made.json["id"], "ci")]
    assert "token" not in listed[0]
    assert admin.delete(f"users/{bea}/tokens/{made.json['id']}").status_code == 204
    assert as_bea.get("auth/me").status_code == 401
    assert admin.get(f"users/{bea}/tokens").json == []
    with app.app_context():
        owners = db.session.execute(db.select(AuditEntry.details).where(
            AuditEntry.action.in_(["token.create", "token.delete"]))).scalars().all()
    assert [details["owner"] for details in owners] == ["bea", "bea"]


def test_token_admin_checks_owner_and_role(admin: Api, as_role: Callable[..., Api],
                                           user_factory: Callable[..., int]) -> None:
    bea = user_factory("bea", "developer")
    cal = user_factory("cal", "developer")
    token = admin.post(f"users/{bea}/tokens", json={"name": "ci"}).json
    assert admin.delete(f"users/{cal}/tokens/{token['id']}").status_code == 404
    assert admin.get("users/9999/tokens").status_code == 404
    assert admin.post("users/9999/tokens", json={"name": "x"}).status_code == 404
    developer = as_role("developer")
    assert developer.get(f"users/{bea}/tokens").status_code == 403
    assert developer.post(f"users/{bea}/tokens", json={"name": "x"}).status_code == 403
    assert developer.delete(f"users/{bea}/tokens/{token['id']}").status_code == 403
    admin.patch(f"users/{cal}", json={"active": False})
    refused = admin.post(f"users/{cal}/tokens", json={"name": "x"})
    assert refused.status_code == 409 and refused.json["error"]["code"] == "inactive_user"


def test_reset_generates_a_strong_password_once_and_ends_sessions(
        app: Flask, admin: Api, user_factory: Callable[..., int]) -> None:
    bea = user_factory("bea", "business")
    session = login(app, "bea")
    token = admin.post(f"users/{bea}/tokens", json={"name": "ci"}).json["token"]
    reset = admin.post(f"users/{bea}/password", json={})
    assert reset.status_code == 200, reset.json
    generated = reset.json["password"]
    assert isinstance(generated, str) and len(generated) >= 16
    assert session.get("auth/me").status_code == 401
    assert Api(app.test_client(), token=token).get("auth/me").status_code == 401
    login(app, "bea", generated)
    failed = app.test_client().post("/api/v1/auth/login",
                                    json={"username": "bea", "password": PASSWORD})
    assert failed.status_code == 401
    with app.app_context():
        actions = db.session.execute(db.select(AuditEntry.action).where(
            AuditEntry.object == "user:bea")).scalars().all()
    assert {"user.password_change", "user.password_reset"} <= set(actions)


def test_reset_with_a_typed_password_and_kept_tokens(
        app: Flask, admin: Api, user_factory: Callable[..., int]) -> None:
    bea = user_factory("bea", "business")
    token = admin.post(f"users/{bea}/tokens", json={"name": "ci"}).json["token"]
    typed = "violet harbour lantern 42"
    reset = admin.post(f"users/{bea}/password", json={"password": typed, "keep_tokens": True})
    assert reset.status_code == 200 and reset.json["password"] is None
    assert Api(app.test_client(), token=token).get("auth/me").status_code == 200
    login(app, "bea", typed)


def test_reset_refuses_weak_passwords_and_the_admins_own(
        app: Flask, admin: Api, user_factory: Callable[..., int]) -> None:
    bea = user_factory("bea", "business")
    weak = admin.post(f"users/{bea}/password", json={"password": "password1"})
    assert weak.status_code == 400 and weak.json["error"]["code"] == "weak_password"
    assert "too weak" in weak.json["error"]["message"]
    login(app, "bea")
    me = admin.get("auth/me").json["user"]["id"]
    own = admin.post(f"users/{me}/password", json={})
    assert own.status_code == 409 and own.json["error"]["code"] == "own_password"
    assert admin.post("users/9999/password", json={}).status_code == 404
    assert admin.post(f"users/{bea}/password", json={"password": "x" * 2000}).status_code == 400
