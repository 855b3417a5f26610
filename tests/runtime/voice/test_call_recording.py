"""A recorded call goes silent while a secure input is collected, without SIP.

A fake port stands in for pjsua2 and logs what the session asks of it (prompts played, the
call's recording started, muted, unmuted, stopped); the caller "says" a synthesised PIN when
listened to, and the session decodes it with the real pocketsphinx decoder. The pjsua2 side
and the audio itself are checked by a real call in `test_secure_recording_call.py`.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from runtime.voice.audio_files import ensure_beep
from runtime.voice.call_recording import CallRecording
from runtime.voice.call_session import CallServices, CallSession
from runtime.voice.file_source import FileFlowSource
from runtime.voice.invite import InviteInfo
from runtime.voice.scheduler import Scheduler
from runtime.voice.speech import SpeechRecognizer
from runtime.voice.tts import Synthesizer
from tests.runtime.voice.test_bot_session import FakePort, NoAnalytics, Records

NUMBER = "18005550610"
WELCOME = "Welcome to the card line."
QUESTION = "Say your four digit PIN."
FLOW = {
    "format": "designer-flow", "format_version": 1, "id": "secure-pin", "name": "secure-pin",
    "kind": "application", "channels": ["voice"], "phases": {"self_service": "welcome"},
    "variables": {"pin": {"type": "string", "secure": True}},
    "blocks": {
        "welcome": {"type": "play_message", "props": {"prompts": [{"tts": WELCOME}]},
                    "next": {"next": "ask_pin"}},
        "ask_pin": {"type": "input", "props": {
            "prompts": [{"tts": QUESTION}], "variable": "pin", "grammar": "digits",
            "min_length": 4, "max_length": 4, "retries": 0, "timeout_ms": 6000},
            "next": {"next": "check", "noinput": "no_pin", "nomatch": "no_pin"}},
        "check": {"type": "segmentation", "props": {"conditions": [
            {"name": "right", "expression": "pin == '4321'"}]},
            "next": {"right": "thanks", "default": "wrong"}},
        "thanks": {"type": "play_message", "props": {"prompts": [{"tts": "Thank you."}]},
                   "next": {"next": "done"}},
        "done": {"type": "terminate", "props": {"reason": "pin right"}},
        "wrong": {"type": "terminate", "props": {"reason": "pin wrong"}},
        "no_pin": {"type": "terminate", "props": {"reason": "no pin"}},
    },
}


@dataclass
class LoggingPort(FakePort):
    """`FakePort` that also records the call and logs every media request in order."""

    log: list[tuple[str, str]] = field(default_factory=list)
    captures: list[Path] = field(default_factory=list)

    def play(self, path: Path) -> None:
        super().play(path)
        self.log.append(("play", path.name))

    def start_recording(self, path: Path) -> None:
        super().start_recording(path)
        self.captures.append(path)
        self.log.append(("capture", str(path)))

    def start_call_recording(self, path: Path) -> None:
        self.log.append(("record", str(path)))

    def mute_call_recording(self, muted: bool) -> None:
        self.log.append(("mute" if muted else "unmute", ""))

    def stop_call_recording(self) -> None:
        self.log.append(("stop", ""))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("call-recording")


@pytest.fixture(scope="module")
def source(folder: Path) -> FileFlowSource:
    (folder / "flows").mkdir()
    (folder / "flows" / "secure-pin.json").write_text(json.dumps(FLOW))
    return FileFlowSource([str(folder / "flows")], numbers={NUMBER: "secure-pin"})


@pytest.fixture(scope="module")
def pin_said(folder: Path) -> Path:
    return Synthesizer(folder / "caller", rate=170).synthesize("four three two one", "en-US")


@pytest.fixture(scope="module")
def synthesizer(folder: Path) -> Synthesizer:
    return Synthesizer(folder / "tts", rate=400)


@pytest.fixture(scope="module")
def recognizer(pin_said: Path) -> SpeechRecognizer:
    """The worker's decoder after its first utterance (a fresh decoder's running normalisation
    mishears the first one, as on a worker's first call)."""
    decoder = SpeechRecognizer()
    decoder.recognize_words(pin_said, "digits", 4, 4)
    return decoder


def run_call(folder: Path, source: FileFlowSource, synthesizer: Synthesizer,
             recognizer: SpeechRecognizer, *, speech: Path | None = None,
             keys_at_welcome: str = "", record_calls: bool = True,
             hang_up_when_asked: bool = False) -> tuple[CallSession, LoggingPort]:
    scheduler = Scheduler()
    flow = source.flow_for(NUMBER)
    assert flow is not None
    recordings = folder / "recordings"
    services = CallServices(
        scheduler=scheduler, synthesizer=synthesizer, source=source, cdrs=Records(),
        analytics=NoAnalytics(), recordings_dir=recordings, beep=ensure_beep(folder),
        recognizer=recognizer, record_calls=record_calls)
    port = LoggingPort(scheduler, speech)
    done = threading.Event()
    session = CallSession(port, flow, InviteInfo("call-1", "+15550001", NUMBER), services,
                          on_finished=lambda _: done.set())
    port.session = session
    session.start()
    deadline = time.monotonic() + 20
    while not done.is_set() and time.monotonic() < deadline:
        scheduler.run_due()
        if keys_at_welcome and session.player.busy:
            for key in keys_at_welcome:
                session.on_dtmf(key)
            keys_at_welcome = ""
        if hang_up_when_asked and session.inputs.collect is not None:
            session.on_disconnected()
            hang_up_when_asked = False
        time.sleep(0.005)
    scheduler.shutdown()
    assert done.is_set(), "the call did not finish"
    return session, port


