"""The voice service: a pool of media workers behind Kamailio, kept alive.

The supervisor writes the settings and a Kamailio configuration into its instance folder,
starts the workers and Kamailio, and then watches them: a worker that dies (crash, SIGKILL) is
started again on the same ports after a short pause, and Kamailio's probes put it back in
rotation. Only the calls of the dead worker are lost. Without Kamailio, one worker answers the
callers' address directly.
"""

from __future__ import annotations

import logging
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from runtime.voice.admission import AdmissionGate
from runtime.voice.kamailio import (
    FloodLimit,
    LoadHandling,
    TlsListener,
    dispatcher_list,
    kamailio_binary,
    kamailio_command,
    kamailio_config,
    module_dir,
    rpc_socket_path,
    tls_module_installed,
)
from runtime.voice.kamailio_rpc import KamailioRpcError, kamailio_rpc
from runtime.voice.port_check import describe_conflicts, ports_in_use
from runtime.voice.rtpengine import wait_for_rtpengine
from runtime.voice.settings import VoiceSettings
from runtime.voice.softphone_setup import (
    SoftphoneSetupError,
    media_relay_command,
    softphone_listener,
)
from runtime.voice.softphone_sip import SoftphoneListener
from runtime.voice.worker_loss import worker_lost

log = logging.getLogger(__name__)
READY_TIMEOUT_S = 180.0
ADMISSION_REPEAT_S = 5.0
"""The admission state is sent to Kamailio on each change and again this often (a restarted
Kamailio starts open)."""


class VoiceStartError(RuntimeError):
    """The pool cannot start: ports taken, Kamailio missing for several workers, ..."""


@dataclass
class Child:
    name: str
    command: list[str]
    log_path: Path
    process: subprocess.Popen[bytes] | None = None
    restarts: int = 0
    died_at: float | None = None
    log_file: IO[bytes] | None = None

    def start(self) -> None:
        self.log_file = self.log_path.open("ab")
        self.process = subprocess.Popen(self.command, stdout=self.log_file,
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                        start_new_session=True)
        self.died_at = None

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, grace_s: float = 5.0, *, signalled: bool = False) -> None:
        """SIGTERM (unless the caller sent it already), SIGKILL after `grace_s`. A worker is
        signalled once: a second SIGTERM can arrive after Python restored the default handler
        on its way out, and kill it with its work done but a failed exit status."""
        process = self.process
        if process is not None and process.poll() is None:
            if not signalled:
                process.terminate()
            try:
                process.wait(grace_s)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
        if self.log_file is not None:
            self.log_file.close()
            self.log_file = None


def sip_ping(host: str, port: int, timeout_s: float = 0.5) -> bool:
    """True when something at host:port answers a SIP OPTIONS request."""
    branch = uuid.uuid4().hex
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind((host, 0))
        local = sock.getsockname()[1]
        message = (f"OPTIONS sip:{host}:{port} SIP/2.0\r\n"
                   f"Via: SIP/2.0/UDP {host}:{local};branch=z9hG4bK{branch}\r\n"
                   f"From: <sip:ping@{host}:{local}>;tag={branch[:8]}\r\n"
                   f"To: <sip:{host}:{port}>\r\nCall-ID: {branch}@{host}\r\nCSeq: 1 OPTIONS\r\n"
                   "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n")
        sock.settimeout(timeout_s)
        try:
            sock.sendto(message.encode(), (host, port))
            data = sock.recv(4096)
        except OSError:
            return False
    return data.startswith(b"SIP/2.0")


class StartCancelled(KeyboardInterrupt):
    """SIGTERM or Ctrl-C arrived while the pool was starting."""


def wait_until_answering(host: str, port: int, child: Child, timeout_s: float,
                         cancelled: Callable[[], bool] = lambda: False) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if cancelled():
            raise StartCancelled
        if not child.alive:
            raise VoiceStartError(f"{child.name} exited at start-up; see {child.log_path}")
        if sip_ping(host, port):
            return
        time.sleep(0.1)
    raise VoiceStartError(f"{child.name} does not answer on {host}:{port}; see {child.log_path}")


def flood_limit(settings: VoiceSettings) -> FloodLimit | None:
    if settings.flood_requests <= 0:
        return None
    return FloodLimit(settings.flood_requests, max(settings.flood_window_s, 1))


