"""The screen pop headers a queued call carries to the agent's phone, within their bounds."""

from __future__ import annotations

import json
from urllib.parse import unquote

from runtime.voice.screen_pop import (
    MAX_POP_CHARS,
    MAX_POP_FIELDS,
    MAX_POP_STEPS,
    encoded_data,
    joined_path,
    screen_pop_headers,
)


def test_the_headers_name_the_interaction_caller_data_and_path() -> None:
    headers = screen_pop_headers(7, "support", {"customer": "Zoë; \"VIP\"\r\nX-Evil: 1",
                                                "tier": 2},
                                 ["hello", "menu", "queue"], caller="+15550001111")
    assert headers["X-Interaction-Id"] == "7"
    assert headers["X-Interaction-Queue"] == "support"
    assert headers["X-Interaction-Caller"] == "+15550001111"
    assert headers["X-Interaction-Path"] == "hello > menu > queue"
    encoded = headers["X-Interaction-Data"]
    assert all(32 < ord(char) < 127 for char in encoded)  # one safe header line
    assert json.loads(unquote(encoded)) == {"customer": "Zoë; \"VIP\"\r\nX-Evil: 1", "tier": 2}


def test_no_path_and_no_caller_leave_their_headers_out() -> None:
    headers = screen_pop_headers(1, "q", {}, [])
    assert set(headers) == {"X-Interaction-Id", "X-Interaction-Queue", "X-Interaction-Data"}
    assert json.loads(unquote(headers["X-Interaction-Data"])) == {}


def test_large_data_keeps_the_first_fields_that_fit() -> None:
    data = {f"field{index}": "x" * 300 for index in range(80)}
    encoded = encoded_data(data)
    kept = json.loads(unquote(encoded))
    assert len(encoded) <= MAX_POP_CHARS and 5 < len(kept) <= MAX_POP_FIELDS
    assert list(kept) == [f"field{index}" for index in range(len(kept))]
    assert json.loads(unquote(encoded_data({f"k{i}": i for i in range(200)}))) == {
        f"k{i}": i for i in range(MAX_POP_FIELDS)}


def test_a_long_path_keeps_its_latest_steps() -> None:
    steps = [f"block_{index}" for index in range(500)]
    path = joined_path(steps)
    kept = path.split(" > ")
    assert len(path) <= MAX_POP_CHARS and len(kept) == MAX_POP_STEPS
    assert kept[-1] == "block_499" and kept[0] == f"block_{500 - MAX_POP_STEPS}"
    assert joined_path(["a>b", "c\nd"]) == "a b > c d"
    assert len(joined_path(["y" * 5000, "z"])) == 1  # a step too long for the header is left out
