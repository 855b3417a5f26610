"""`GET /auth/session`: the editor's start-up question "who is logged in?" answers 200 with
`user: null` for nobody (so the login page logs no 401), and the same as `/auth/me` otherwise."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from tests.designer_ui.conftest import PASSWORD


def test_session_state_for_nobody_then_a_user_then_after_logout(
        app: Flask, user_factory: Callable[..., int]) -> None:
    user_factory("dana", "developer")
    client = app.test_client()
    anonymous = client.get("/api/v1/auth/session")
    assert anonymous.status_code == 200
    assert anonymous.json == {"user": None, "csrf_token": None}

    login = client.post("/api/v1/auth/login", json={"username": "dana", "password": PASSWORD})
    token = login.json["csrf_token"]
    state = client.get("/api/v1/auth/session")
    assert state.status_code == 200
    assert state.json == client.get("/api/v1/auth/me").json
    assert state.json["user"]["username"] == "dana" and state.json["csrf_token"] == token

    assert client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": token}).status_code == 200
    assert client.get("/api/v1/auth/session").json == {"user": None, "csrf_token": None}
