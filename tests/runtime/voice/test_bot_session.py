"""Bot turns in a call session without SIP: a fake port stands in for pjsua2.

The port "hears" a synthesised utterance (its level is high while the caller speaks, and the
recording it leaves is that utterance), so the session's own listening, pocketsphinx
transcription, bot turn and timers run as on a call. The bot servers and connectors are the
real ones where it matters (Lex through boto3), or stand-ins that record what they were sent.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from interpreter.engine.effects import BotTurn
from interpreter.engine.events import BotResponse
from runtime.bots import RegistryBotConnector, StaticDefinitions, load_definition
from runtime.bots.definition import BotDefinition
from runtime.voice import call_session
from runtime.voice.audio_files import duration_ms, ensure_beep
from runtime.voice.bots import LEX_L16_16K, BotsFileError, read_bot_definitions
from runtime.voice.call_session import CallServices, CallSession
from runtime.voice.cdr import CallDetailRecord
from runtime.voice.file_source import FileFlowSource
from runtime.voice.invite import InviteInfo
from runtime.voice.scheduler import Scheduler
from runtime.voice.speech import SpeechRecognizer
from runtime.voice.tts import Synthesizer
from tests.bots_servers import LexServer, ScriptedBot

NUMBER = "18005550300"
ACCESS_KEY = "AKIDSESSIONTEST00001"
SECRET = "session-test-secret-value"
BOT = ScriptedBot.from_dict({"intents": [
    {"name": "CheckBalance", "patterns": [r"\bbalance\b"], "reply": "It is 120 dollars."}]})
FLOW = {
    "format": "designer-flow", "format_version": 1, "id": "bot-session", "name": "Bot session",
    "kind": "application", "channels": ["voice"], "phases": {"self_service": "ask"},
    "blocks": {
        "ask": {"type": "bot", "props": {
            "bot": "BankBot", "prompts": [{"tts": "Hi."}], "intents": ["CheckBalance"],
            "timeout_ms": 800},
            "next": {"CheckBalance": "done", "fallback": "done", "error": "failed"}},
        "done": {"type": "terminate", "props": {"reason": "done"}},
        "failed": {"type": "terminate", "props": {"reason": "bot_failed"}},
    },
}


@dataclass
class FakePort:
    """A caller who says `speech` (a WAV file) `after_s` after being listened to, or nothing."""

    scheduler: Scheduler
    speech: Path | None = None
    after_s: float = 0.2
    played: list[Path] = field(default_factory=list)
    recording: Path | None = None
    listening_since: float | None = None
    session: CallSession | None = None
    call_recording: Path | None = None
    call_recording_muted: bool = False

    def play(self, path: Path) -> None:
        self.played.append(path)

    def stop_playing(self) -> None:
        pass

    def start_recording(self, path: Path) -> None:
        self.recording = path
        self.listening_since = self.scheduler.clock()

    def stop_recording(self) -> None:
        if self.recording is not None and self.speech is not None:
            shutil.copy(self.speech, self.recording)
        self.recording = None

    def start_call_recording(self, path: Path) -> None:
        self.call_recording = path

    def mute_call_recording(self, muted: bool) -> None:
        self.call_recording_muted = muted

    def stop_call_recording(self) -> None:
        self.call_recording = None

    def rx_level(self) -> int:
        if self.speech is None or self.listening_since is None:
            return 0
        elapsed = self.scheduler.clock() - self.listening_since - self.after_s
        return 40 if 0 <= elapsed <= duration_ms(self.speech) / 1000 else 0

    def hangup(self) -> None:
        session = self.session
        assert session is not None
        self.scheduler.call_soon(session.on_disconnected)

    def refer(self, uri: str, headers: Any) -> None:
        raise AssertionError("no transfers here")

    def bridge(self, uri: str, headers: Any) -> None:
        raise AssertionError("no transfers here")


class Records:
    def __init__(self) -> None:
        self.saved: list[CallDetailRecord] = []

    def save(self, record: CallDetailRecord) -> None:
        self.saved.append(record)

    def close(self) -> None:
        pass


class NoAnalytics:
    def publish(self, context: Any, events: Any) -> None:
        pass

    def close(self) -> None:
        pass


class Recorder:
    """A provider connector that answers CheckBalance and keeps the turns it was sent."""

    def __init__(self, hold: threading.Event | None = None):
        self.turns: list[BotTurn] = []
        self.hold = hold

    def turn(self, effect: BotTurn, definition: BotDefinition) -> BotResponse:
        self.turns.append(effect)
        if self.hold is not None:
            self.hold.wait(10)
        return BotResponse("fulfilled", "CheckBalance", confidence=0.9)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bot-session")


@pytest.fixture(scope="module")
def spoken(folder: Path) -> Path:
    return Synthesizer(folder / "caller", rate=170).synthesize("I want to check my balance",
                                                               "en-US")


@pytest.fixture(scope="module")
def lex() -> Iterator[LexServer]:
    with LexServer({("BANKBOT001", "TSTALIASID"): BOT}, access_key_id=ACCESS_KEY,
                   transcribe=lambda audio, _type: "my balance" if audio else "") as server:
        yield server


@pytest.fixture(scope="module")
def source(folder: Path, lex: LexServer) -> FileFlowSource:
    (folder / "flows").mkdir()
    (folder / "flows" / "bot-session.json").write_text(json.dumps(FLOW))
    (folder / "bots.yaml").write_text(yaml.safe_dump({"BankBot": {
        "provider": "lex", "bot_id": "BANKBOT001", "alias_id": "TSTALIASID", "locale": "en_US",
        "region": "eu-west-1", "endpoint": lex.url, "max_retries": 0,
        "credentials": {"aws_access_key_id": ACCESS_KEY, "aws_secret_access_key": SECRET}}}))
    return FileFlowSource([str(folder / "flows")], numbers={NUMBER: "bot-session"},
                          bots=str(folder / "bots.yaml"))


def run_call(folder: Path, source: FileFlowSource, *, speech: Path | None = None,
             bots: Any = "flow", audio_rate: int = 8000, limit_s: float = 15.0,
             keys: str = "", release: threading.Event | None = None
             ) -> tuple[CallSession, FakePort, float | None]:
    """Run one call to its end; also how long it took to reach the `failed` block."""
    scheduler = Scheduler()
    flow = source.flow_for(NUMBER)
    assert flow is not None
    if bots != "flow":
        flow = replace(flow, bots=bots)
    services = CallServices(
        scheduler=scheduler, synthesizer=Synthesizer(folder / "tts", rate=400), source=source,
        cdrs=Records(), analytics=NoAnalytics(), recordings_dir=folder / "recordings",
        beep=ensure_beep(folder), recognizer=SpeechRecognizer(), bot_audio_rate=audio_rate)
    port = FakePort(scheduler, speech)
    done = threading.Event()
    session = CallSession(port, flow, InviteInfo("call-1", "+15550001", NUMBER), services,
                          on_finished=lambda _: done.set())
    port.session = session
    started = time.monotonic()
    session.start()
    failed_after = None
    while not done.is_set() and time.monotonic() < started + limit_s:
        scheduler.run_due()
        if keys and session.inputs.collect is not None and not session.player.busy:
            for key in keys:
                session.on_dtmf(key)
            keys = ""
        if failed_after is None and session.cdr.path[-1:] == ["failed"]:
            failed_after = time.monotonic() - started
            if release is not None:
                release.set()
        time.sleep(0.005)
    scheduler.shutdown()
    assert done.is_set(), "the call did not finish"
    return session, port, failed_after


def test_spoken_turns_go_to_lex_as_16_khz_audio_when_asked(folder: Path, source: FileFlowSource,
                                                           lex: LexServer, spoken: Path) -> None:
    session, _, _ = run_call(folder, source, speech=spoken, audio_rate=16000)
    assert session.cdr.path == ["ask", "done"]
    (request,) = [r for r in lex.requests if r["session"].startswith(session.cdr.id)]
    assert request["kind"] == "utterance"
    assert request["headers"]["content-type"] == LEX_L16_16K
    (turn,) = session.cdr.metrics["bot_turns"]
    assert turn["sent"] == "audio"
    assert abs(len(request["audio"]) - turn["audio_ms"] * 32) < 64  # 16 kHz, 16-bit


def test_other_providers_get_the_transcript(folder: Path, source: FileFlowSource,
                                            spoken: Path) -> None:
    provider = Recorder()
    native = load_definition({"name": "BankBot", "provider": "native", "native": {"x": 1}})
    bots = RegistryBotConnector(StaticDefinitions({"BankBot": native}),
                                connectors={"native": provider})
    session, _, _ = run_call(folder, source, speech=spoken, bots=bots)
    assert session.cdr.path == ["ask", "done"]
    (effect,) = provider.turns
    (heard,) = session.cdr.metrics["speech"]
    assert effect.text == heard["text"] and effect.text  # pocketsphinx heard some words
    assert session.cdr.metrics["bot_turns"][0]["sent"] == "text"


def test_a_turn_that_outlives_its_timeout_takes_error(folder: Path, source: FileFlowSource,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(call_session, "BOT_GRACE_S", 0.2)
    hold = threading.Event()
    native = load_definition({"name": "BankBot", "provider": "native", "native": {"x": 1}})
    provider = Recorder(hold)
    bots = RegistryBotConnector(StaticDefinitions({"BankBot": native}),
                                connectors={"native": provider})
    session, _, failed_after = run_call(folder, source, bots=bots, keys="5#", release=hold)
    assert session.cdr.path == ["ask", "failed"]
    assert failed_after is not None and 1.0 < failed_after < 3  # "Hi." + 0.8 s + 0.2 s
    (turn,) = session.cdr.metrics["bot_turns"]
    assert turn["state"] == "timeout" and provider.turns[0].dtmf == "5#"


def test_without_a_bot_connector_the_block_takes_error(folder: Path,
                                                       source: FileFlowSource) -> None:
    session, port, _ = run_call(folder, source, bots=None, keys="5#")
    assert session.cdr.path == ["ask", "failed"]
    assert port.played  # the question was asked first


def test_bots_files_are_checked_with_the_registry_loader(tmp_path: Path) -> None:
    native = tmp_path / "native.yaml"
    native.write_text("format: native-bot\n")
    (tmp_path / "bots.json").write_text(json.dumps([
        {"name": "A", "provider": "lex", "bot_id": "ABCDEFGHIJ", "alias_id": "TSTALIASID"},
        {"name": "B", "provider": "native", "native": "native.yaml"}]))
    definitions = read_bot_definitions(tmp_path / "bots.json")
    assert definitions["A"].provider == "lex"
    assert definitions["B"].native == {"format": "native-bot"}
    (tmp_path / "bad.yaml").write_text("bots:\n  - {name: C, provider: lex}\n")
    with pytest.raises(BotsFileError, match="bot 'C': bot_id"):
        read_bot_definitions(tmp_path / "bad.yaml")
    (tmp_path / "twice.yaml").write_text(
        "- {name: D, provider: native, native: {x: 1}}\n- {name: D, provider: native, "
        "native: {x: 1}}\n")
    with pytest.raises(BotsFileError, match="defined twice"):
        read_bot_definitions(tmp_path / "twice.yaml")
