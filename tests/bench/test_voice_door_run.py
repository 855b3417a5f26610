"""What the overload and soak benches share: SIPp's logs are asked for before the remote
address, and the report prints the figures, saves them, and gives 2 for a failed run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.voice_door_run import log_sipp_messages, report


def test_the_log_options_go_before_the_remote_address(tmp_path: Path) -> None:
    command = ["sipp", "-sf", "door.xml", "-m", "3", "127.0.0.1:37000"]
    log, errors = log_sipp_messages(command, tmp_path, "door")
    assert (log, errors) == (tmp_path / "door.log", tmp_path / "door.errors")
    assert command == ["sipp", "-sf", "door.xml", "-m", "3", "-trace_logs", "-log_file",
                       str(log), "-trace_err", "-error_file", str(errors), "127.0.0.1:37000"]


def test_a_clean_verdict_is_printed_saved_and_exits_0(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    figures = {"answered": 7, "verdict": "meets the target"}
    saved = tmp_path / "figures.json"
    assert report(figures, "7 answered", saved) == 0
    out, err = capsys.readouterr()
    first, second = out.splitlines()
    assert json.loads(first) == {"answered": 7}
    assert second == "verdict: meets the target (7 answered)"
    assert err == ""
    assert json.loads(saved.read_text()) == figures


def test_a_failed_run_is_said_on_stderr_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    figures = {"answered": 0, "verdict": "FAILED RUN: no call was answered"}
    assert report(figures, "0 answered", None) == 2
    out, err = capsys.readouterr()
    assert out.splitlines()[1] == "verdict: FAILED RUN: no call was answered (0 answered)"
    assert err == "verdict: FAILED RUN: no call was answered\n"
