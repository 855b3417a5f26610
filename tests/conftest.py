"""Shared fixtures: the block registry and small flow documents built in code."""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator
from typing import Any

import pytest

TEST_BOT_CREDENTIALS_KEY = "W2x0ZXN0LW9ubHktYm90LWNyZWRlbnRpYWxzLWtleV0="


def minimal_document(**overrides: Any) -> dict[str, Any]:
    """The smallest valid flow: one message on both channels."""
    document: dict[str, Any] = {
        "format": "designer-flow",
        "format_version": 1,
        "id": "hello",
        "name": "Hello",
        "channels": ["voice", "chat"],
        "phases": {"self_service": "welcome"},
        "blocks": {
            "welcome": {"type": "play_message", "props": {"prompts": [{"tts": "Hello"}]}},
        },
    }
    document.update(copy.deepcopy(overrides))
    return document


@pytest.fixture
def document() -> dict[str, Any]:
    return minimal_document()


@pytest.fixture(scope="session", autouse=True)
def bot_credentials_key() -> Iterator[str]:
    """Production-shaped apps refuse to start without BOT_CREDENTIALS_KEY, so every test
    process has one (a fixed Fernet key); a test of the refusal removes it."""
    previous = os.environ.get("BOT_CREDENTIALS_KEY")
    os.environ["BOT_CREDENTIALS_KEY"] = TEST_BOT_CREDENTIALS_KEY
    yield TEST_BOT_CREDENTIALS_KEY
    if previous is None:
        os.environ.pop("BOT_CREDENTIALS_KEY", None)
    else:
        os.environ["BOT_CREDENTIALS_KEY"] = previous
