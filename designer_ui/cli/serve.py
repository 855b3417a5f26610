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

CDR_STORE = "designer_ui.voice_cdrs:designer_cdr_store"
VOICE_STOP_TIMEOUT_S = 30.0
"""How long the pool may take to drain its calls and stop Kamailio and the workers before it
is killed (its workers drain for 3 s, each child gets 5 s after SIGTERM)."""

@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8080, show_default=True, type=int)
@click.option("--examples/--no-examples", default=False, help="Load the example flows.")
@click.option("--voice-port", default=0, show_default=True, type=int,
              help="Also answer calls on this SIP port (0: no voice channel).")
def serve_command(host: str, port: int, examples: bool, voice_port: int) -> None:
    """Serve the Designer (development server; use gunicorn in production)."""
    from designer_ui.app import create_app
    from designer_ui.bots.crypto import DERIVED_KEY_WARNING, configured_key

    app = create_app({"LOAD_EXAMPLES": examples, "BOT_CREDENTIALS_KEY_REQUIRED": False})
    if not configured_key(app):
        click.echo(DERIVED_KEY_WARNING, err=True)
    gc.freeze()  # start-up objects need no more collection passes: shorter pauses per request
    signal.signal(signal.SIGTERM, _interrupt)
    voice: subprocess.Popen[bytes] | None = None
    try:
        if voice_port:
            voice = _start_voice(host, voice_port, app.config.get("SQLALCHEMY_DATABASE_URI", ""),
                                 Path(app.instance_path) / "voice")
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


def _start_voice(host: str, port: int, database_url: str, instance: Path
                 ) -> subprocess.Popen[bytes]:
    """The voice pool as a child process reading flows from the same Designer database, its
    files in the Designer's instance folder."""
    command = [sys.executable, "-c", "from designer_ui.cli import main; main()", "voice",
               "--host", host, "--port", str(port), "--instance", str(instance)]
    environment = dict(os.environ)
    if database_url:
        command += ["--database-url", database_url,
                    "--analytics", "runtime.analytics.voice:database_sink",
                    "--cdr", CDR_STORE]
        environment.setdefault("ANALYTICS_DATABASE_URL", database_url)
        environment.setdefault("VOICE_CDR_DATABASE_URL", database_url)
    return subprocess.Popen(command, env=environment)
