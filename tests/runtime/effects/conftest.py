"""A real web service on 127.0.0.1 for the HTTP executor tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.runtime.effects.web_service import running_service


@pytest.fixture(scope="module")
def service() -> Iterator[str]:
    """The base URL of the local service."""
    with running_service() as url:
        yield url
