"""`designer serve`: the Designer, REST API and chat runtime in one process, and optionally
the voice channel (a `designer voice` pool) beside it.

The pool keeps its files (Kamailio's configuration and pid file, the TTS cache, logs) in the
Designer's instance folder, under `voice/`, so two instances on one machine keep apart. It is
stopped when the server stops, whether by Ctrl-C or by SIGTERM (a service manager, a container
stop), so the SIP port is free for the next start.
"""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
from pathlib import Path
from types import FrameType

import click
from flask import Flask

from designer_ui.cli.softphone_setup import softphone_config
from designer_ui.cli.voice import SOFTPHONE_SECRET_ENV

CDR_STORE = "designer_ui.voice_cdrs:designer_cdr_store"
CALLBACK_SERVICE = "designer_ui.callbacks.voice:designer_callback_service"
DIAL_DESK = "designer_ui.callbacks.voice:designer_dial_desk"
VOICE_STOP_TIMEOUT_S = 30.0
"""How long the pool may take to drain its calls and stop Kamailio and the workers before it
is killed (its workers drain for 3 s, each child gets 5 s after SIGTERM)."""

@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8080, show_default=True, type=int)
@click.option("--examples/--no-examples", default=False, help="Load the example flows.")
@click.option("--voice-port", default=0, show_default=True, type=int,
              help="Also answer calls on this SIP port (0: no voice channel).")
@click.option("--ws-port", default=0, show_default=True, type=int,
              help="With --voice-port: agents' browser softphones connect to Kamailio on this "
                   "WebSocket port (0: no softphones).")
@click.option("--worker-port", default=5100, show_default=True, type=int,
              help="With --voice-port: SIP port of the first media worker; the others follow "
                   "(a second instance on this machine needs its own).")
@click.option("--rtp-port", default=20000, show_default=True, type=int,
              help="With --voice-port: first RTP port; each worker uses 100.")
@click.option("--record-calls/--no-record-calls", default=False, show_default=True,
              help="With --voice-port: record what every caller says (`designer voice "
                   "--record-calls`).")
def serve_command(host: str, port: int, examples: bool, voice_port: int, ws_port: int = 0,
                  worker_port: int = 5100, rtp_port: int = 20000,
                  record_calls: bool = False) -> None:
    """Serve the Designer (development server; use gunicorn in production)."""
    from designer_ui.app import create_app
    from designer_ui.bots.crypto import DERIVED_KEY_WARNING, configured_key

    app = create_app({"LOAD_EXAMPLES": examples, "BOT_CREDENTIALS_KEY_REQUIRED": False})
    softphone_env = softphone_config(app, host, ws_port) if voice_port and ws_port else {}
    if not configured_key(app):
        click.echo(DERIVED_KEY_WARNING, err=True)
    gc.freeze()  # start-up objects need no more collection passes: shorter pauses per request
    signal.signal(signal.SIGTERM, _interrupt)
    voice: subprocess.Popen[bytes] | None = None
    try:
        if voice_port:
            voice = _start_voice(host, voice_port, app.config.get("SQLALCHEMY_DATABASE_URI", ""),
                                 Path(app.instance_path) / "voice", softphone_env,
                                 _development_key_env(app), (worker_port, rtp_port),
                                 record_calls=record_calls)
        click.echo(f"Designer listening on http://{host}:{port}/")
        if voice_port:
            click.echo(f"Voice: call sip:+18005550100@{host}:{voice_port} for the bank example")
        app.run(host=host, port=port, debug=False, use_reloader=False)
    except KeyboardInterrupt:
        pass
    finally:
        if voice is not None:
            _stop_voice(voice)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    """SIGTERM ends the server the way Ctrl-C does, so the voice pool is stopped too."""
    raise KeyboardInterrupt


def _stop_voice(voice: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the pool's supervisor, which stops Kamailio and the workers; SIGKILL if it
    has not finished in `VOICE_STOP_TIMEOUT_S`."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second TERM must not cut this short
    voice.terminate()
    try:
        voice.wait(timeout=VOICE_STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        voice.kill()
        voice.wait()


DEVELOPMENT_ADMISSION_CPU = 97.0
"""A development machine also runs the browser, builds and tests: the pool refuses calls only
when the machine is all but saturated (production `designer voice` defaults to 85 %)."""


def _development_key_env(app: Flask) -> dict[str, str]:
    """What the voice workers' own Designer app needs to read bot credentials as this
    development server does: without BOT_CREDENTIALS_KEY, the same SECRET_KEY to derive the key
    from, and leave to start without a key of its own."""
    from designer_ui.bots.crypto import configured_key

    if configured_key(app):
        return {}
    return {"SECRET_KEY": str(app.config["SECRET_KEY"]),
            "DESIGNER_BOT_CREDENTIALS_KEY_REQUIRED": "false"}


def _start_voice(host: str, port: int, database_url: str, instance: Path,
                 softphone_env: dict[str, str] | None = None,
                 key_env: dict[str, str] | None = None,
                 media_ports: tuple[int, int] = (5100, 20000), *,
                 record_calls: bool = False) -> subprocess.Popen[bytes]:
    """The voice pool as a child process reading flows from the same Designer database, its
    files in the Designer's instance folder."""
    command = [sys.executable, "-c", "from designer_ui.cli import main; main()", "voice",
               "--host", host, "--port", str(port), "--instance", str(instance),
               "--admission-cpu", str(DEVELOPMENT_ADMISSION_CPU),
               "--worker-port", str(media_ports[0]), "--rtp-port", str(media_ports[1])]
    if record_calls:
        command.append("--record-calls")
    environment = {**os.environ, **(key_env or {})}
    if softphone_env:
        command += ["--ws-port", softphone_env["ws_port"]]
        environment[SOFTPHONE_SECRET_ENV] = softphone_env["secret"]
    if database_url:
        command += ["--database-url", database_url,
                    "--analytics", "runtime.analytics.voice:database_sink",
                    "--cdr", CDR_STORE, "--callbacks", CALLBACK_SERVICE,
                    "--dial-desk", DIAL_DESK]
        environment.setdefault("ANALYTICS_DATABASE_URL", database_url)
        environment.setdefault("VOICE_CDR_DATABASE_URL", database_url)
    return subprocess.Popen(command, env=environment)
