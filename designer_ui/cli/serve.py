"""`designer serve`: the Designer, REST API and chat runtime in one process, and optionally
the voice channel (a `designer voice` pool) beside it."""

from __future__ import annotations

import gc
import os
import subprocess
import sys

import click

CDR_STORE = "designer_ui.voice_cdrs:designer_cdr_store"

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
    voice = _start_voice(host, voice_port, app.config.get("SQLALCHEMY_DATABASE_URI", "")) \
        if voice_port else None
    click.echo(f"Designer listening on http://{host}:{port}/")
    if voice_port:
        click.echo(f"Voice: call sip:+18005550100@{host}:{voice_port} for the bank example")
    try:
        app.run(host=host, port=port, debug=False, use_reloader=False)
    finally:
        if voice is not None:
            voice.terminate()
            try:
                voice.wait(timeout=10)
            except subprocess.TimeoutExpired:
                voice.kill()


def _start_voice(host: str, port: int, database_url: str) -> subprocess.Popen[bytes]:
    """The voice pool as a child process reading flows from the same Designer database."""
    command = [sys.executable, "-c", "from designer_ui.cli import main; main()", "voice",
               "--host", host, "--port", str(port)]
    environment = dict(os.environ)
    if database_url:
        command += ["--database-url", database_url,
                    "--analytics", "runtime.analytics.voice:database_sink",
                    "--cdr", CDR_STORE]
        environment.setdefault("ANALYTICS_DATABASE_URL", database_url)
        environment.setdefault("VOICE_CDR_DATABASE_URL", database_url)
    return subprocess.Popen(command, env=environment)
