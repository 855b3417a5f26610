"""The rig of the queued-call softphone tests: a voice pool whose Kamailio takes agents'
WebSocket softphones (rtpengine for their media) and whose worker reads the Designer's
database, the Designer serving the agent desk (with its distributor) on the same database, and
SIPp callers dialling the pool's number (their audio on a `tests.runtime.voice.tone_meter`)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask

from runtime.voice import Supervisor, VoiceSettings
from tests.runtime.voice.sipp import Scenario


@dataclass(frozen=True)
class PoolPorts:
    sip: int
    ws: int
    ng: int
    relay: tuple[int, int]


def softphone_pool(folder: Path, ports: PoolPorts, database_url: str, secret: str
                   ) -> Supervisor:
    settings = VoiceSettings(
        sip_port=ports.sip, worker_sip_base=ports.sip + 10, rtp_base=ports.sip + 100,
        rtp_span=40, workers=1, instance_dir=str(folder / "instance"), tts_rate=320,
        speech=False, kamailio="on", probe_interval_s=1, poll_ms=10,
        admission_cpu_percent=100.0, ws_port=ports.ws, softphone_secret=secret,
        rtpengine_ng_port=ports.ng, rtpengine_port_min=ports.relay[0],
        rtpengine_port_max=ports.relay[1],
        flow_source={"factory": "designer_ui.voice_source:open_designer_source", "options": {
            "database_url": database_url, "instance_path": str(folder / "designer"),
            "audio_cache": str(folder / "audio"),
            "agent_uri": f"sip:agent-{{username}}@127.0.0.1:{ports.sip}"}})
    return Supervisor(settings)


@contextmanager
def running(supervisor: Supervisor) -> Iterator[Supervisor]:
    supervisor.start()
    try:
        yield supervisor
    finally:
        supervisor.stop()


def start_caller(pool: Supervisor, scenario: Scenario, *, number: str, port: int,
                 media_port: int, timeout_s: float = 120) -> subprocess.Popen[str]:
    """A SIPp caller in the background (the test drives the desk meanwhile)."""
    folder = Path(pool.settings.instance) / "callers"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{scenario.name}.xml"
    path.write_text(scenario.xml(folder))
    command = ["sipp", "-sf", str(path), "-s", number.lstrip("+"), "-i", "127.0.0.1",
               "-p", str(port), "-mi", "127.0.0.1", "-mp", str(media_port), "-m", "1",
               "-nostdin", "-trace_err", "-error_file", str(folder / f"{scenario.name}.errors"),
               "-timeout", f"{int(timeout_s)}s", "-timeout_error",
               f"127.0.0.1:{pool.settings.sip_port}"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, errors="replace", cwd=folder)


def finish_caller(process: subprocess.Popen[str], timeout_s: float = 60) -> tuple[int, str]:
    try:
        output, _ = process.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    return process.returncode, output


def stop_caller(process: subprocess.Popen[str] | None) -> None:
    """End a caller the test no longer needs (and reap it)."""
    if process is None:
        return
    if process.poll() is None:
        process.kill()
    process.communicate()


def interaction_rows(app: Flask) -> list[dict[str, Any]]:
    from designer_ui.extensions import db
    from designer_ui.models.queues import Interaction

    with app.app_context():
        try:
            return [{**row.to_dict(), "declined_by": list(row.declined_by)}
                    for row in db.session.execute(
                        db.select(Interaction).order_by(Interaction.id)).scalars()]
        finally:
            db.session.remove()
