"""What a call session needs from the SIP call under it.

`CallSession` drives a flow through this small interface instead of pjsua2 directly, so the
whole dialogue logic (prompt queues, barge-in, digit collection, timers, transfers) is tested
without SIP, and the pjsua2 class (`runtime.voice.sip_call`) stays a thin adapter.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Protocol


class CallPort(Protocol):
    def play(self, path: Path) -> None:
        """Start playing a WAV file to the caller, replacing whatever plays."""
        ...

    def stop_playing(self) -> None:
        ...

    def start_recording(self, path: Path) -> None:
        """Record what the caller says into a WAV file until `stop_recording`."""
        ...

    def stop_recording(self) -> None:
        ...

    def start_call_recording(self, path: Path) -> None:
        """Record the caller into a WAV file for the rest of the call, beside `start_recording`
        (see `runtime.voice.call_recording`)."""
        ...

    def mute_call_recording(self, muted: bool) -> None:
        """Silence in the call's recording while `muted` (a secure input); the file goes on."""
        ...

    def stop_call_recording(self) -> None:
        ...

    def rx_level(self) -> int:
        """The level (0-255) of the caller's audio right now: tells speech from silence."""
        ...

    def hangup(self) -> None:
        ...

    def refer(self, uri: str, headers: Mapping[str, str]) -> None:
        """Blind transfer (REFER); progress comes back through `on_transfer_status`."""
        ...

    def bridge(self, uri: str, headers: Mapping[str, str]) -> None:
        """Call `uri` and connect the two calls' audio; the result comes back through
        `on_bridge_result`."""
        ...
