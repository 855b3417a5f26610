"""Shared fixtures: the block registry and small flow documents built in code."""

from __future__ import annotations

import copy
from typing import Any

import pytest


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
