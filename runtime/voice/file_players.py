"""Owns a worker's WAV file players so none is destroyed while pjmedia may still call it back.

pjsua2 gives every `AudioMediaPlayer` an end-of-file callback. pjmedia posts that callback to
its own event thread when the conference bridge reads past the file's end, and the callback
then calls into the C++ player object. Destroying a player around the moment its file ends
(which is exactly when a prompt finishes) lets the queued callback run on freed memory, and
the worker dies with signal 11 under load.

So the ports never destroy players themselves. `FilePlayers.start` creates a player and
connects it; `FilePlayers.retire` disconnects it and parks it; only `reap`, which runs as a
timer on the worker's polling loop (never inside a pjsua2 callback), takes parked players
back, and only once they have been disconnected for `grace_s`. A player reads its file, and so
can reach its end, only while it transmits to something; once disconnected, at most one more
bridge tick reads it, so after the grace period no end-of-file can still be queued.

A player taken back is kept for the next prompt of the same file (up to `idle_limit` of them,
only one that was disconnected from its call, so it feeds nothing, and while the file on disk
is still the one it opened): that prompt rewinds it instead of creating a player, which opens
and reads the file and adds a port to the bridge (a menu plays the same few files over and
over, so most prompts find one). Kept players are past their grace period, so destroying one to
make room, or because its file changed, is as safe as before.

pjsua allows 32 players per process (`PJSUA_MAX_PLAYERS` in the PyPI build); parked and kept
players count, so `start` destroys a kept player to make room and refuses a player beyond
`limit` (the prompt is then silent for its length, and a warning is logged) rather than let
pjsua fail.
"""

from __future__ import annotations

import logging
import os
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
IDLE_LIMIT = 16
"""Players past their grace period kept for the next prompt of their file."""
CLOSE_POLL_MS = 20
FileIdentity = tuple[int, int, int]
"""A file as a player opened it: inode, size and modification time."""


def file_identity(path: str) -> FileIdentity | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_ino, status.st_size, status.st_mtime_ns


@dataclass(eq=False, slots=True)
class _Player:
    player: pj.AudioMediaPlayer | None
    """None once dropped (pjsua destroys the player with its last reference)."""
    path: str
    loop: bool
    file: FileIdentity | None
    due: float = 0.0
    """When a parked player's grace period is over."""
    disconnected: bool = False
    """Retired from a sink it was disconnected from: connected to nothing, so it may be kept
    (a player retired without its sink may still feed a call's port, e.g. one on hold)."""


class FilePlayers:
    """Every file player of one worker: the live ones, the parked ones awaiting their grace
    period and the idle ones kept for the next prompt of their file."""

    def __init__(self, scheduler: Scheduler, grace_s: float = DEFAULT_GRACE_S,
                 limit: int = PJSUA_MAX_PLAYERS, idle_limit: int = IDLE_LIMIT):
        self.scheduler = scheduler
        self.grace_s = max(grace_s, 0.0)
        self.limit = min(max(limit, 1), PJSUA_MAX_PLAYERS)
        self.idle_limit = max(idle_limit, 0)
        self._live: dict[pj.AudioMediaPlayer, _Player] = {}
        self._parked: deque[_Player] = deque()
        self._idle: list[_Player] = []
        """Oldest first."""
        self.refused = 0
        self.destroyed = 0
        self.reused = 0
        self.closed = False

    @property
    def live(self) -> int:
        return len(self._live)

    @property
    def parked(self) -> int:
        return len(self._parked)

    @property
    def idle(self) -> int:
        return len(self._idle)

    def start(self, path: Path, sink: pj.AudioMedia, *, loop: bool = False
              ) -> pj.AudioMediaPlayer | None:
        """Play `path` once (or over and over: `loop`) into `sink`; None when the file cannot
        be played or no player is free (the caller then treats the prompt as silence)."""
        if self.closed:
            return None
        self.reap()
        name = str(path)
        entry = self._take_idle(name, loop)
        if entry is None:
            if len(self._live) + len(self._parked) + len(self._idle) >= self.limit \
                    and self._idle:
                self._destroy(self._idle.pop(0))
            if len(self._live) + len(self._parked) >= self.limit:
                if self.refused % 100 == 0:
                    log.warning("voice: all %d file players are in use; prompts play as "
                                "silence until one is free", self.limit)
                self.refused += 1
                return None
            entry = self._create(name, loop)
            if entry is None:
                return None
        player = entry.player
        assert player is not None
        self._live[player] = entry
        try:
            player.startTransmit(sink)
        except pj.Error as exc:
            log.warning("voice: cannot connect a player: %s", exc.info())
            self.retire(player, None)
            return None
        return player

    def _create(self, name: str, loop: bool) -> _Player | None:
        identity = file_identity(name)
        player = pj.AudioMediaPlayer()
        try:
            player.createPlayer(name, 0 if loop else pj.PJMEDIA_FILE_NO_LOOP)
        except pj.Error as exc:
            log.warning("voice: cannot play %s: %s", Path(name).name, exc.info())
            return None
        return _Player(player, name, loop, identity)

    def _take_idle(self, name: str, loop: bool) -> _Player | None:
        """A kept player of this file, rewound; None when there is none (a kept player whose
        file has changed on disk since it opened it is destroyed)."""
        idle = self._idle
        for index in range(len(idle) - 1, -1, -1):
            entry = idle[index]
            if entry.path == name and entry.loop == loop:
                del idle[index]
                player = entry.player
                if player is None or entry.file is None or entry.file != file_identity(name):
                    self._destroy(entry)
                    return None
                try:
                    player.setPos(0)
                except pj.Error as exc:
                    log.debug("voice: rewinding a player failed: %s", exc.info())
                    self._destroy(entry)
                    return None
                self.reused += 1
                return entry
        return None

    def retire(self, player: pj.AudioMediaPlayer, sink: pj.AudioMedia | None) -> None:
        """Disconnect a player from `sink` (None: the sink is gone already) and park it; `reap`
        takes it back once no end-of-file can still be delivered to it."""
        entry = self._live.pop(player, None)
        if entry is None:
            return
        entry.disconnected = False
        if sink is not None:
            try:
                player.stopTransmit(sink)
                entry.disconnected = True
            except pj.Error as exc:
                log.debug("voice: disconnecting a player failed: %s", exc.info())
        entry.due = self.scheduler.clock() + self.grace_s
        self._parked.append(entry)
        self.scheduler.call_later(self.grace_s, self._reap_due)

    def reap(self) -> int:
        """Take back the parked players whose grace period is over: each is kept for its file
        while that file is unchanged and fewer than `idle_limit` are kept, else destroyed; how
        many were taken back. Runs on the loop."""
        now = self.scheduler.clock()
        count = 0
        while self._parked and self._parked[0].due <= now:
            entry = self._parked.popleft()
            count += 1
            if self.idle_limit and entry.disconnected and entry.file is not None \
                    and entry.file == file_identity(entry.path):
                self._idle.append(entry)
                if len(self._idle) > self.idle_limit:
                    self._destroy(self._idle.pop(0))
            else:
                self._destroy(entry)
        return count

    def _destroy(self, entry: _Player) -> None:
        """Drop a player past its grace period: with its last reference, pjsua destroys it."""
        entry.player = None
        self.destroyed += 1

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
        self._idle.clear()
