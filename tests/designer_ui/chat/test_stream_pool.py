"""Many streams against a small Redis pool: threads wait for a connection and then answer 503,
never 500, and the process listens for news on one pub/sub connection, not one per stream."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from flask import Flask

from designer_ui.chat import chat_service
from tests.designer_ui.chat.conftest import chat_app, close_app, start
from tests.designer_ui.chat.private_redis import PrivateRedis

STREAMS = 100
POOL_SIZE = 4


@pytest.fixture
def pooled_app(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[Flask,
                                                                                 PrivateRedis]]:
    server = PrivateRedis(tmp_path)
    server.start()
    app = chat_app(tmp_path, request, f"{server.url}?prefix=pool:", CHAT_RATE_IP="off",
                   CHAT_RATE_SESSION="off", CHAT_STREAM_SECONDS=1, CHAT_REDIS_POOL_SIZE=POOL_SIZE,
                   CHAT_REDIS_POOL_TIMEOUT_S=5)
    try:
        yield app, server
    finally:
        close_app(app)
        server.stop()


def test_many_stream_opens_share_a_small_pool_and_one_subscriber(
        pooled_app: tuple[Flask, PrivateRedis]) -> None:
    app, server = pooled_app
    session_id = start(app.test_client())["session"]["id"]

    def open_stream(_: int) -> int:
        response = app.test_client().get(f"/api/v1/chat/sessions/{session_id}/events")
        response.get_data()
        return response.status_code

    with ThreadPoolExecutor(STREAMS) as pool:
        statuses = list(pool.map(open_stream, range(STREAMS)))
    assert 500 not in statuses
    assert set(statuses) <= {200, 503}
    assert statuses.count(200) >= STREAMS // 2
    store = chat_service(app).runtime.store
    assert store.client.connection_pool.max_connections == POOL_SIZE  # type: ignore[attr-defined]
    client = server.client()
    try:
        subscribers = [c for c in client.client_list() if c.get("cmd") in ("subscribe", "ssubscribe")
                       or int(c.get("sub", 0)) > 0]
    finally:
        client.close()
    assert len(subscribers) == 1
