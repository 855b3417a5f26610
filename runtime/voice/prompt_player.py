"""Plays a call's prompts one after another, synthesising ahead so there is no wait between.

Prompts are queued as the engine emits them; each starts synthesis (or a cache look-up) at
once, in the job pool, so by the time the one before it has finished playing its file is
usually ready. The player knows each file's length and ends it by a timer, which also makes
barge-in a matter of stopping the player and dropping what is queued.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from runtime.voice.audio_files import duration_ms
from runtime.voice.call_port import CallPort
from runtime.voice.scheduler import Scheduler, Timer
from runtime.voice.tts import Synthesizer

log = logging.getLogger(__name__)


@dataclass(eq=False)
class QueuedPrompt:
    """One prompt item: its text or audio file, whether keys may interrupt it, and its WAV."""

    text: str | None
    audio: Path | None
    language: str
    bargein: bool
    wav: Path | None = None
    failed: bool = False
    ready: bool = False
    length_ms: int = 0
    on_ready: list[Callable[[], None]] = field(default_factory=list)
    secure: bool = False
    """The text was computed from a secure value: logs do not quote it."""
    version: int = 0
    """The announcement's version when an announcement made the prompt (part of its TTS key)."""


class PromptPlayer:
    def __init__(self, port: CallPort, scheduler: Scheduler, synthesizer: Synthesizer,
                 on_idle: Callable[[], None], on_started: Callable[[QueuedPrompt], None]):
        self.port = port
        self.scheduler = scheduler
        self.synthesizer = synthesizer
        self.on_idle = on_idle
        self.on_started = on_started
        self.current: QueuedPrompt | None = None
        self._end_timer: Timer | None = None
        self.closed = False

    def prepare(self, prompt: QueuedPrompt) -> None:
        """Find or make the prompt's WAV file in the background."""
        if prompt.audio is not None:
            self.scheduler.submit(lambda: _measured(prompt.audio),
                                  lambda result: self._prepared(prompt, result))
            return
        text, language, version = prompt.text or "", prompt.language, prompt.version
        if prompt.secure:
            self.scheduler.submit(
                lambda: _measured(self.synthesizer.synthesize(text, language, secure=True),
                                  remember=False),
                lambda result: self._prepared(prompt, result))
            return
        cached = self.synthesizer.cached(text, language, version)
        if cached is not None:
            try:
                self._prepared(prompt, _measured(cached))
            except (OSError, EOFError, ValueError) as exc:
                self._prepared(prompt, exc)
            return
        self.scheduler.submit(
            lambda: _measured(self.synthesizer.synthesize(text, language, version=version)),
            lambda result: self._prepared(prompt, result))

    def _prepared(self, prompt: QueuedPrompt, result: object) -> None:
        if isinstance(result, tuple):
            prompt.wav, prompt.length_ms = result
        else:
            shown = "(secure text)" if prompt.secure and prompt.text else prompt.text
            log.warning("voice: prompt %r cannot be played: %s", shown or prompt.audio, result)
            prompt.failed = True
        prompt.ready = True
        callbacks, prompt.on_ready = prompt.on_ready, []
        for callback in callbacks:
            callback()

    @property
    def busy(self) -> bool:
        return self.current is not None

    @property
    def bargeable(self) -> bool:
        return self.current is not None and self.current.bargein

    def play(self, prompt: QueuedPrompt) -> None:
        """Play one prompt now (the session calls this when it is the prompt's turn)."""
        self.current = prompt
        if not prompt.ready:
            prompt.on_ready.append(lambda: self._start(prompt))
            return
        self._start(prompt)

    def _start(self, prompt: QueuedPrompt) -> None:
        if self.current is not prompt or self.closed:
            return
        if prompt.failed or prompt.wav is None or prompt.length_ms <= 0:
            self._finish(prompt)
            return
        self.port.play(prompt.wav)
        self.on_started(prompt)
        self._end_timer = self.scheduler.call_later(prompt.length_ms / 1000,
                                                    lambda: self._finish(prompt))

    def _release(self, prompt: QueuedPrompt) -> None:
        """A played secure prompt's private file is deleted (the player has it open already)."""
        if prompt.secure and prompt.wav is not None:
            self.synthesizer.forget(prompt.wav)

    def _finish(self, prompt: QueuedPrompt) -> None:
        if self.current is not prompt:
            return
        self._release(prompt)
        self.current = None
        self._end_timer = None
        if not self.closed:
            self.on_idle()

    def stop(self) -> None:
        """Barge-in or hang-up: stop what plays; the session decides what comes next."""
        if self._end_timer is not None:
            self._end_timer.cancel()
            self._end_timer = None
        if self.current is not None:
            self._release(self.current)
            self.current = None
            if not self.closed:
                self.port.stop_playing()

    def close(self) -> None:
        self.stop()
        self.closed = True


_LENGTHS: dict[Path, int] = {}


def _measured(path: Path | None, remember: bool = True) -> tuple[Path, int]:
    """A prompt file and its length (remembered: cached prompts are measured once)."""
    if path is None:
        raise FileNotFoundError("no audio file")
    if not remember:
        return path, duration_ms(path)
    length = _LENGTHS.get(path)
    if length is None:
        length = duration_ms(path)
        if len(_LENGTHS) > 20_000:
            _LENGTHS.clear()
        _LENGTHS[path] = length
    return path, length
