"""A recorded call with a secure input, end to end: SIPp calls through Kamailio to a worker
that records every call (`record_calls`); the caller talks over the welcome (a tone), says a
PIN aloud when asked for it, and leaves a message (another tone) after the beep.

The call's recording must have the caller's tones and silence instead of the PIN: the stretch
the call record lists as paused for the PIN block is silent, it covers the time the PIN was
spoken, and the recording keeps the call's length (nothing is cut). The PIN's spoken answer
must never be written under the recordings folder: a watcher lists that folder and the
temporary folder every few milliseconds for the length of the call, and sees only the call's
recording and the message there, and the private capture in the temporary folder only for the
moment the answer takes to say and read.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from runtime.voice import Supervisor
from runtime.voice.audio_files import read_recording, tone, write_pcm
from runtime.voice.secure_capture import PREFIX
from runtime.voice.tts import Synthesizer
from tests.runtime.voice.helpers import (
    THROUGH_KAMAILIO,
    call,
    cdrs_of,
    flow_pool_settings,
    prompt_ms,
    running,
)
from tests.runtime.voice.rtp_meter import RtpMeter, StreamStats
from tests.runtime.voice.sipp import Scenario, SippRun
from tests.runtime.voice.speech_rtp import FRAME, PCMU, SILENCE, pcmu_frames

POOL_PORT = 61200
METER_PORT = 61500
CALLER_PORT, CALLER_MEDIA = 61510, 61520
LINE = "18005550620"
ANI = "+15551260620"
WELCOME = ("Welcome to the card line. This call is recorded for quality. "
           "Please listen carefully to the next question.")
QUESTION = "Say your four digit PIN."
MESSAGE = "Please leave a message after the tone."
FLOW = {
    "format": "designer-flow", "format_version": 1, "id": "recorded-pin",
    "name": "recorded-pin", "kind": "application", "channels": ["voice"],
    "phases": {"self_service": "welcome"},
    "variables": {"pin": {"type": "string", "secure": True},
                  "message_id": {"type": "string"}},
    "blocks": {
        "welcome": {"type": "play_message", "props": {"prompts": [{"tts": WELCOME}],
                                                      "bargein": False},
                    "next": {"next": "ask_pin"}},
        "ask_pin": {"type": "input", "props": {
            "prompts": [{"tts": QUESTION}], "variable": "pin", "grammar": "digits",
            "min_length": 4, "max_length": 4, "retries": 0, "timeout_ms": 8000},
            "next": {"next": "message", "noinput": "no_pin", "nomatch": "no_pin"}},
        "message": {"type": "record", "props": {
            "prompts": [{"tts": MESSAGE}], "beep": True, "max_seconds": 10,
            "final_silence_ms": 1000, "variable": "message_id"},
            "next": {"next": "bye", "noinput": "bye"}},
        "bye": {"type": "play_message", "props": {"prompts": [{"tts": "Goodbye."}]},
                "next": {"next": "done"}},
        "done": {"type": "terminate", "props": {"reason": "message left"}},
        "no_pin": {"type": "terminate", "props": {"reason": "no pin"}},
    },
}
SILENT_PEAK = 2
"""The loudest sample allowed in the paused stretch (muted frames are all zero)."""
LOUD_PEAK = 1500


@pytest.fixture(scope="module")
def pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Supervisor]:
    settings = flow_pool_settings(tmp_path_factory.mktemp("secure-recording"), POOL_PORT,
                                  {LINE: FLOW}, record_calls=True, **THROUGH_KAMAILIO)
    with running(settings) as supervisor:
        yield supervisor


def tone_frames(folder: Path, hertz: int, milliseconds: int) -> list[bytes]:
    path = folder / f"tone-{hertz}.wav"
    write_pcm(path, tone(hertz, milliseconds, amplitude=0.5))
    return pcmu_frames(path)


class TalkingPhone:
    """A phone that sends RTP from the meter's socket for the whole call (silence between
    utterances, one SSRC, steady sequence numbers and timestamps), and says each utterance
    when its cue (a test of what it has heard so far) comes true."""

    def __init__(self, meter: RtpMeter, port: int,
                 lines: list[tuple[Callable[[], bool], list[bytes]]], limit_s: float = 60):
        self.sock = meter.by_port[port]
        self.stats: StreamStats = meter.stats[port]
        self.lines = lines
        self.limit_s = limit_s
        self.said: list[tuple[float, float]] = []
        """(start, end) of each utterance sent, monotonic seconds."""
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        deadline = time.monotonic() + self.limit_s
        while self.stats.peer is None:
            if self.stopping.wait(0.01) or time.monotonic() > deadline:
                return
        start, index, pending = time.monotonic(), 0, list(self.lines)
        speaking: list[bytes] = []
        while not self.stopping.is_set() and time.monotonic() < deadline:
            if not speaking and pending and pending[0][0]():
                speaking = list(pending.pop(0)[1])
                self.said.append((time.monotonic(), time.monotonic() + len(speaking) * 0.02))
            payload = speaking.pop(0) if speaking else SILENCE
            header = (bytes([0x80, PCMU]) + (2000 + index & 0xFFFF).to_bytes(2, "big")
                      + (index * FRAME & 0xFFFFFFFF).to_bytes(4, "big")
                      + (0x7E1E7E).to_bytes(4, "big"))
            try:
                self.sock.sendto(header + payload, self.stats.peer)
            except OSError:
                return
            index += 1
            pause = start + index * 0.02 - time.monotonic()
            if pause > 0 and self.stopping.wait(pause):
                return

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(5)


class FolderWatch:
    """Lists the recordings folder (recursively) and the temporary folder's secure captures
    every few milliseconds: every file seen, with when it was first and last seen."""

    def __init__(self, recordings: Path, period_s: float = 0.004):
        self.recordings = recordings
        self.period_s = period_s
        self.temporary = Path(tempfile.gettempdir())
        self.seen: dict[Path, list[float]] = {}
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stopping.wait(self.period_s):
            now = time.monotonic()
            found = [Path(root, name) for root, _, names in os.walk(self.recordings)
                     for name in names]
            with os.scandir(self.temporary) as entries:
                found += [Path(entry.path) for entry in entries
                          if entry.name.startswith(PREFIX)]
            for path in found:
                self.seen.setdefault(path, [now, now])[1] = now

    def stop(self) -> dict[Path, list[float]]:
        self.stopping.set()
        self.thread.join(5)
        return self.seen


@pytest.fixture(scope="module")
def recorded_call(pool: Supervisor, tmp_path_factory: pytest.TempPathFactory
                  ) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("caller")
    welcome_ms, question_ms = prompt_ms(pool, WELCOME), prompt_ms(pool, QUESTION)
    prompt_ms(pool, MESSAGE, "Goodbye.")  # synthesised now, so the worker finds them cached
    over_welcome = tone_frames(folder, 660, 1200)
    assert welcome_ms > 300 + 1200 + 800, welcome_ms  # the tone fits inside the welcome
    pin = pcmu_frames(Synthesizer(folder, rate=170).synthesize("four three two one",
                                                               "en-US"))
    message = tone_frames(folder, 880, 1500)
    meter = RtpMeter([METER_PORT])
    heard = meter.stats[METER_PORT]
    phone: TalkingPhone | None = None

    def welcome_playing() -> bool:
        return (heard.first_sound_at is not None
                and time.monotonic() - heard.first_sound_at >= 0.3)

    def asked_for_the_pin() -> bool:
        now = time.monotonic()
        return (heard.first_at is not None and heard.sound_runs != []
                and now - heard.first_at >= (welcome_ms + question_ms) / 1000
                and now - heard.sound_runs[-1][1] >= 0.5)

    def beep_heard() -> bool:
        assert phone is not None
        if len(phone.said) < 2 or not heard.sound_runs:
            return False
        pin_end = phone.said[1][1]
        last_start, last_end = heard.sound_runs[-1]
        return last_start > pin_end and time.monotonic() - last_end >= 0.6

    watch = FolderWatch(pool.settings.recordings_dir)
    phone = TalkingPhone(meter, METER_PORT, [(welcome_playing, over_welcome),
                                             (asked_for_the_pin, pin),
                                             (beep_heard, message)])
    try:
        run = call(pool, Scenario("recorded-pin", [("wait_bye", 45000)], ani=ANI,
                                  audio_port=str(METER_PORT)),
                   port=CALLER_PORT, media_port=CALLER_MEDIA, service=LINE, timeout_s=60)
    finally:
        phone.stop()
        meter.stop()
    (record,) = cdrs_of(pool, ANI, wait_s=15)
    time.sleep(0.2)
    seen = watch.stop()
    return {"run": run, "record": record, "said": phone.said, "seen": seen}


def frame_peaks(path: Path) -> list[int]:
    """The loudest sample of every 20 ms of a recording."""
    pcm, rate = read_recording(path)
    assert rate == 8000
    step = 160 * 2
    peaks = []
    for offset in range(0, len(pcm) - 1, step):
        chunk = memoryview(pcm[offset:offset + step]).cast("h")
        peaks.append(max((abs(value) for value in chunk), default=0))
    return peaks


def loud_runs(peaks: list[int]) -> list[tuple[int, int]]:
    """(start ms, end ms) of every stretch of loud frames (gaps under 200 ms bridged)."""
    runs: list[tuple[int, int]] = []
    for index, peak in enumerate(peaks):
        if peak < LOUD_PEAK:
            continue
        at = index * 20
        if runs and at - runs[-1][1] <= 200:
            runs[-1] = (runs[-1][0], at + 20)
        else:
            runs.append((at, at + 20))
    return runs


def test_the_call_went_through_the_secure_input_and_the_message(
        recorded_call: dict[str, Any]) -> None:
    run: SippRun = recorded_call["run"]
    assert run.returncode == 0, (run.stdout, run.errors)
    record = recorded_call["record"]
    assert record["path"] == ["welcome", "ask_pin", "message", "bye", "done"], record
    assert len(recorded_call["said"]) == 3, recorded_call["said"]
    (heard,) = record["metrics"]["speech"]
    assert heard["block"] == "ask_pin" and set(heard["text"]) == {"•"}
    assert record["dtmf"] == []


def test_the_recording_is_silent_while_the_pin_is_said(recorded_call: dict[str, Any]) -> None:
    record = recorded_call["record"]
    (whole,) = [entry for entry in record["recordings"] if entry.get("kind") == "call"]
    (paused,) = whole["paused"]
    assert paused["block"] == "ask_pin"
    peaks = frame_peaks(Path(whole["path"]))
    length_ms = len(peaks) * 20
    assert abs(length_ms - whole["duration_ms"]) < 600, (length_ms, whole)  # nothing cut

    muted = peaks[paused["from_ms"] // 20 + 2:paused["to_ms"] // 20 - 2]
    assert muted and max(muted) <= SILENT_PEAK, max(muted)
    runs = loud_runs(peaks)
    before = [run for run in runs if run[1] <= paused["from_ms"]]
    after = [run for run in runs if run[0] >= paused["to_ms"]]
    assert len(before) == 1 and 1000 <= before[0][1] - before[0][0] <= 1400, runs
    assert len(after) == 1 and 1300 <= after[0][1] - after[0][0] <= 1700, runs
    assert len(runs) == 2, runs

    # the caller's clock against the recording's: the welcome tone was sent at said[0]
    said = recorded_call["said"]
    offset_ms = before[0][0] - said[0][0] * 1000
    pin_start, pin_end = (moment * 1000 + offset_ms for moment in said[1])
    assert paused["from_ms"] < pin_start - 100 and pin_end + 100 < paused["to_ms"], (
        paused, pin_start, pin_end)


def test_the_spoken_pin_never_touches_the_recordings_folder(
        pool: Supervisor, recorded_call: dict[str, Any]) -> None:
    record = recorded_call["record"]
    recordings = pool.settings.recordings_dir
    kept = {Path(entry["path"]) for entry in record["recordings"]}
    seen: dict[Path, list[float]] = recorded_call["seen"]
    under_recordings = {path for path in seen if path.is_relative_to(recordings)}
    assert under_recordings == kept, sorted(map(str, under_recordings))
    assert {path.parent.name for path in kept} == {"calls", "recordings"}

    (capture,) = [path for path in seen if not path.is_relative_to(recordings)]
    assert not capture.exists()
    first_seen, last_seen = seen[capture]
    pin_start, pin_end = recorded_call["said"][1]
    assert first_seen < pin_start  # made when the worker started listening
    assert last_seen < pin_end + 0.7 + 0.6  # gone right after the final silence
