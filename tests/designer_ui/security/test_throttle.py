"""Log-in throttling: growing delays per account and address, no lock-out by strangers, no
guesses slipping past the counter when sent at once, and no telling which accounts exist."""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from designer_ui.extensions import db
from designer_ui.models import LoginThrottle, User
from designer_ui.models.base import utcnow
from tests.designer_ui.conftest import PASSWORD

STRANGER = "203.0.113.66"
OWNER = "198.51.100.7"
REAL_PASSWORD = "walrus kettle orbit"


def attempt(client: FlaskClient, username: str, password: str, address: str) -> tuple[int, str]:
    response = client.post("/api/v1/auth/login", json={"username": username, "password": password},
                           environ_base={"REMOTE_ADDR": address})
    return response.status_code, response.headers.get("Retry-After", "")


def open_gates(app: Flask) -> None:
    """As if the current delays had passed."""
    with app.app_context():
        db.session.execute(db.update(LoginThrottle).values(next_allowed_at=utcnow()))
        db.session.commit()


def add_real_user(app: Flask, username: str) -> None:
    """A user whose password has the production hash (slow on purpose)."""
    with app.app_context():
        user = User(username=username, display_name=username, roles=["developer"], active=True)
        user.set_password(REAL_PASSWORD)
        db.session.add(user)
        db.session.commit()


def test_failures_beyond_the_free_ones_wait_growing_delays(
        app: Flask, user_factory: Callable[..., int]) -> None:
    user_factory("dana", "developer")
    client = app.test_client()
    free = app.config["LOGIN_MAX_FAILURES"]
    assert [attempt(client, "dana", "wrong", STRANGER)[0] for _ in range(free)] == [401] * free
    status, retry = attempt(client, "dana", "wrong", STRANGER)
    first = app.config["LOGIN_FIRST_DELAY_SECONDS"]
    assert status == 429 and int(retry) == first
    open_gates(app)
    assert attempt(client, "dana", "wrong", STRANGER)[0] == 401
    status, retry = attempt(client, "dana", "wrong", STRANGER)
    assert status == 429 and int(retry) == 2 * first
    status, _ = attempt(client, "dana", PASSWORD, STRANGER)
    assert status == 429  # even the right password waits: the delay comes before the check


def test_a_stranger_cannot_lock_the_owner_out(app: Flask, user_factory: Callable[..., int]) -> None:
    user_factory("dana", "developer")
    stranger = app.test_client()
    statuses = {attempt(stranger, "dana", f"guess {n}", STRANGER)[0] for n in range(25)}
    assert statuses == {401, 429}
    assert attempt(app.test_client(), "dana", PASSWORD, OWNER)[0] == 200


def test_success_resets_the_clients_counter(app: Flask, user_factory: Callable[..., int]) -> None:
    user_factory("dana", "developer")
    client = app.test_client()
    free = app.config["LOGIN_MAX_FAILURES"]
    for _ in range(free - 1):
        assert attempt(client, "dana", "wrong", OWNER)[0] == 401
    assert attempt(client, "dana", PASSWORD, OWNER)[0] == 200
    assert [attempt(client, "dana", "wrong", OWNER)[0] for _ in range(free)] == [401] * free
    assert attempt(client, "dana", "wrong", OWNER)[0] == 429, "counting starts again from zero"


def test_one_address_spraying_many_accounts_is_slowed(app: Flask) -> None:
    client = app.test_client()
    allowed = app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"]
    statuses = [attempt(client, f"user{n}", "wrong", STRANGER)[0] for n in range(allowed + 1)]
    assert statuses == [401] * allowed + [429]
    assert attempt(client, "user0", "wrong", OWNER)[0] == 401


def test_guesses_sent_at_once_do_not_slip_past(app: Flask) -> None:
    add_real_user(app, "dana")
    threads_count = 16
    barrier = threading.Barrier(threads_count)
    statuses: list[int] = []
    lock = threading.Lock()

    def guess(n: int) -> None:
        client = app.test_client()
        barrier.wait()
        status, _ = attempt(client, "dana", f"guess number {n}", STRANGER)
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(set(statuses)) == [401, 429]
    assert statuses.count(401) <= app.config["LOGIN_MAX_FAILURES"]
    assert attempt(app.test_client(), "dana", REAL_PASSWORD, OWNER)[0] == 200


def test_unknown_users_take_as_long_as_known_ones(app: Flask) -> None:
    add_real_user(app, "dana")
    client = app.test_client()
    attempt(client, "nobody", "warm up the dummy hash", OWNER)

    def timed(username: str, n: int) -> float:
        started = time.perf_counter()
        status, _ = attempt(client, username, f"wrong {n}", f"192.0.2.{n}")
        assert status == 401
        return time.perf_counter() - started

    known = statistics.median(timed("dana", n) for n in range(1, 4))
    unknown = statistics.median(timed("nobody", n) for n in range(4, 7))
    assert unknown > 0.5 * known, (known, unknown)


def test_guesses_from_many_addresses_do_not_keep_the_owner_out(
        app: Flask, user_factory: Callable[..., int], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "LOGIN_MAX_FAILURES_PER_ACCOUNT", 3)
    user_factory("dana", "developer")
    owners_browser = app.test_client()
    assert attempt(owners_browser, "dana", PASSWORD, OWNER)[0] == 200
    statuses = [attempt(app.test_client(), "dana", f"guess {n}", f"10.8.0.{n}")[0]
                for n in range(1, 7)]
    assert statuses == [401, 401, 401, 429, 429, 429], "the account-wide delay holds strangers"
    status, retry = attempt(app.test_client(), "dana", PASSWORD, "192.0.2.10")
    assert status == 429 and int(retry) >= 1, "a browser never seen before still waits"
    assert attempt(owners_browser, "dana", PASSWORD, "192.0.2.11")[0] == 200, \
        "the owner's browser gets in from any address"
