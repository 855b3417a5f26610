"""The chat benchmark's CPU split: off unless CHAT_BENCH_CPU_DIR is set; when set, every
request's CPU is counted and store, engine and analytics calls are counted as their parts."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from designer_ui.chat.cpu_split import ENV_NAME, CpuSplit, cpu_split_from_env


def test_off_without_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_NAME, raising=False)
    assert cpu_split_from_env() is None


def test_parts_count_cpu_once_and_the_snapshot_is_written(tmp_path: Path) -> None:
    split = CpuSplit(tmp_path)

    class Store:
        def save(self, rounds: int) -> int:
            return sum(i * i for i in range(rounds))

        def nested(self) -> int:
            return timed.save(50_000)  # a part inside a part counts once

    timed = split.timed(Store(), "store")
    assert timed.save(200_000) == Store().save(200_000)
    timed.nested()

    def app(environ: dict[str, object], start_response: object) -> list[bytes]:
        timed.save(100_000)
        return [b"ok"]

    assert split.wsgi(app)({}, lambda *args: None) == [b"ok"]
    snapshot = split.snapshot()
    assert snapshot["requests"] == 1
    assert snapshot["parts"]["store"] > 0 and snapshot["parts"]["request"] > 0
    split.stop()  # one last snapshot, written after the request was counted
    deadline = time.monotonic() + 5
    written: dict[str, object] = {}
    while written.get("requests") != 1 and time.monotonic() < deadline:
        time.sleep(0.05)
        found = list(tmp_path.glob("*.json"))
        written = json.loads(found[0].read_text()) if found else {}
    assert written["requests"] == 1 and "store" in written["parts"]  # type: ignore[operator]
