"""`designer serve --voice-port`: the voice pool lives in the Designer's instance folder,
stops with the server on SIGTERM as on Ctrl-C, so the next start gets the SIP port, and a second
instance on the same machine runs beside the first on its own media ports or says which are
taken."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from runtime.voice.supervisor import sip_ping
from tests.runtime.voice.conftest import ensure_debian_packages

START_TIMEOUT_S = 180.0
STOP_TIMEOUT_S = 60.0


def free_port(kind: int) -> int:
    with socket.socket(socket.AF_INET, kind) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def pool_pids(folder: Path) -> set[int]:
    """The voice processes a server of this test started: its pool's supervisor, workers and
    Kamailio's processes each name a file under the test's `folder` on their command line."""
    found: set[int] = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(
                errors="replace")
        except OSError:
            continue
        if str(folder) in command and entry.name != str(os.getpid()):
            found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


class Server:
    """One `designer serve --voice-port` process, started in `workdir` (its current folder)."""

    def __init__(self, instance: Path, workdir: Path, voice_port: int,
                 extra: tuple[str, ...] = ()):
        self.instance, self.voice_port = instance, voice_port
        self.folder = instance.parent
        workdir.mkdir(parents=True, exist_ok=True)
        self.log = (workdir / "serve.log").open("ab")
        # As `make run` starts it: no BOT_CREDENTIALS_KEY and no SECRET_KEY from outside, so the
        # voice workers must start on what the development server hands them.
        environment = {name: value for name, value in os.environ.items()
                       if name not in ("BOT_CREDENTIALS_KEY", "SECRET_KEY")}
        environment["DESIGNER_INSTANCE"] = str(instance)
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from designer_ui.cli import main; main()", "serve",
             "--port", str(free_port(socket.SOCK_STREAM)), "--voice-port", str(voice_port),
             *extra],
            cwd=workdir, env=environment, stdout=self.log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL)
        self.pids: set[int] = set()

    def wait_answering(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"designer serve exited; see {self.log.name}"
            if sip_ping("127.0.0.1", self.voice_port):
                self.pids = pool_pids(self.folder) - {self.process.pid}
                return
            time.sleep(0.5)
        pytest.fail(f"no SIP answer on {self.voice_port}; see {self.log.name}")

    def terminate(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(STOP_TIMEOUT_S)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(alive(pid) for pid in self.pids):
            time.sleep(0.2)
        return code

    def clean_up(self) -> None:
        """Whatever a failed test left of this server's processes (by their ids)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for pid in self.pids | pool_pids(self.folder):
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        self.log.close()


@pytest.fixture
def servers() -> Iterator[list[Server]]:
    ensure_debian_packages()
    started: list[Server] = []
    yield started
    for server in started:
        server.clean_up()


def test_the_pool_lives_in_the_instance_folder_and_stops_on_sigterm(
        tmp_path: Path, servers: list[Server]) -> None:
    instance, workdir = tmp_path / "designer", tmp_path / "cwd"
    voice_port = free_port(socket.SOCK_DGRAM)
    first = Server(instance, workdir, voice_port)
    servers.append(first)
    first.wait_answering()
    voice = instance / "voice"
    for name in ("kamailio.cfg", "kamailio.pid", "settings.json", "tts-cache",
                 "worker-0.log", "kamailio.log"):
        assert (voice / name).exists(), name
    assert not (workdir / "instance").exists()
    assert "Traceback" not in (voice / "worker-0.log").read_text(errors="replace")
    assert "exited at start-up" not in (workdir / "serve.log").read_text(errors="replace")
    kamailio_pid = int((voice / "kamailio.pid").read_text())
    assert kamailio_pid in first.pids and len(first.pids) >= 4  # supervisor, 2 workers, Kamailio

    assert first.terminate() == 0
    assert [pid for pid in first.pids if alive(pid)] == []
    assert not sip_ping("127.0.0.1", voice_port)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", voice_port))

    second = Server(instance, workdir, voice_port)
    servers.append(second)
    second.wait_answering()
    assert int((voice / "kamailio.pid").read_text()) != kamailio_pid
    assert second.terminate() == 0
    assert [pid for pid in second.pids if alive(pid)] == []


def test_a_second_instance_runs_on_its_own_ports_or_says_which_are_taken(
        tmp_path: Path, servers: list[Server]) -> None:
    first = Server(tmp_path / "one" / "designer", tmp_path / "one-cwd",
                   free_port(socket.SOCK_DGRAM))
    servers.append(first)
    first.wait_answering()

    clash_port = free_port(socket.SOCK_DGRAM)
    clash = Server(tmp_path / "two" / "designer", tmp_path / "two-cwd", clash_port)
    servers.append(clash)
    deadline = time.monotonic() + START_TIMEOUT_S
    log = tmp_path / "two-cwd" / "serve.log"
    while time.monotonic() < deadline and "already in use" not in log.read_text(errors="replace"):
        time.sleep(0.5)
    text = log.read_text(errors="replace")
    assert "127.0.0.1:5100 (SIP port of worker 0) is already in use" in text
    assert "--worker-port" in text
    assert not sip_ping("127.0.0.1", clash_port)
    assert sip_ping("127.0.0.1", first.voice_port)  # the first pool was not disturbed

    beside = Server(tmp_path / "three" / "designer", tmp_path / "three-cwd",
                    free_port(socket.SOCK_DGRAM),
                    ("--worker-port", "5300", "--rtp-port", "26000"))
    servers.append(beside)
    beside.wait_answering()
    assert sip_ping("127.0.0.1", first.voice_port)
    assert first.pids.isdisjoint(beside.pids)
    assert first.terminate() == 0 and beside.terminate() == 0
