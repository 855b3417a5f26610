"""Chat host fixtures: the test flow, both session stores, and a local web service."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from runtime.chat import ChatHost
from runtime.sessions import SessionStore
from tests.runtime.chat.helpers import Recorder, compiled_flow, local_executor
from tests.runtime.effects.web_service import running_service
from tests.runtime.sessions.stores import KINDS, opened_store


@pytest.fixture(scope="module")
def service() -> Iterator[str]:
    with running_service() as url:
        yield url


@pytest.fixture(params=KINDS)
def store_and_url(request: pytest.FixtureRequest, tmp_path: Path
                  ) -> Iterator[tuple[str, SessionStore]]:
    with opened_store(request.param, tmp_path, idle_timeout_s=600.0) as opened:
        yield opened


@pytest.fixture
def store(store_and_url: tuple[str, SessionStore]) -> SessionStore:
    return store_and_url[1]


@pytest.fixture
def listener() -> Recorder:
    return Recorder()


@pytest.fixture
def host(store: SessionStore, listener: Recorder) -> ChatHost:
    return ChatHost(compiled_flow(), store, http=local_executor(), listener=listener)
