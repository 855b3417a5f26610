"""Log-in sessions, CSRF protection, API tokens and log-in throttling."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from flask import Flask

from designer_ui.extensions import db
from designer_ui.models import ApiToken, LoginSession
from designer_ui.models.base import isoformat, utcnow
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


def _cookie_copy(app: Flask, api: Api) -> Api:
    """A second client holding a copy of `api`'s session cookie (as a thief would)."""
    cookie = api.client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    thief = app.test_client()
    thief.set_cookie(cookie.key, cookie.value)
    return Api(thief, csrf=api.csrf)


def test_logout_ends_the_session_on_the_server(app: Flask, user_factory: Callable[..., int]) -> None:
    user_factory("dana", "developer")
    dana = login(app, "dana")
    copy = _cookie_copy(app, dana)
    assert copy.get("auth/me").status_code == 200
    assert dana.post("auth/logout").status_code == 200
    assert copy.get("auth/me").status_code == 401
    assert copy.post("tokens", json={"name": "stolen"}).status_code == 401


def test_password_change_ends_every_session_and_token(app: Flask,
                                                      user_factory: Callable[..., int],
                                                      admin: Api) -> None:
    user_id = user_factory("dana", "developer")
    dana = login(app, "dana")
    copy = _cookie_copy(app, dana)
    secret = dana.post("tokens", json={"name": "ci"}).json["token"]
    bearer = Api(app.test_client(), token=secret)
    assert admin.patch(f"users/{user_id}", json={"password": "a new kettle orbit"}).status_code == 200
    assert dana.get("auth/me").status_code == 401 and copy.get("auth/me").status_code == 401
    assert bearer.get("auth/me").status_code == 401


def test_password_change_may_keep_tokens(app: Flask, user_factory: Callable[..., int],
                                         admin: Api) -> None:
    user_id = user_factory("dana", "developer")
    secret = login(app, "dana").post("tokens", json={"name": "ci"}).json["token"]
    changed = admin.patch(f"users/{user_id}", json={"password": "a new kettle orbit",
                                                    "keep_tokens": True})
    assert changed.status_code == 200
    assert Api(app.test_client(), token=secret).get("auth/me").status_code == 200


def test_own_password_change(app: Flask, user_factory: Callable[..., int]) -> None:
    user_factory("dana", "developer")
    dana = login(app, "dana")
    other_device = login(app, "dana")
    kept = dana.post("tokens", json={"name": "kept"}).json["token"]
    wrong = dana.post("auth/password", json={"current_password": "nope",
                                             "new_password": "a new kettle orbit"})
    assert wrong.status_code == 400 and wrong.json["error"]["code"] == "wrong_password"
    weak = dana.post("auth/password", json={"current_password": PASSWORD,
                                            "new_password": "password1"})
    assert weak.status_code == 400 and weak.json["error"]["code"] == "weak_password"
    changed = dana.post("auth/password", json={"current_password": PASSWORD,
                                               "new_password": "a new kettle orbit",
                                               "keep_tokens": True})
    assert changed.status_code == 200, changed.json
    dana.csrf = changed.json["csrf_token"]
    assert dana.get("auth/me").status_code == 200
    assert other_device.get("auth/me").status_code == 401
    assert Api(app.test_client(), token=kept).get("auth/me").status_code == 200
    assert app.test_client().post("/api/v1/auth/login", json={
        "username": "dana", "password": PASSWORD}).status_code == 401
    login(app, "dana", "a new kettle orbit")


def test_deactivation_ends_sessions_on_the_server(app: Flask, user_factory: Callable[..., int],
                                                  admin: Api) -> None:
    user_id = user_factory("dana", "developer")
    login(app, "dana")
    admin.patch(f"users/{user_id}", json={"active": False})
    with app.app_context():
        remaining = db.session.execute(db.select(db.func.count(LoginSession.id)).where(
            LoginSession.user_id == user_id)).scalar()
    assert remaining == 0


def test_sessions_per_user_are_capped(app: Flask, user_factory: Callable[..., int]) -> None:
    user_factory("dana", "developer")
    app.config["LOGIN_MAX_SESSIONS_PER_USER"] = 2
    try:
        first = login(app, "dana")
        second, third = login(app, "dana"), login(app, "dana")
        assert first.get("auth/me").status_code == 401
        assert second.get("auth/me").status_code == 200 and third.get("auth/me").status_code == 200
    finally:
        app.config["LOGIN_MAX_SESSIONS_PER_USER"] = 20


def test_tokens_expire_by_default(app: Flask, user_factory: Callable[..., int]) -> None:
    user_factory("dana", "developer")
    dana = login(app, "dana")
    made = dana.post("tokens", json={"name": "ci"}).json
    expires = datetime.fromisoformat(made["expires_at"].replace("Z", "+00:00"))
    expected = utcnow() + timedelta(days=app.config["API_TOKEN_DEFAULT_DAYS"])
    assert abs((expires - expected).total_seconds()) < 60
    in_days = dana.post("tokens", json={"name": "week", "expires_in_days": 7}).json
    assert in_days["expires_at"] < made["expires_at"]
    exact = (utcnow() + timedelta(days=3)).replace(microsecond=0)
    at = dana.post("tokens", json={"name": "exact", "expires_at": exact.isoformat()})
    assert at.status_code == 201 and at.json["expires_at"] == isoformat(exact)
    for body in ({"name": "past", "expires_at": "2001-01-01T00:00:00Z"},
                 {"name": "both", "expires_at": exact.isoformat(), "expires_in_days": 3},
                 {"name": "never", "expires_in_days": None},
                 {"name": "long", "expires_in_days": 100000},
                 {"name": "fraction", "expires_in_days": 1.5},
                 {"name": "text", "expires_in_days": "7"}):
        assert dana.post("tokens", json=body).status_code == 400, body


def test_expired_tokens_are_refused(app: Flask, user_factory: Callable[..., int]) -> None:
    user_factory("dana", "developer")
    made = login(app, "dana").post("tokens", json={"name": "ci"}).json
    bearer = Api(app.test_client(), token=made["token"])
    assert bearer.get("auth/me").status_code == 200
    with app.app_context():
        token = db.session.get(ApiToken, made["id"])
        assert token is not None
        token.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    refused = bearer.get("auth/me")
    assert refused.status_code == 401 and "WWW-Authenticate" in refused.headers
