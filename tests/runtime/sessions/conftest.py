"""Every store test runs against both stores."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from runtime.sessions import SessionStore
from tests.runtime.sessions.stores import KINDS, opened_store


@pytest.fixture(params=KINDS)
def store_and_url(request: pytest.FixtureRequest, tmp_path: Path
                  ) -> Iterator[tuple[str, SessionStore]]:
    with opened_store(request.param, tmp_path, idle_timeout_s=600.0) as opened:
        yield opened


@pytest.fixture
def store(store_and_url: tuple[str, SessionStore]) -> SessionStore:
    return store_and_url[1]
