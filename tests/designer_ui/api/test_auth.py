"""Log-in sessions, CSRF protection, API tokens and log-in throttling."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from tests.designer_ui.conftest import PASSWORD, login
from tests.designer_ui.helpers import Api, hello_flow


def test_login_me_logout(app: Flask, user_factory: Callable[..., int]) -> None:
    user_factory("dana", "developer")
    client = app.test_client()
    response = client.post("/api/v1/auth/login", json={"username": "dana", "password": PASSWORD})
    assert response.status_code == 200
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    token = response.json["csrf_token"]
    me = client.get("/api/v1/auth/me").json
    assert me["user"]["username"] == "dana" and me["user"]["roles"] == ["developer"]
    assert me["csrf_token"] == token
    assert client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": token}).status_code == 200
    assert client.get("/api/v1/auth/me").status_code == 401


def test_wrong_password_and_unknown_user(app: Flask, user_factory: Callable[..., int]) -> None:
    user_factory("dana", "developer")
    client = app.test_client()
    for body in ({"username": "dana", "password": "wrong"}, {"username": "nobody", "password": "x"}):
        response = client.post("/api/v1/auth/login", json=body)
        assert response.status_code == 401 and response.json["error"]["code"] == "login_failed"


def test_too_many_failures_are_throttled(app: Flask, user_factory: Callable[..., int]) -> None:
    user_factory("dana", "developer")
    client = app.test_client()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        client.post("/api/v1/auth/login", json={"username": "dana", "password": "wrong"})
    response = client.post("/api/v1/auth/login", json={"username": "dana", "password": PASSWORD})
    assert response.status_code == 429 and "Retry-After" in response.headers


def test_cookie_session_needs_csrf_header(app: Flask, user_factory: Callable[..., int]) -> None:
    user_factory("dana", "developer")
    api = login(app, "dana")
    without = api.client.post("/api/v1/flows", json={"document": hello_flow()})
    assert without.status_code == 403 and without.json["error"]["code"] == "csrf_failed"
    wrong = api.client.post("/api/v1/flows", json={"document": hello_flow()},
                            headers={"X-CSRF-Token": "guess"})
    assert wrong.status_code == 403
    assert api.client.get("/api/v1/flows").status_code == 200
    assert api.post("flows", json={"document": hello_flow()}).status_code == 201


def test_bearer_token_needs_no_csrf(developer: Api) -> None:
    assert developer.csrf is None
    assert developer.post("flows", json={"document": hello_flow()}).status_code == 201


def test_bad_tokens_are_refused(app: Flask) -> None:
    client = app.test_client()
    for header in ("Bearer nope", "Basic abc", "Bearer "):
        response = client.get("/api/v1/flows", headers={"Authorization": header})
        assert response.status_code == 401
        assert "WWW-Authenticate" in response.headers


def test_token_lifecycle(app: Flask, user_factory: Callable[..., int]) -> None:
    user_factory("dana", "developer")
    api = login(app, "dana")
    made = api.post("tokens", json={"name": "ci"})
    assert made.status_code == 201
    secret = made.json["token"]
    assert secret.startswith("dsg_") and made.json["prefix"] == secret[:10]
    listed = api.get("tokens").json
    assert [t["name"] for t in listed] == ["ci"] and "token" not in listed[0]
    bearer = Api(app.test_client(), token=secret)
    assert bearer.get("auth/me").json["user"]["username"] == "dana"
    assert bearer.get("tokens").json[0]["last_used_at"] is not None
    assert api.delete(f"tokens/{made.json['id']}").status_code == 204
    assert bearer.get("auth/me").status_code == 401


def test_tokens_are_private(app: Flask, user_factory: Callable[..., int],
                            as_role: Callable[..., Api]) -> None:
    user_factory("dana", "developer")
    dana = login(app, "dana")
    token_id = dana.post("tokens", json={"name": "mine"}).json["id"]
    other = as_role("business")
    assert [token["name"] for token in other.get("tokens").json] == ["test"]
    assert other.delete(f"tokens/{token_id}").status_code == 404


def test_password_change_ends_other_sessions(app: Flask, user_factory: Callable[..., int],
                                             admin: Api) -> None:
    user_id = user_factory("dana", "developer")
    dana = login(app, "dana")
    assert admin.patch(f"users/{user_id}", json={"password": "a new password"}).status_code == 200
    assert dana.get("auth/me").status_code == 401
    login(app, "dana", "a new password")


def test_deactivated_users_cannot_log_in(app: Flask, user_factory: Callable[..., int],
                                         admin: Api) -> None:
    user_id = user_factory("dana", "developer")
    dana = login(app, "dana")
    admin.patch(f"users/{user_id}", json={"active": False})
    assert dana.get("auth/me").status_code == 401
    response = app.test_client().post("/api/v1/auth/login",
                                      json={"username": "dana", "password": PASSWORD})
    assert response.status_code == 401
