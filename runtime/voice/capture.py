"""Listening to the caller: when speech starts and when it has ended.

Recordings and spoken answers both need to know whether the caller is talking. The worker
samples the level of the caller's audio (pjsua's 0-255 signal level) every 50 ms: the first
loud sample starts speech, and a stretch of quiet as long as the final silence ends it. There
is no voice activity detector in the media path (`noVad` keeps RTP steady), so this is it.
"""

from __future__ import annotations

from collections.abc import Callable

from runtime.voice.call_port import CallPort
from runtime.voice.scheduler import Scheduler, Timer

SAMPLE_S = 0.05
SPEECH_LEVEL = 6


class SpeechWatch:
    """Calls `on_end(heard_speech)` once: after speech and `final_silence_ms` of quiet, after
    `no_speech_ms` without any speech (if given), or at `max_ms` at the latest."""

    def __init__(self, port: CallPort, scheduler: Scheduler, *, final_silence_ms: int,
                 max_ms: int, no_speech_ms: int | None, on_end: Callable[[bool], None],
                 on_speech: Callable[[], None] | None = None, level: int = SPEECH_LEVEL):
        self.port = port
        self.scheduler = scheduler
        self.final_silence_s = final_silence_ms / 1000
        self.no_speech_s = no_speech_ms / 1000 if no_speech_ms else None
        self.level = level
        self.on_end = on_end
        self.on_speech = on_speech
        self.started = scheduler.clock()
        self.deadline = self.started + max_ms / 1000
        self.heard = False
        self.last_voice = self.started
        self.done = False
        self._timer: Timer | None = scheduler.call_later(SAMPLE_S, self._sample)

    def _sample(self) -> None:
        if self.done:
            return
        now = self.scheduler.clock()
        if self.port.rx_level() >= self.level:
            if not self.heard and self.on_speech is not None:
                self.on_speech()
            self.heard = True
            self.last_voice = now
        quiet = now - self.last_voice
        if (now >= self.deadline or (self.heard and quiet >= self.final_silence_s)
                or (not self.heard and self.no_speech_s is not None
                    and now - self.started >= self.no_speech_s)):
            self._end()
            return
        self._timer = self.scheduler.call_later(SAMPLE_S, self._sample)

    def _end(self) -> None:
        self.done = True
        self.on_end(self.heard)

    def stop(self) -> None:
        """Stop watching without calling `on_end` (a key was pressed, the caller hung up)."""
        self.done = True
        if self._timer is not None:
            self._timer.cancel()
