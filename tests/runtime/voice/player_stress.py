"""A worker-like process that churns through short prompts, to catch player-lifetime crashes.

It opens a pjsua2 endpoint the way a media worker does (one thread, null sound device), gives
`streams` call ports the bridge's output as their call audio, and plays short WAVs on each
back to back through `PjCallPort` and the worker's `FilePlayers`: each prompt is one of the
files at random, ended by a timer near its length, as the prompt player does, or cut short at
random as barge-in does. Players past their grace period are kept for the next prompt of their
file (`--idle-limit` of them; 0: each is destroyed then). It prints one JSON line of counts
and exits 0; a lifetime bug shows as a death by signal.

Run: `python -m tests.runtime.voice.player_stress --wav FILE [--wav FILE2] --seconds S
--streams N [--idle-limit K]`.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

import pjsua2 as pj

from runtime.voice.audio_files import duration_ms
from runtime.voice.file_players import IDLE_LIMIT, FilePlayers
from runtime.voice.scheduler import Scheduler
from runtime.voice.sip_call import PjCallPort


class _BridgeCall:
    """Stands in for a connected call: its audio is the conference bridge's output."""

    def __init__(self, media: pj.AudioMedia):
        self.media: pj.AudioMedia | None = media
        self.port: Any = None


def _endpoint() -> pj.Endpoint:
    endpoint = pj.Endpoint()
    endpoint.libCreate()
    config = pj.EpConfig()
    config.uaConfig.threadCnt = 0
    config.uaConfig.mainThreadOnly = True
    config.logConfig.level = 0
    config.logConfig.consoleLevel = 0
    config.medConfig.clockRate = 8000
    config.medConfig.sndClockRate = 8000
    config.medConfig.channelCount = 1
    endpoint.libInit(config)
    endpoint.audDevManager().setNullDev()
    endpoint.libStart()
    return endpoint


def churn(wavs: list[Path], seconds: float, streams: int, grace_s: float,
          idle_limit: int = IDLE_LIMIT) -> dict[str, int]:
    endpoint = _endpoint()
    scheduler = Scheduler(threads=1)
    players = FilePlayers(scheduler, grace_s, idle_limit=idle_limit)
    sink = endpoint.audDevManager().getPlaybackDevMedia()
    lengths_s = {wav: duration_ms(wav) / 1000 for wav in wavs}
    calls = [_BridgeCall(sink) for _ in range(streams)]
    ports = [PjCallPort(call, lambda: None, players) for call in calls]  # type: ignore[arg-type, return-value]
    counts = {"prompts": 0, "barge_ins": 0}
    end = time.monotonic() + seconds

    def next_prompt(port: PjCallPort) -> None:
        if time.monotonic() >= end:
            return
        wav = random.choice(wavs)
        port.play(wav)  # stops and releases the prompt before, as the next prompt does
        counts["prompts"] += 1
        if random.random() < 0.3:
            counts["barge_ins"] += 1
            delay = random.uniform(0.02, lengths_s[wav])
        else:  # a loaded loop's end-of-prompt timer fires a little early or late
            delay = lengths_s[wav] + random.uniform(-0.02, 0.03)
        scheduler.call_later(delay, lambda: next_prompt(port))

    for port in ports:
        next_prompt(port)
    while time.monotonic() < end:
        wait = scheduler.seconds_to_next()
        endpoint.libHandleEvents(5 if wait is None else max(1, min(5, int(wait * 1000))))
        scheduler.run_due()
    for port in ports:
        port.release()
    players.close(endpoint.libHandleEvents)
    scheduler.shutdown()
    result = {**counts, "refused": players.refused, "destroyed": players.destroyed,
              "reused": players.reused}
    del ports, calls, sink, players
    endpoint.libDestroy()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--wav", type=Path, action="append", required=True)
    parser.add_argument("--seconds", type=float, default=12.0)
    parser.add_argument("--streams", type=int, default=24)
    parser.add_argument("--grace-ms", type=int, default=1000)
    parser.add_argument("--idle-limit", type=int, default=IDLE_LIMIT)
    args = parser.parse_args(argv)
    result = churn(args.wav, args.seconds, args.streams, args.grace_ms / 1000, args.idle_limit)
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