def test_the_recording_is_silent_from_the_secure_question_to_its_spoken_answer(
        folder: Path, source: FileFlowSource, synthesizer: Synthesizer, pin_said: Path,
        recognizer: SpeechRecognizer) -> None:
    session, port = run_call(folder, source, synthesizer, recognizer, speech=pin_said)
    assert session.cdr.path == ["welcome", "ask_pin", "check", "thanks", "done"]
    (heard,) = session.cdr.metrics["speech"]
    assert heard["block"] == "ask_pin" and set(heard["text"]) == {"•"}  # masked

    welcome, question, thanks = (synthesizer.path_for(text, "en-US").name
                                 for text in (WELCOME, QUESTION, "Thank you."))
    kinds = [kind if kind != "play" else name for kind, name in port.log]
    assert kinds == ["record", welcome, "mute", question, "capture", "unmute", thanks, "stop"]

    (recorded,) = session.cdr.recordings
    assert recorded["kind"] == "call" and recorded["block"] == ""
    assert recorded["path"] == port.log[0][1]
    assert Path(recorded["path"]).parent == folder / "recordings" / "calls"
    (paused,) = recorded["paused"]
    assert paused["block"] == "ask_pin"
    assert 0 < paused["from_ms"] < paused["to_ms"] <= recorded["duration_ms"]


def test_a_secure_answer_is_captured_outside_the_recordings_and_deleted(
        folder: Path, source: FileFlowSource, synthesizer: Synthesizer, pin_said: Path,
        recognizer: SpeechRecognizer) -> None:
    session, port = run_call(folder, source, synthesizer, recognizer, speech=pin_said,
                             record_calls=False)
    assert session.cdr.path[-1] == "done"  # the PIN was decoded from the private capture
    (capture,) = port.captures
    recordings = (folder / "recordings").resolve()
    assert not capture.resolve().is_relative_to(recordings), capture
    assert capture.name.startswith("voice-secure-")
    assert not capture.exists()
    assert not [kind for kind, _ in port.log if kind in ("record", "mute", "unmute", "stop")]
    assert session.cdr.recordings == []


def test_keys_that_skip_the_question_still_silence_the_recording(
        folder: Path, source: FileFlowSource, synthesizer: Synthesizer,
        recognizer: SpeechRecognizer) -> None:
    session, port = run_call(folder, source, synthesizer, recognizer, keys_at_welcome="4321")
    assert session.cdr.path == ["welcome", "ask_pin", "check", "thanks", "done"]
    assert session.cdr.dtmf == [{"block": "ask_pin", "digits": "••••"}]
    kinds = [kind for kind, _ in port.log if kind != "play"]
    assert kinds == ["record", "mute", "capture", "unmute", "stop"]  # listening, cut short
    (recorded,) = session.cdr.recordings
    assert [pause["block"] for pause in recorded["paused"]] == ["ask_pin"]


def test_hanging_up_during_the_secure_input_closes_the_pause(
        folder: Path, source: FileFlowSource, synthesizer: Synthesizer,
        recognizer: SpeechRecognizer) -> None:
    session, port = run_call(folder, source, synthesizer, recognizer, hang_up_when_asked=True)
    assert session.cdr.path == ["welcome", "ask_pin"]
    kinds = [kind for kind, _ in port.log if kind != "play"]
    assert kinds == ["record", "mute", "capture", "unmute", "stop"]
    (recorded,) = session.cdr.recordings
    (paused,) = recorded["paused"]
    assert paused["block"] == "ask_pin" and paused["to_ms"] <= recorded["duration_ms"]


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_pauses_are_kept_once_and_closed_by_the_end_of_the_call(tmp_path: Path) -> None:
    port = LoggingPort(Scheduler())
    clock = Clock()
    recording = CallRecording(port, clock)
    recording.pause("before")  # not recording yet: nothing to silence
    recording.resume()
    assert recording.stop() is None and port.log == []

    recording.start(tmp_path)
    clock.now += 1.5
    recording.pause("pin")
    clock.now += 0.5
    recording.pause("pin_again")  # already silent: one stretch
    clock.now += 1.0
    recording.resume()
    recording.resume()
    clock.now += 2.0
    recording.pause("cvv")
    clock.now += 0.25
    entry = recording.stop()
    assert entry is not None
    assert entry["duration_ms"] == 5250
    assert entry["paused"] == [{"block": "pin", "from_ms": 1500, "to_ms": 3000},
                               {"block": "cvv", "from_ms": 5000, "to_ms": 5250}]
    assert [kind for kind, _ in port.log] == ["record", "mute", "unmute", "mute", "stop"]
    assert Path(entry["path"]) == tmp_path / "calls" / f"{entry['id']}.wav"
    assert recording.stop() is None
