"""The parser every JSON request body goes through: depth cap, lone surrogates and NULs refused
(in values and keys, escaped or raw), everything else exactly as `json.loads`."""

from __future__ import annotations

import json
import time

import pytest

from designer_ui.untrusted_json import UntrustedJsonError, loads_untrusted


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_the_depth_cap_is_exact() -> None:
    assert loads_untrusted(nested(64)) == json.loads(nested(64))
    with pytest.raises(UntrustedJsonError) as refused:
        loads_untrusted(nested(65))
    assert refused.value.code == "json_too_deep"
    assert loads_untrusted(nested(10), max_depth=10) == json.loads(nested(10))


@pytest.mark.parametrize("depth", [1000, 10_000, 100_000])
def test_absurd_depth_is_refused_quickly(depth: int) -> None:
    started = time.monotonic()
    for text in (nested(depth), '{"a":' * depth + "1" + "}" * depth):
        with pytest.raises(UntrustedJsonError) as refused:
            loads_untrusted(text)
        assert refused.value.code == "json_too_deep"
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("text", [
    '"\\ud800"', '{"name": "a\\udfffb"}', '{"\\udc00": 1}', '["ok", ["\\ud83d"]]',
    b'"\xed\xa0\x80"', '"nul\\u0000"', '{"k\\u0000": 1}'])
def test_text_no_database_stores_is_refused(text: str | bytes) -> None:
    with pytest.raises(UntrustedJsonError) as refused:
        loads_untrusted(text)
    assert refused.value.code == "invalid_text"
    assert isinstance(refused.value, ValueError)


@pytest.mark.parametrize("text", [
    '"\\ud83d\\ude00"', '{"é": "\\u00e9\\u202e"}', "[1e999, 99999999999999999999, null]",
    '{"a": {"b": [true, false, 1.5]}}', b'"\xf0\x9f\x98\x80"'])
def test_everything_else_is_as_json_loads(text: str | bytes) -> None:
    assert loads_untrusted(text) == json.loads(text)


def test_a_wide_document_costs_little() -> None:
    text = json.dumps({"rows": [{"a": "x" * 20, "b": [1, 2, 3]} for _ in range(50_000)]})
    started = time.monotonic()
    assert len(loads_untrusted(text)["rows"]) == 50_000
    assert time.monotonic() - started < 2
