"""Prompt players live until no end-of-file callback can reach them.

The stress test runs several worker-like processes that churn through 100 ms prompts on the
real pjsua2 conference bridge (see `player_stress`); destroying players as their file ends
kills such processes with signal 11. The unit tests pin the parking rules themselves.
"""

from __future__ import annotations

import json
import subprocess
import sys
import wave
from pathlib import Path

import pjsua2 as pj
import pytest

from runtime.voice.file_players import PJSUA_MAX_PLAYERS, FilePlayers
from runtime.voice.scheduler import Scheduler

ROOT = Path(__file__).resolve().parents[3]
PROCESSES = 3
SECONDS = 12


def write_prompt(path: Path, ms: int = 100) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x10\x00\xf0\xff" * (4 * ms))
    return path


def test_worker_processes_survive_dozens_of_short_prompts(tmp_path: Path) -> None:
    wav = write_prompt(tmp_path / "short.wav")
    command = [sys.executable, "-m", "tests.runtime.voice.player_stress", "--wav", str(wav),
               "--seconds", str(SECONDS), "--streams", "24"]
    processes = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, text=True)
                 for _ in range(PROCESSES)]
    outputs = [process.communicate(timeout=SECONDS + 60)[0] for process in processes]
    codes = [process.returncode for process in processes]
    assert codes == [0] * PROCESSES, f"worker-like processes died: {codes}"
    for output in outputs:
        counts = json.loads(output.strip().splitlines()[-1])
        assert counts["prompts"] > 200
        assert counts["prompts"] - counts["refused"] > 100, counts
        assert counts["destroyed"] > 100, counts


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture()
def bridge() -> object:
    endpoint = pj.Endpoint()
    endpoint.libCreate()
    config = pj.EpConfig()
    config.uaConfig.threadCnt = 0
    config.uaConfig.mainThreadOnly = True
    config.logConfig.level = 0
    config.logConfig.consoleLevel = 0
    endpoint.libInit(config)
    endpoint.audDevManager().setNullDev()
    endpoint.libStart()
    yield endpoint
    endpoint.libDestroy()


def test_stopped_players_are_destroyed_only_after_the_grace_period(tmp_path: Path,
                                                                  bridge: pj.Endpoint) -> None:
    clock = _Clock()
    scheduler = Scheduler(threads=1, clock=clock)
    players = FilePlayers(scheduler, grace_s=1.0)
    sink = bridge.audDevManager().getPlaybackDevMedia()
    player = players.start(write_prompt(tmp_path / "p.wav"), sink)
    assert player is not None and players.live == 1
    players.retire(player, sink)
    del player
    assert (players.live, players.parked) == (0, 1)
    clock.now = 0.9
    scheduler.run_due()
    assert players.parked == 1
    clock.now = 1.0
    scheduler.run_due()
    assert (players.parked, players.destroyed) == (0, 1)
    players.close(bridge.libHandleEvents)
    scheduler.shutdown()


def test_parked_players_count_against_pjsua_limit(tmp_path: Path, bridge: pj.Endpoint) -> None:
    clock = _Clock()
    scheduler = Scheduler(threads=1, clock=clock)
    players = FilePlayers(scheduler, grace_s=1.0)
    sink = bridge.audDevManager().getPlaybackDevMedia()
    wav = write_prompt(tmp_path / "p.wav")
    for _ in range(PJSUA_MAX_PLAYERS):
        player = players.start(wav, sink)
        assert player is not None
        players.retire(player, sink)
    del player
    assert players.start(wav, sink) is None
    assert players.refused == 1
    clock.now = 1.0
    again = players.start(wav, sink)
    assert again is not None and players.parked == 0
    players.retire(again, sink)
    del again
    players.close(bridge.libHandleEvents)
    assert players.parked == 0 and players.start(wav, sink) is None
    scheduler.shutdown()
