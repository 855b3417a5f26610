"""Owns a worker's WAV file players so none is destroyed while pjmedia may still call it back.

pjsua2 gives every `AudioMediaPlayer` an end-of-file callback. pjmedia posts that callback to
its own event thread when the conference bridge reads past the file's end, and the callback
then calls into the C++ player object. Destroying a player around the moment its file ends
(which is exactly when a prompt finishes) lets the queued callback run on freed memory, and
the worker dies with signal 11 under load.

So the ports never destroy players themselves. `FilePlayers.start` creates a player and
connects it; `FilePlayers.retire` disconnects it and parks it; only `reap`, which runs as a
timer on the worker's polling loop (never inside a pjsua2 callback), destroys parked players,
and only once they have been disconnected for `grace_s`. A player reads its file, and so can
reach its end, only while it transmits to something; once disconnected, at most one more
bridge tick reads it, so after the grace period no end-of-file can still be queued.

pjsua allows 32 players per process (`PJSUA_MAX_PLAYERS` in the PyPI build); parked players
count, so `start` refuses a player beyond `limit` (the prompt is then silent for its length,
and a warning is logged) rather than let pjsua fail.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pjsua2 as pj

from runtime.voice.scheduler import Scheduler

log = logging.getLogger(__name__)

PJSUA_MAX_PLAYERS = 32
"""Players one pjsua process can hold at a time (a compile-time constant of the wheel)."""
DEFAULT_GRACE_S = 1.0
"""How long a disconnected player is kept before it is destroyed (settings `player_grace_ms`)."""
CLOSE_POLL_MS = 20


@dataclass(eq=False, slots=True)
class _Parked:
    player: pj.AudioMediaPlayer
    due: float


class FilePlayers:
    """Every file player of one worker: the live ones and the parked ones awaiting destruction."""

    def __init__(self, scheduler: Scheduler, grace_s: float = DEFAULT_GRACE_S,
                 limit: int = PJSUA_MAX_PLAYERS):
        self.scheduler = scheduler
        self.grace_s = max(grace_s, 0.0)
        self.limit = min(max(limit, 1), PJSUA_MAX_PLAYERS)
        self._live: set[pj.AudioMediaPlayer] = set()
        self._parked: deque[_Parked] = deque()
        self.refused = 0
        self.destroyed = 0
        self.closed = False

    @property
    def live(self) -> int:
        return len(self._live)

    @property
    def parked(self) -> int:
        return len(self._parked)

    def start(self, path: Path, sink: pj.AudioMedia, *, loop: bool = False
              ) -> pj.AudioMediaPlayer | None:
        """Play `path` once (or over and over: `loop`) into `sink`; None when the file cannot
        be played or no player is free (the caller then treats the prompt as silence)."""
        if self.closed:
            return None
        self.reap()
        if len(self._live) + len(self._parked) >= self.limit:
            if self.refused % 100 == 0:
                log.warning("voice: all %d file players are in use; prompts play as silence "
                            "until one is free", self.limit)
            self.refused += 1
            return None
        player = pj.AudioMediaPlayer()
        try:
            player.createPlayer(str(path), 0 if loop else pj.PJMEDIA_FILE_NO_LOOP)
        except pj.Error as exc:
            log.warning("voice: cannot play %s: %s", path.name, exc.info())
            return None
        self._live.add(player)
        try:
            player.startTransmit(sink)
        except pj.Error as exc:
            log.warning("voice: cannot connect a player: %s", exc.info())
            self.retire(player, None)
            return None
        return player

    def retire(self, player: pj.AudioMediaPlayer, sink: pj.AudioMedia | None) -> None:
        """Disconnect a player from `sink` (None: the sink is gone already) and park it; it is
        destroyed by `reap` once no end-of-file can still be delivered to it."""
        if player not in self._live:
            return
        self._live.discard(player)
        if sink is not None:
            try:
                player.stopTransmit(sink)
            except pj.Error as exc:
                log.debug("voice: disconnecting a player failed: %s", exc.info())
        due = self.scheduler.clock() + self.grace_s
        self._parked.append(_Parked(player, due))
        self.scheduler.call_later(self.grace_s, self._reap_due)

    def reap(self) -> int:
        """Destroy the parked players whose grace period is over; how many. Runs on the loop."""
        now = self.scheduler.clock()
        count = 0
        while self._parked and self._parked[0].due <= now:
            self._parked.popleft()
            count += 1
        self.destroyed += count
        return count

    def _reap_due(self) -> None:
        self.reap()

    def close(self, poll: Callable[[int], object]) -> None:
        """Before `libDestroy`: disconnect what still plays, let the grace period pass while
        `poll` (the endpoint's `libHandleEvents`) runs, then destroy every player. No player
        starts after this."""
        self.closed = True
        for player in list(self._live):
            self.retire(player, None)
        deadline = time.monotonic() + self.grace_s
        while self._parked and time.monotonic() < deadline:
            poll(CLOSE_POLL_MS)
            self.reap()
        self._parked.clear()
