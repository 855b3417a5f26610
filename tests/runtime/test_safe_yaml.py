"""The bounded YAML loader: aliases, anchors, deep nesting and oversized texts are refused."""

from __future__ import annotations

import time

import pytest
import yaml

from runtime.safe_yaml import YamlLimitError, describe_yaml_error, load_yaml

LAUGHS = "\n".join([
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    *(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
      f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
      f"*{chr(97 + i)}]" for i in range(8)),
]) + "\n"
"""About 400 bytes that PyYAML's safe_load expands to 9**9 strings."""


def refusal(text: str, **limits: int) -> str:
    with pytest.raises(YamlLimitError) as caught:
        load_yaml(text, **limits)
    return describe_yaml_error(caught.value)


def test_billion_laughs_is_refused_at_once_naming_the_line() -> None:
    began = time.perf_counter()
    message = refusal(LAUGHS)
    assert time.perf_counter() - began < 0.5
    assert message.startswith("line 1, column 4: anchors ('&a') are not allowed")


def test_an_alias_alone_is_refused() -> None:
    assert refusal("a: 1\nb: *x\n").startswith("line 2, column 4: aliases ('*x')")


def test_nesting_deeper_than_the_limit_is_refused() -> None:
    assert load_yaml("[" * 5 + "]" * 5, max_depth=5) == [[[[[]]]]]
    assert "nested more than 5 levels" in refusal("[" * 6 + "]" * 6, max_depth=5)
    assert "nested more than 64 levels" in refusal("[" * 10_000 + "]" * 10_000)


def test_texts_longer_than_the_limit_are_refused_before_parsing() -> None:
    assert "at most 10 are read" in refusal("a: 12345678", max_bytes=10)


def test_a_number_too_long_to_convert_is_refused() -> None:
    assert "cannot be read" in refusal("n: " + "1" * 5000)


def test_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YAML_MAX_BYTES", "8")
    assert "at most 8 are read" in refusal("a: [1, 2]")
    monkeypatch.setenv("YAML_MAX_BYTES", "lots")
    with pytest.raises(ValueError, match="YAML_MAX_BYTES must be a whole number"):
        load_yaml("a: 1")


def test_ordinary_documents_read_as_before() -> None:
    text = "name: x\nitems: [1, two, {three: 3}]\nflag: yes\n"
    assert load_yaml(text) == yaml.safe_load(text)


def test_what_the_project_writes_its_loader_reads_back() -> None:
    from runtime.safe_yaml import dump_yaml, load_yaml

    shared = {"key": "value", "nested": [1, 2]}
    text = dump_yaml({"first": shared, "second": shared})
    assert "&" not in text and "*" not in text
    assert load_yaml(text) == {"first": shared, "second": shared}
