"""Recording a whole call (what the caller says), paused while a secure input is collected.

With the voice setting `record_calls` on, a worker records the caller's audio from the answer
to the hang-up into `recordings/calls/<id>.wav`. While the flow collects a secure input, from
the moment the engine asks for it (so its question's prompts are covered too, and keys pressed
early as in-band tones) until the answer is in, the recording is muted: the file keeps the
call's timeline and holds silence for that stretch, so nothing of a PIN keyed or said aloud
lands in it. Each stretch is listed in the call record (`paused`: the block and the
milliseconds from the recording's start), so a listener knows why the caller goes quiet.

A secure input's own spoken answer is captured apart from all of this (see
`runtime.voice.secure_capture`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

CALLS_FOLDER = "calls"


class RecordingPort(Protocol):
    """What a call recording needs of the call's port (`PjCallPort` has it)."""

    def start_call_recording(self, path: Path) -> None: ...

    def mute_call_recording(self, muted: bool) -> None: ...

    def stop_call_recording(self) -> None: ...


class CallRecording:
    """One call's recording; does nothing until `start`, and nothing after `stop`."""

    def __init__(self, port: RecordingPort, clock: Callable[[], float]):
        self.port = port
        self.clock = clock
        self.id = ""
        self.path: Path | None = None
        self.started = 0.0
        self.paused_for: str | None = None
        self.pauses: list[dict[str, Any]] = []

    @property
    def recording(self) -> bool:
        return self.path is not None

    def start(self, recordings_dir: Path) -> None:
        folder = recordings_dir / CALLS_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        self.id = uuid.uuid4().hex
        self.path = folder / f"{self.id}.wav"
        self.started = self.clock()
        self.port.start_call_recording(self.path)

    def pause(self, block: str) -> None:
        """A secure input is being asked for: silence from now on (once, however many ask)."""
        if self.path is None or self.paused_for is not None:
            return
        self.port.mute_call_recording(True)
        self.paused_for = block
        self.pauses.append({"block": block, "from_ms": self._elapsed_ms()})

    def resume(self) -> None:
        """The secure answer is in: the caller is heard again."""
        if self.paused_for is None:
            return
        self.paused_for = None
        self.pauses[-1]["to_ms"] = self._elapsed_ms()
        if self.path is not None:
            self.port.mute_call_recording(False)

    def stop(self) -> dict[str, Any] | None:
        """The call is over: close the file; its entry for the call record (None when this
        call was not recorded)."""
        path = self.path
        if path is None:
            return None
        if self.paused_for is not None:
            self.paused_for = None
            self.pauses[-1]["to_ms"] = self._elapsed_ms()
        length_ms = self._elapsed_ms()
        self.path = None
        self.port.stop_call_recording()
        return {"id": self.id, "block": "", "kind": "call", "path": str(path),
                "duration_ms": length_ms, "paused": self.pauses}

    def _elapsed_ms(self) -> int:
        return int((self.clock() - self.started) * 1000)
