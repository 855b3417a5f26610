"""What the voice door benches (overload, soak) share around their own run: a menu-loop pool
kept supervised for the run, SIPp's message and error logs, and how the figures are reported.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.bench_voice import voice_pool
from bench.voice_pool_watch import PoolWatch
from runtime.voice import Supervisor

SETTLE_S = 1.0
"""Time the started pool gets (with its checks running) before the first call."""


@contextmanager
def watched_pool(folder: Path, workers: int, *, poll_ms: int, sip_port: int, rtp_base: int,
                 rtp_span: int, admission_cpu_percent: float
                 ) -> Iterator[tuple[Supervisor, PoolWatch]]:
    """bench_voice's menu-loop pool with the supervisor's checks running in a `PoolWatch`;
    both are stopped when the block ends."""
    pool = voice_pool(folder, workers, poll_ms, sip_port=sip_port, rtp_base=rtp_base,
                      rtp_span=rtp_span, admission_cpu_percent=admission_cpu_percent)
    watch = PoolWatch(pool)
    try:
        watch.start()
        time.sleep(SETTLE_S)
        yield pool, watch
    finally:
        watch.stop()
        pool.stop()


def log_sipp_messages(command: list[str], folder: Path, name: str) -> tuple[Path, Path]:
    """Make the SIPp `command` (the remote address last) write its message log and its error
    file in `folder`; their paths."""
    log, errors = folder / f"{name}.log", folder / f"{name}.errors"
    command[-1:-1] = ["-trace_logs", "-log_file", str(log), "-trace_err", "-error_file",
                      str(errors)]
    return log, errors


def report(figures: dict[str, Any], summary: str, json_path: Path | None) -> int:
    """Print the figures (one JSON line) and the verdict with `summary`, save them at
    `json_path` if given; the exit status: 2 for a failed run, else 0."""
    print(json.dumps({key: value for key, value in figures.items() if key != "verdict"}),
          flush=True)
    print(f"verdict: {figures['verdict']} ({summary})", flush=True)
    if json_path:
        json_path.write_text(json.dumps(figures, indent=2))
    if figures["verdict"].startswith("FAILED RUN"):
        print(f"verdict: {figures['verdict']}", file=sys.stderr, flush=True)
        return 2
    return 0
