"""Finding the phone-band transform: the installed one, another file, or none."""

from __future__ import annotations

from pathlib import Path

import pytest

import runtime.voice.asr.phone_transform as phone_transform_module
from runtime.voice.asr.phone_transform import ENV_VAR, phone_transform, transform_problem
from tests.runtime.voice.asr.mllr_files import transform_text


def test_the_format_is_checked_number_by_number() -> None:
    assert transform_problem(transform_text()) is None
    assert transform_problem(transform_text(streams=1, length=39)) is None
    assert transform_problem("garbage") == "not all numbers"
    assert transform_problem("2\n3\n") == "not one regression class and at least one stream"
    assert "numbers where the streams take" in (transform_problem(transform_text()[:-30]) or "")
    assert transform_problem(transform_text() + "1.0\n") is not None
    assert transform_problem("1\n2\n13\n") is not None  # a stream cut short


def test_the_installed_transform_is_used_unless_switched_off_or_replaced(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    installed = tmp_path / "installed.mllr"
    monkeypatch.setattr(phone_transform_module, "INSTALLED", installed)
    assert phone_transform({}) is None  # not built: decode without
    installed.write_text(transform_text())
    assert phone_transform({}) == installed
    for off in ("off", "", "none", "0"):
        assert phone_transform({ENV_VAR: off}) is None
    other = tmp_path / "other.mllr"
    other.write_text(transform_text(shift=1.5))
    assert phone_transform({ENV_VAR: str(other)}) == other
    assert phone_transform({ENV_VAR: str(tmp_path / "missing.mllr")}) is None


def test_a_damaged_transform_is_left_out_with_a_warning(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    installed = tmp_path / "installed.mllr"
    installed.write_text(transform_text()[:100])
    monkeypatch.setattr(phone_transform_module, "INSTALLED", installed)
    assert phone_transform({}) is None
    assert "not a usable MLLR transform" in caplog.text
