"""`designer voice` stopped with SIGTERM while its pool is still starting stops the workers it
has started, instead of dying and leaving them on their ports."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.designer_ui.cli.test_serve import alive, pool_pids

ROOT = Path(__file__).resolve().parents[3]
PORT = 54200


def test_sigterm_during_start_up_leaves_no_worker(tmp_path: Path) -> None:
    instance = tmp_path / "voice"
    process = subprocess.Popen(
        [sys.executable, "-c", "from designer_ui.cli import main; main()", "voice",
         "--flows", str(ROOT / "examples" / "flows"), "--number", "+18005550100=bank-ivr",
         "--port", str(PORT), "--worker-port", str(PORT + 10), "--rtp-port", str(PORT + 1000),
         "--instance", str(instance), "--no-speech", "--kamailio", "on"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    started: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while not (instance / "worker-1.log").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        started = pool_pids(tmp_path) - {process.pid}
        assert len(started) == 2, "two workers starting"
        process.send_signal(signal.SIGTERM)
        assert process.wait(30) == 0
        deadline = time.monotonic() + 10
        while any(alive(pid) for pid in started) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert [pid for pid in started if alive(pid)] == []
        assert not (instance / "kamailio.pid").exists()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for pid in started | pool_pids(tmp_path):
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_a_stop_asked_while_a_worker_starts_stops_that_worker(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The signal handler only sets a flag that `start` reads between its steps: a SIGTERM that
    arrives while a worker's process is being created (the moment that used to leave it
    running, unknown to the supervisor) stops it with the rest."""
    from runtime.voice import supervisor as module
    from tests.runtime.voice.helpers import pool_settings

    pool = module.Supervisor(pool_settings(tmp_path, PORT + 100, {
        "factory": "runtime.voice.file_source:open_file_source",
        "options": {"paths": [str(ROOT / "examples" / "flows")],
                    "numbers": {"18005550100": "bank-ivr"}}}, workers=2))
    started: list[subprocess.Popen[bytes]] = []
    real_start = module.Child.start

    def start_then_signal(child: module.Child) -> None:
        real_start(child)
        assert child.process is not None
        started.append(child.process)
        pool.start_cancelled = True  # as if SIGTERM came while Popen ran

    monkeypatch.setattr(module.Child, "start", start_then_signal)
    with pytest.raises(module.StartCancelled):
        pool.start()
    assert len(started) == 1, "no further worker is started once a stop is asked"
    assert started[0].poll() is not None
