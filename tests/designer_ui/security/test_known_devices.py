"""Known devices: the cookie a successful log-in leaves, and what it does and does not let past
the account-wide failure counter."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer

from designer_ui.security.known_devices import COOKIE_NAME, SALT
from tests.designer_ui.conftest import PASSWORD

OWNER = "198.51.100.7"
NEW_PASSWORD = "quartz lantern meadow ferry"
ACCOUNT_FREE = 3


def attempt(client: FlaskClient, username: str, password: str, address: str) -> int:
    response = client.post("/api/v1/auth/login", json={"username": username, "password": password},
                           environ_base={"REMOTE_ADDR": address})
    return response.status_code


def set_cookie_header(client: FlaskClient, username: str, password: str) -> str:
    response = client.post("/api/v1/auth/login", json={"username": username, "password": password},
                           environ_base={"REMOTE_ADDR": OWNER})
    assert response.status_code == 200, response.json
    headers = [value for value in response.headers.getlist("Set-Cookie")
               if value.startswith(COOKIE_NAME + "=")]
    assert len(headers) == 1, response.headers
    return headers[0]


def device_cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie(COOKIE_NAME, path="/api/v1/auth/")
    assert cookie is not None
    return cookie.value


def spread_guesses(app: Flask, username: str, network: int, count: int = ACCOUNT_FREE + 1) -> None:
    """Wrong passwords from as many addresses as guesses, until the account-wide delay holds."""
    statuses = [attempt(app.test_client(), username, f"guess {n}", f"10.{network}.0.{n}")
                for n in range(1, count + 1)]
    assert statuses[-1] == 429, statuses


@pytest.fixture
def few_account_failures(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    monkeypatch.setitem(app.config, "LOGIN_MAX_FAILURES_PER_ACCOUNT", ACCOUNT_FREE)
    yield app


def test_a_log_in_leaves_a_long_lived_http_only_cookie(
        app: Flask, user_factory: Callable[..., int], monkeypatch: pytest.MonkeyPatch) -> None:
    user_factory("dana", "developer")
    header = set_cookie_header(app.test_client(), "dana", PASSWORD)
    attributes = [part.strip().lower() for part in header.split(";")]
    assert "httponly" in attributes and "samesite=lax" in attributes
    assert "path=/api/v1/auth/" in attributes
    assert f"max-age={90 * 24 * 60 * 60}" in attributes
    assert "secure" not in attributes
    assert "dana" not in header and PASSWORD not in header
    monkeypatch.setitem(app.config, "SESSION_COOKIE_SECURE", True)
    attributes = [part.strip().lower()
                  for part in set_cookie_header(app.test_client(), "dana", PASSWORD).split(";")]
    assert "secure" in attributes


def test_the_cookie_lets_its_own_account_in_and_no_other(
        few_account_failures: Flask, user_factory: Callable[..., int]) -> None:
    app = few_account_failures
    user_factory("dana", "developer")
    user_factory("eric", "developer")
    browser = app.test_client()
    assert attempt(browser, "dana", PASSWORD, OWNER) == 200
    spread_guesses(app, "dana", 1)
    spread_guesses(app, "eric", 2)
    assert attempt(browser, "eric", PASSWORD, "192.0.2.20") == 429
    assert attempt(browser, "dana", PASSWORD, "192.0.2.21") == 200


def test_a_forged_or_foreign_cookie_counts_for_nothing(
        few_account_failures: Flask, user_factory: Callable[..., int]) -> None:
    app = few_account_failures
    user_factory("dana", "developer")
    browser = app.test_client()
    assert attempt(browser, "dana", PASSWORD, OWNER) == 200
    value = device_cookie(browser)
    spread_guesses(app, "dana", 3)
    forged = app.test_client()
    forged.set_cookie(COOKIE_NAME, value[:-2] + ("AA" if value[-2:] != "AA" else "BB"),
                      path="/api/v1/auth/")
    assert attempt(forged, "dana", PASSWORD, "192.0.2.30") == 429
    other_key = app.test_client()
    signed_elsewhere = URLSafeTimedSerializer("another key", salt=SALT)
    other_key.set_cookie(COOKIE_NAME, signed_elsewhere.dumps([[1, "device", "0" * 32]]),
                         path="/api/v1/auth/")
    assert attempt(other_key, "dana", PASSWORD, "192.0.2.31") == 429
    copied = app.test_client()
    copied.set_cookie(COOKIE_NAME, value, path="/api/v1/auth/")
    assert attempt(copied, "dana", PASSWORD, "192.0.2.32") == 200, "the cookie is the device"


def test_a_password_change_retires_the_old_cookie_and_hands_out_a_new_one(
        few_account_failures: Flask, user_factory: Callable[..., int]) -> None:
    app = few_account_failures
    user_factory("dana", "developer")
    browser = app.test_client()
    response = browser.post("/api/v1/auth/login", json={"username": "dana", "password": PASSWORD},
                            environ_base={"REMOTE_ADDR": OWNER})
    session = response.get_json()
    assert response.status_code == 200 and session is not None
    old = device_cookie(browser)
    response = browser.post("/api/v1/auth/password", json={
        "current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers={"X-CSRF-Token": session["csrf_token"]}, environ_base={"REMOTE_ADDR": OWNER})
    assert response.status_code == 200, response.json
    assert device_cookie(browser) != old
    spread_guesses(app, "dana", 4)
    stale = app.test_client()
    stale.set_cookie(COOKIE_NAME, old, path="/api/v1/auth/")
    assert attempt(stale, "dana", NEW_PASSWORD, "192.0.2.40") == 429
    assert attempt(browser, "dana", NEW_PASSWORD, "192.0.2.41") == 200


def test_a_stolen_cookie_guesses_no_faster_than_one_client(
        few_account_failures: Flask, user_factory: Callable[..., int]) -> None:
    app = few_account_failures
    user_factory("dana", "developer")
    browser = app.test_client()
    assert attempt(browser, "dana", PASSWORD, OWNER) == 200
    free = app.config["LOGIN_MAX_FAILURES"]
    statuses = [attempt(browser, "dana", f"guess {n}", f"10.5.0.{n}") for n in range(1, free + 2)]
    assert statuses == [401] * free + [429], "counted under the device, from any address"


def test_one_cookie_remembers_several_accounts(
        few_account_failures: Flask, user_factory: Callable[..., int]) -> None:
    app = few_account_failures
    user_factory("dana", "developer")
    user_factory("eric", "developer")
    shared = app.test_client()
    assert attempt(shared, "dana", PASSWORD, OWNER) == 200
    assert attempt(shared, "eric", PASSWORD, OWNER) == 200
    spread_guesses(app, "dana", 6)
    spread_guesses(app, "eric", 7)
    assert attempt(shared, "dana", PASSWORD, "192.0.2.60") == 200
    assert attempt(shared, "eric", PASSWORD, "192.0.2.61") == 200
