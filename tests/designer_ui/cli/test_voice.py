"""`designer voice --record-calls`: the flag reaches the settings file the workers are started
with, and the worker records a call with it; `designer serve --voice-port … --record-calls`
passes it on to its pool.

The command runs as a process (one worker serving callers directly, no Kamailio, no speech
recognition) with the bank example and its flow test's world (data tables, HTTP answers);
SIPp places one short call. The call's record then lists its whole-call recording
(`kind: "call"`), whose WAV file is under the instance's `recordings/calls/`.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from designer_ui.cli.voice import voice_command
from runtime.voice.cdr import read_cdrs
from runtime.voice.settings import VoiceSettings
from runtime.voice.supervisor import sip_ping
from tests.designer_ui.cli.test_serve import Server, free_port
from tests.runtime.voice.conftest import ensure_debian_packages
from tests.runtime.voice.sipp import Scenario, run_sipp

ROOT = Path(__file__).resolve().parents[3]
SIP_PORT = 48300
"""The worker answers callers here (direct mode); its RTP ports start at `RTP_PORT`."""
RTP_PORT = 48400
CALLER_PORT, CALLER_MEDIA = 48320, 48330
ANI = "+15551480001"
BANK = "+18005550100"
START_TIMEOUT_S = 120.0
SERVE_WORKER_PORT, SERVE_RTP_PORT = 48360, 48600
"""`designer serve`'s pool: two workers behind Kamailio, RTP 48600-48799."""


@pytest.fixture(scope="module")
def recording_pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """`designer voice --record-calls` running until the module's tests are done; its
    instance folder."""
    ensure_debian_packages()
    instance = tmp_path_factory.mktemp("voice-cli") / "voice"
    log = instance.parent / "voice.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-c", "from designer_ui.cli import main; main()", "voice",
             "--flows", str(ROOT / "examples" / "flows"), "--number", f"{BANK}=bank-ivr",
             "--world", str(ROOT / "examples" / "tests" / "bank-ivr.flowtest.yaml"),
             "--port", str(SIP_PORT), "--rtp-port", str(RTP_PORT), "--workers", "1",
             "--kamailio", "off", "--no-speech", "--tts-rate", "320",
             "--admission-cpu", "100", "--instance", str(instance), "--record-calls"],
            cwd=ROOT, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not sip_ping("127.0.0.1", SIP_PORT):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"`designer voice` did not answer SIP: {log.read_text()}")
            time.sleep(0.5)
        yield instance
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_record_calls_is_off_unless_asked() -> None:
    context = voice_command.make_context("voice", [])
    assert context.params["record_calls"] is False
    context = voice_command.make_context("voice", ["--record-calls"])
    assert context.params["record_calls"] is True


def test_the_flag_is_in_the_settings_the_worker_was_started_with(recording_pool: Path) -> None:
    settings_file = recording_pool / "settings.json"
    assert VoiceSettings.load(settings_file).record_calls is True
    workers = [command for command in _commands() if "runtime.voice.worker" in command
               and str(settings_file) in command]
    assert len(workers) == 1, workers


def test_a_call_to_the_worker_is_recorded_whole(recording_pool: Path) -> None:
    scenario = Scenario("recorded-call", [("pause", 2500), ("bye",)], ani=ANI)
    run = run_sipp(scenario, recording_pool.parent / "sipp", target=f"127.0.0.1:{SIP_PORT}",
                   service=BANK, port=CALLER_PORT, media_port=CALLER_MEDIA, timeout_s=30)
    assert run.returncode == 0, run.errors
    record = _record_of(recording_pool / "cdr.db", ANI)
    assert record["ended_by"] == "caller", record
    (recording,) = [entry for entry in record["recordings"] if entry.get("kind") == "call"]
    path = Path(recording["path"])
    assert path == recording_pool / "recordings" / "calls" / f"{recording['id']}.wav"
    assert path.is_file()
    seconds = _wav_seconds(path)
    assert 1.5 < seconds < 4.0, seconds  # the call's length, from the answer to the BYE
    assert recording["paused"] == []  # the welcome menu asks nothing secure


def _wav_seconds(path: Path, wait_s: float = 5.0) -> float:
    """The recording's length once its header is complete: the worker's recorder writes the
    header when it closes, which may come a moment after the call record is saved."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            with wave.open(str(path)) as audio:
                return audio.getnframes() / audio.getframerate()
        except (wave.Error, EOFError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_serve_passes_the_flag_to_its_pool(tmp_path: Path) -> None:
    ensure_debian_packages()
    instance = tmp_path / "designer"
    server = Server(instance, tmp_path / "cwd", free_port(socket.SOCK_DGRAM),
                    ("--worker-port", str(SERVE_WORKER_PORT), "--rtp-port", str(SERVE_RTP_PORT),
                     "--record-calls"))
    try:
        server.wait_answering()
        assert VoiceSettings.load(instance / "voice" / "settings.json").record_calls is True
        assert server.terminate() == 0
    finally:
        server.clean_up()


def _record_of(store: Path, ani: str, wait_s: float = 15.0) -> dict[str, Any]:
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if store.exists():
            found = [record for record in read_cdrs(store) if record["ani"] == ani]
            if found:
                return found[0]
        time.sleep(0.2)
    pytest.fail(f"no call record from {ani} in {store}")


def _commands() -> list[str]:
    commands = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                commands.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(
                    errors="replace"))
            except OSError:
                continue
    return commands