def tls_listener(settings: VoiceSettings, mpath: str) -> TlsListener | None:
    """The TLS listener the settings ask for, after checking that Kamailio can serve it."""
    if not settings.sip_tls_port:
        return None
    if not tls_module_installed(mpath):
        raise VoiceStartError("SIP over TLS needs Kamailio's tls module (apt-get install "
                              "kamailio-tls-modules)")
    files = [Path(settings.tls_certificate), Path(settings.tls_private_key)]
    if not all(str(path) != "." and path.is_file() for path in files):
        raise VoiceStartError("SIP over TLS needs tls_certificate and tls_private_key (PEM "
                              "files)")
    return TlsListener(settings.sip_tls_port, files[0].resolve(), files[1].resolve())


class Supervisor:
    def __init__(self, settings: VoiceSettings, *, python: str = sys.executable):
        self.python = python
        self.settings = self._resolve(settings)
        self.folder = self.settings.instance
        self.workers: list[Child] = []
        self.kamailio: Child | None = None
        self.media_relay: Child | None = None
        """rtpengine, when agents' softphones are on (`ws_port`)."""
        self.stopping = False
        self.start_cancelled = False
        """Set by a signal handler while `start` runs; `start` stops what it started."""
        self.admission = AdmissionGate(self.settings.admission_cpu_percent,
                                       self.settings.admission_window_s)
        self._admission_sent_at: float | None = None

    @staticmethod
    def _resolve(settings: VoiceSettings) -> VoiceSettings:
        """Decide between Kamailio and serving directly from one worker."""
        wanted = settings.kamailio
        installed = kamailio_binary() is not None and module_dir() is not None
        if wanted == "on" and not installed:
            raise VoiceStartError("Kamailio is not installed (apt-get install kamailio "
                                  "kamailio-extra-modules)")
        use = wanted == "on" or (wanted == "auto" and installed)
        if not use:
            if settings.workers > 1:
                raise VoiceStartError("several workers need Kamailio in front of them; install "
                                      "kamailio, or run one worker with --workers 1")
            return replace(settings, kamailio="off", direct=True, workers=1)
        return replace(settings, kamailio="on", direct=False)

    @property
    def direct(self) -> bool:
        return self.settings.direct

    def start(self) -> None:
        taken = ports_in_use(self.settings)
        if taken:
            raise VoiceStartError(describe_conflicts(taken))
        self.folder.mkdir(parents=True, exist_ok=True)
        settings_path = self.folder / "settings.json"
        self.settings.save(settings_path)
        for index in range(self.settings.workers):  # left over by a pool that was killed
            worker_lost(self.settings, index, None)
        for index in range(self.settings.workers):
            command = [self.python, "-m", "runtime.voice.worker", "--settings",
                       str(settings_path), "--index", str(index)]
            self.workers.append(Child(f"worker {index}", command,
                                      self.folder / f"worker-{index}.log"))
        try:
            for child in self.workers:
                child.start()
                self._check_start()
            for index, child in enumerate(self.workers):
                wait_until_answering(self.settings.worker_bind_host(),
                                     self.settings.worker_sip_port(index), child, READY_TIMEOUT_S,
                                     self._start_is_cancelled)
            if not self.direct:
                self._start_kamailio()
        except BaseException:
            self.stop()
            raise

    def _start_is_cancelled(self) -> bool:
        return self.start_cancelled

    def _check_start(self) -> None:
        """Raise StartCancelled once a signal asked to stop: checked between steps, never
        raised from inside one, so no child is started without the supervisor knowing it."""
        if self.start_cancelled:
            raise StartCancelled

    def _start_kamailio(self) -> None:
        binary, mpath = kamailio_binary(), module_dir()
        assert binary is not None and mpath is not None
        settings = self.settings
        list_file = self.folder / "dispatcher.list"
        list_file.write_text(dispatcher_list(
            [(settings.worker_host, settings.worker_sip_port(i)) for i in range(settings.workers)]))
        softphone = self._start_media_relay(mpath)
        config = self.folder / "kamailio.cfg"
        config.write_text(kamailio_config(host=settings.sip_host, port=settings.sip_port,
                                          list_file=list_file, mpath=mpath,
                                          probe_s=settings.probe_interval_s,
                                          flood=flood_limit(settings),
                                          tls=tls_listener(settings, mpath),
                                          fr_timer_ms=settings.invite_timeout_ms,
                                          load=LoadHandling(settings.dispatch_attempts,
                                                            settings.probe_failures,
                                                            settings.retry_after_s),
                                          softphone=softphone))
        self.kamailio = Child("kamailio", kamailio_command(binary, config, self.folder),
                              self.folder / "kamailio.log")
        self.kamailio.start()
        wait_until_answering(settings.sip_host, settings.sip_port, self.kamailio, READY_TIMEOUT_S,
                             self._start_is_cancelled)

    def _start_media_relay(self, mpath: str) -> SoftphoneListener | None:
        """Start rtpengine when the settings turn softphones on; their Kamailio listener."""
        try:
            softphone = softphone_listener(self.settings, mpath)
            if softphone is None:
                return None
            command = media_relay_command(self.settings, self.folder)
        except SoftphoneSetupError as exc:
            raise VoiceStartError(str(exc)) from None
        self.media_relay = Child("rtpengine", command, self.folder / "rtpengine.log")
        self.media_relay.start()
        relay = self.media_relay
        if not wait_for_rtpengine(self.settings.sip_host, self.settings.rtpengine_ng_port,
                                  lambda: relay.alive, READY_TIMEOUT_S):
            raise VoiceStartError(f"rtpengine did not start; see {relay.log_path}")
        return softphone

    def check(self) -> list[str]:
        """Restart whatever died (after the restart delay); what was restarted."""
        restarted: list[str] = []
        now = time.monotonic()
        extra = [child for child in (self.kamailio, self.media_relay) if child is not None]
        for child in [*self.workers, *extra]:
            if child.alive or self.stopping:
                continue
            if child.died_at is None:
                code = child.process.returncode if child.process else None
                log.warning("voice: %s exited (%s); restarting it", child.name, code)
                child.died_at = now
                if child.log_file is not None:
                    child.log_file.close()
                    child.log_file = None
                if child in self.workers:
                    worker_lost(self.settings, self.workers.index(child), self.rpc_socket)
            if now - child.died_at >= self.settings.restart_delay_s:
                child.restarts += 1
                child.start()
                restarted.append(child.name)
        if not self.stopping:
            self.update_admission()
        return restarted

    @property
    def rpc_socket(self) -> Path | None:
        return None if self.direct else rpc_socket_path(self.folder)

    def update_admission(self) -> None:
        """Measure the CPU headroom and tell Kamailio whether new calls may come in."""
        changed = self.admission.update()
        socket_path = self.rpc_socket
        if socket_path is None or self.kamailio is None or not self.kamailio.alive:
            return
        now = time.monotonic()
        if not changed and self._admission_sent_at is not None \
                and now - self._admission_sent_at < ADMISSION_REPEAT_S:
            return
        closed = int(self.admission.closed)
        try:
            kamailio_rpc(socket_path, "htable.seti", "admission", "closed", closed)
        except KamailioRpcError as exc:
            log.warning("voice: admission state not sent to Kamailio: %s", exc)
            return
        self._admission_sent_at = now
        if changed:
            log.warning("voice: %s new calls (CPU %.0f %%)",
                        "refusing" if closed else "admitting", self.admission.busy_percent)

    def worker_pids(self) -> list[int | None]:
        return [child.process.pid if child.alive and child.process else None
                for child in self.workers]

    def run_forever(self, interval_s: float = 0.5) -> None:
        def stop(*_: Any) -> None:
            self.stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while not (self.stopping or self.start_cancelled):  # a signal just after start-up
            self.check()
            time.sleep(interval_s)
        self.stop()

    def stop(self) -> None:
        self.stopping = True
        for child in self.workers:
            if child.process is not None and child.process.poll() is None:
                child.process.send_signal(signal.SIGTERM)
        for child in self.workers:
            child.stop(signalled=True)
        if self.kamailio is not None:
            self.kamailio.stop()
        if self.media_relay is not None:
            self.media_relay.stop()
        pid_file = self.folder / "kamailio.pid"
        if pid_file.exists():
            pid_file.unlink()

    def describe(self) -> str:
        s = self.settings
        if self.direct:
            return (f"voice: Kamailio is not in use; one worker answers calls directly on "
                    f"{s.sip_host}:{s.sip_port} (up to {min(s.calls_per_worker, 4)} calls)")
        return (f"voice: Kamailio on {s.sip_host}:{s.sip_port} dispatching to {s.workers} "
                f"workers ({s.worker_host}:{s.worker_sip_port(0)}-"
                f"{s.worker_sip_port(s.workers - 1)}), up to "
                f"{s.workers * min(s.calls_per_worker, 4)} calls")


def run_voice(settings: VoiceSettings) -> int:
    """Start the pool and keep it running until SIGTERM/SIGINT (`designer voice`)."""
    supervisor = Supervisor(settings)

    def cancel_start(signum: int, frame: Any) -> None:
        supervisor.start_cancelled = True  # start() stops what it started, between its steps

    signal.signal(signal.SIGTERM, cancel_start)
    signal.signal(signal.SIGINT, cancel_start)
    try:
        supervisor.start()
    except KeyboardInterrupt:
        return 0
    print(supervisor.describe(), flush=True)
    supervisor.run_forever()
    return 0
