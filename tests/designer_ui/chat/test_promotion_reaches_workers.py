"""A promotion reaches every worker within a second: two Designer processes' worth of chat
runtime (two applications, each with its own entry cache) share one PostgreSQL database; both
have served version 1 (so both have it cached) when an admin promotes version 2 through one of
them, and within a second a new chat on either runs version 2. The same holds when an entry
point is pointed at another flow."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from designer_ui.chat import chat_service
from designer_ui.extensions import db
from designer_ui.models import FlowVersion
from designer_ui.models.routing import read_routing_revision
from tests.designer_ui.chat.helpers import publish
from tests.designer_ui.conftest import add_token, add_user, build_app, empty_tables

REACH_S = 1.0


def says(flow_id: str, text: str) -> dict[str, Any]:
    return {"format": "designer-flow", "format_version": 1, "id": flow_id, "name": flow_id,
            "channels": ["chat"], "phases": {"self_service": "hello"},
            "blocks": {"hello": {"type": "play_message",
                                 "props": {"prompts": [{"tts": text}]}}}}


@pytest.fixture
def workers(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[Flask, Flask]]:
    apps = [build_app("postgresql", tmp_path / name, request, CHAT_RATE_IP="off",
                      CHAT_RATE_SESSION="off", SESSION_STORE=str(tmp_path / f"{name}.db"))
            for name in ("one", "two")]
    with apps[0].app_context():
        empty_tables()
    yield apps[0], apps[1]
    for app in apps:
        chat_service(app).close()
        with app.app_context():
            db.session.rollback()
            empty_tables()
            db.engine.dispose()


def first_words(app: Flask, entry: str) -> str:
    response = app.test_client().post(f"/api/v1/chat/{entry}/sessions", json={})
    assert response.status_code == 201, response.json
    return str(response.json["messages"][0]["text"])


def served_within(apps: tuple[Flask, ...], entry: str, expected: str, limit_s: float) -> float:
    """Seconds until every app serves `expected` at `entry`; fails after `limit_s`."""
    began = time.monotonic()
    pending = list(apps)
    while pending:
        pending = [app for app in pending if first_words(app, entry) != expected]
        elapsed = time.monotonic() - began
        assert not pending or elapsed < limit_s, (
            f"{len(pending)} worker(s) still serve the old version after {elapsed:.2f} s")
        time.sleep(0.02)
    return time.monotonic() - began


def test_a_promotion_reaches_every_worker_within_a_second(workers: tuple[Flask, Flask]) -> None:
    one, two = workers
    publish(one, says("greet", "Version one."), "greet")
    with one.app_context():
        db.session.add(FlowVersion(flow_id="greet", number=2, document=says("greet", "Version two."),
                                   created_by="tests"))
        db.session.commit()
    admin = add_token(one, add_user(one, "admin", ["admin"]))
    for _ in range(3):  # both workers have looked the entry up and keep the answer
        assert first_words(one, "greet") == first_words(two, "greet") == "Version one."

    promoted = one.test_client().put("/api/v1/environments/live/flows/greet",
                                     json={"version": 2},
                                     headers={"Authorization": f"Bearer {admin}"})
    assert promoted.status_code == 200, promoted.json
    served_within((one, two), "greet", "Version two.", REACH_S)


def test_repointing_an_entry_point_reaches_every_worker(workers: tuple[Flask, Flask]) -> None:
    one, two = workers
    publish(one, says("old", "The old flow."), "door")
    publish(one, says("new", "The new flow."), "side-door")
    developer = add_token(one, add_user(one, "dev", ["developer"]))
    assert first_words(one, "door") == first_words(two, "door") == "The old flow."
    api = one.test_client()
    auth = {"Authorization": f"Bearer {developer}"}
    entries = api.get("/api/v1/entry-points", headers=auth).json
    door = next(entry for entry in entries if entry["address"] == "door")
    changed = api.put(f"/api/v1/entry-points/{door['id']}", headers=auth,
                      json={"kind": "chat", "address": "door", "flow_id": "new",
                            "environment": "live", "fields": {}})
    assert changed.status_code == 200, changed.json
    served_within((one, two), "door", "The new flow.", REACH_S)


def test_every_routing_change_counts(workers: tuple[Flask, Flask]) -> None:
    one, _ = workers
    with one.app_context():
        before = read_routing_revision(db.session.connection())
        db.session.rollback()
    publish(one, says("counted", "Hi."), "counted")  # a binding and an entry point, one commit
    with one.app_context():
        assert read_routing_revision(db.session.connection()) == before + 2
