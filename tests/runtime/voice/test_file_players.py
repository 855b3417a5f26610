"""Prompt players live until no end-of-file callback can reach them.

The stress test runs several worker-like processes that churn through 100 ms prompts on the
real pjsua2 conference bridge (see `player_stress`); destroying players as their file ends
kills such processes with signal 11. One process destroys every player once its grace period
is over, the others keep players for the next prompt of their file and rewind them. The unit
tests pin the parking and keeping rules themselves.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import wave
from pathlib import Path
from typing import Any

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
    other = write_prompt(tmp_path / "other.wav", ms=140)
    command = [sys.executable, "-m", "tests.runtime.voice.player_stress", "--wav", str(wav),
               "--seconds", str(SECONDS), "--streams", "24"]
    variants = [["--idle-limit", "0"]] + [["--wav", str(other)]] * (PROCESSES - 1)
    processes = [subprocess.Popen(command + variant, cwd=ROOT, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, text=True)
                 for variant in variants]
    outputs = [process.communicate(timeout=SECONDS + 60)[0] for process in processes]
    codes = [process.returncode for process in processes]
    assert codes == [0] * PROCESSES, f"worker-like processes died: {codes}"
    counts = [json.loads(output.strip().splitlines()[-1]) for output in outputs]
    for each in counts:
        assert each["prompts"] > 200
        assert each["prompts"] - each["refused"] > 100, each
    assert counts[0]["destroyed"] > 100 and counts[0]["reused"] == 0, counts[0]
    for each in counts[1:]:  # kept players rewound, and destroyed to make room for others
        assert each["reused"] > 50 and each["destroyed"] > 50, each


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

def _players_on(bridge: pj.Endpoint, **options: Any
                ) -> tuple[_Clock, Scheduler, FilePlayers, pj.AudioMedia]:
    """File players on a scheduler with a clock the test moves, playing into the bridge's
    (null) playback device."""
    clock = _Clock()
    scheduler = Scheduler(threads=1, clock=clock)
    return (clock, scheduler, FilePlayers(scheduler, **options),
            bridge.audDevManager().getPlaybackDevMedia())



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
    clock, scheduler, players, sink = _players_on(bridge, grace_s=1.0, idle_limit=0)
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
    clock, scheduler, players, sink = _players_on(bridge, grace_s=1.0)
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


def played_for(bridge: pj.Endpoint, seconds: float) -> None:
    """Let the conference bridge's clock read the connected players for a while."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        bridge.libHandleEvents(10)


def test_a_player_past_its_grace_period_is_rewound_for_the_next_prompt_of_its_file(
        tmp_path: Path, bridge: pj.Endpoint) -> None:
    clock, scheduler, players, sink = _players_on(bridge, grace_s=1.0)
    wav = write_prompt(tmp_path / "menu.wav", ms=2000)
    first = players.start(wav, sink)
    assert first is not None
    played_for(bridge, 0.3)
    assert first.getPos() > 0
    players.retire(first, sink)
    clock.now = 0.5  # still in its grace period: the next prompt gets a player of its own
    second = players.start(wav, sink)
    assert second is not None and second is not first
    players.retire(second, sink)
    clock.now = 1.2  # only the first one's grace period is over
    third = players.start(wav, sink)
    assert third is not None and third is first and third.getPos() == 0
    assert (players.reused, players.destroyed, players.live, players.parked) == (1, 0, 1, 1)
    players.retire(third, sink)
    del first, second, third
    players.close(bridge.libHandleEvents)
    assert (players.parked, players.idle) == (0, 0)
    scheduler.shutdown()


def test_a_kept_player_is_not_reused_once_its_file_has_changed(tmp_path: Path,
                                                                bridge: pj.Endpoint) -> None:
    clock, scheduler, players, sink = _players_on(bridge, grace_s=1.0)
    wav = write_prompt(tmp_path / "notice.wav")
    first = players.start(wav, sink)
    assert first is not None
    players.retire(first, sink)
    clock.now = 1.0
    players.reap()
    assert players.idle == 1
    replacement = write_prompt(tmp_path / "new.wav", ms=300)
    replacement.replace(wav)  # a new recording saved under the same name
    again = players.start(wav, sink)
    assert again is not None and again is not first
    assert (players.reused, players.destroyed, players.idle) == (0, 1, 0)
    players.retire(again, sink)
    del first, again
    players.close(bridge.libHandleEvents)
    scheduler.shutdown()


def test_a_player_whose_file_is_gone_is_destroyed_not_kept(tmp_path: Path,
                                                           bridge: pj.Endpoint) -> None:
    """A secure prompt's private file is deleted once played: its player does not keep it."""
    clock, scheduler, players, sink = _players_on(bridge, grace_s=1.0)
    wav = write_prompt(tmp_path / "pin.wav")
    player = players.start(wav, sink)
    assert player is not None
    players.retire(player, sink)
    del player
    wav.unlink()
    clock.now = 1.0
    assert players.reap() == 1
    assert (players.idle, players.destroyed) == (0, 1)
    players.close(bridge.libHandleEvents)
    scheduler.shutdown()


def test_kept_players_make_room_for_other_files(tmp_path: Path, bridge: pj.Endpoint) -> None:
    clock, scheduler, players, sink = _players_on(bridge, grace_s=1.0, limit=3, idle_limit=2)
    wavs = [write_prompt(tmp_path / f"p{index}.wav") for index in range(4)]
    for wav in wavs[:3]:
        player = players.start(wav, sink)
        assert player is not None
        players.retire(player, sink)
    del player
    clock.now = 1.0
    players.reap()
    assert (players.idle, players.destroyed) == (2, 1)  # no more than idle_limit are kept
    held = [players.start(wavs[3], sink), players.start(wavs[3], sink)]
    assert all(held) and players.live == 2  # the limit of 3 counts kept players: one went
    assert (players.idle, players.destroyed, players.refused) == (1, 2, 0)
    for player in held:
        assert player is not None
        players.retire(player, sink)
    del held, player
    players.close(bridge.libHandleEvents)
    scheduler.shutdown()


def test_a_player_retired_without_its_sink_is_destroyed_not_kept(tmp_path: Path,
                                                                  bridge: pj.Endpoint) -> None:
    """The call's audio was gone (on hold, hung up) when its prompt was stopped: the player
    may still feed that call's port, so it is never handed to another prompt."""
    clock, scheduler, players, sink = _players_on(bridge, grace_s=1.0)
    wav = write_prompt(tmp_path / "menu.wav")
    player = players.start(wav, sink)
    assert player is not None
    players.retire(player, None)
    clock.now = 1.0
    again = players.start(wav, sink)
    assert again is not None and again is not player
    assert (players.reused, players.destroyed, players.idle) == (0, 1, 0)
    players.retire(again, sink)
    del player, again
    players.close(bridge.libHandleEvents)
    scheduler.shutdown()
