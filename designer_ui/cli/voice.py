"""`designer voice`: answer phone calls with flows (media workers behind Kamailio)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

FILE_SOURCE = "runtime.voice.file_source:open_file_source"
SOFTPHONE_SECRET_ENV = "VOICE_SOFTPHONE_SECRET"
DESIGNER_SOURCE = "designer_ui.voice_source:open_designer_source"


def _pairs(values: tuple[str, ...], what: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for value in values:
        key, sep, target = value.partition("=")
        if not sep or not key or not target:
            raise click.BadParameter(f"'{value}' is not {what}")
        pairs[key.strip()] = target.strip()
    return pairs


@click.command("voice")
@click.option("--host", default="127.0.0.1", show_default=True, help="Callers' SIP address.")
@click.option("--port", default=5060, show_default=True, type=int, help="Callers' SIP port.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 500),
              help="Media worker processes (each answers up to 4 calls).")
@click.option("--calls-per-worker", default=4, show_default=True, type=click.IntRange(1, 4))
@click.option("--worker-port", default=5100, show_default=True, type=int,
              help="SIP port of the first worker; the others follow.")
@click.option("--rtp-port", default=20000, show_default=True, type=int,
              help="First RTP port; each worker uses 100.")
@click.option("--instance", "instance_dir", default="instance/voice", show_default=True,
              type=click.Path(file_okay=False), help="Folder for logs, caches, recordings, CDRs.")
@click.option("--flows", "flow_paths", multiple=True, type=click.Path(exists=True),
              help="Serve flow files (folders or files) instead of the Designer's database.")
@click.option("--number", "numbers", multiple=True, metavar="DNIS=FLOW",
              help="With --flows: bind a dialled number to a flow id (repeatable).")
@click.option("--default-flow", default=None, help="With --flows: the flow for other numbers "
              "(otherwise they get 404).")
@click.option("--world", type=click.Path(exists=True, dir_okay=False),
              help="With --flows: a flow-test file whose `given` supplies business controls "
                   "and HTTP mocks.")
@click.option("--queue", "queues", multiple=True, metavar="NAME=SIP_URI",
              help="With --flows: where a route block's queue is (repeatable).")
@click.option("--bots", "bots_file", type=click.Path(exists=True, dir_okay=False),
              help="With --flows: a JSON or YAML file of Bot Registry entries that answer the "
                   "flows' bot blocks (the Designer's Bot Registry otherwise).")
@click.option("--bot-audio-rate", type=click.Choice(["8000", "16000"]), default="8000",
              show_default=True, help="Sample rate of the caller's speech sent to Lex bots "
              "(8 kHz LPCM as recorded, or upsampled to 16 kHz L16).")
@click.option("--database-url", default=None, help="The Designer database (default: "
              "DATABASE_URL or the instance's SQLite file).")
@click.option("--prompt-dir", "prompt_dirs", multiple=True, type=click.Path(file_okay=False),
              help="With --flows: folders of WAV files for `audio` prompts.")
@click.option("--cdr", default="", help="CDR store: a SQLite file or module:function.")
@click.option("--callbacks", default="", help="Callback service for `callback` blocks: "
              "module:function (the Designer's: designer_ui.callbacks.voice:"
              "designer_callback_service); none: callbacks fail.")
@click.option("--dial-desk", default="", help="Where workers take callback dial orders: "
              "module:function (the Designer's: designer_ui.callbacks.voice:designer_dial_desk).")
@click.option("--callback-trunk", default="", envvar="CALLBACK_TRUNK",
              help="host:port callbacks are dialled through (a SIP trunk or gateway); none: "
                   "workers place no callbacks.")
@click.option("--analytics", default="", help="Analytics sink: a .jsonl file, 'none', or "
              "module:function.")
@click.option("--tts", type=click.Choice(["auto", "espeak-ng", "flite"]), default="auto",
              show_default=True)
@click.option("--tts-rate", default=175, show_default=True, type=int, help="Words per minute.")
@click.option("--speech/--no-speech", default=True, show_default=True,
              help="Listen for spoken menu answers and bot turns (pocketsphinx).")
@click.option("--kamailio", type=click.Choice(["auto", "on", "off"]), default="auto",
              show_default=True)
@click.option("--poll-ms", default=20, show_default=True, type=click.IntRange(1, 200),
              help="Workers' longest wait in libHandleEvents.")
@click.option("--flood-requests", default=400, show_default=True, type=click.IntRange(0),
              help="Kamailio blocks a source address sending more requests than this per "
                   "--flood-window (pike); 0 turns it off.")
@click.option("--flood-window", default=2, show_default=True, type=click.IntRange(1, 60),
              help="Seconds over which --flood-requests is counted.")
@click.option("--tls-port", default=0, show_default=True, type=click.IntRange(0, 65535),
              help="Also take SIP over TLS on this port (needs --tls-cert and --tls-key).")
@click.option("--tls-cert", default="", type=click.Path(dir_okay=False),
              help="PEM certificate for --tls-port.")
@click.option("--tls-key", default="", type=click.Path(dir_okay=False),
              help="PEM private key for --tls-port.")
@click.option("--ws-port", default=0, show_default=True, type=click.IntRange(0, 65535),
              help="Agents' softphones: SIP over WebSocket on this port, with registration "
                   "and rtpengine (0: off). The credential secret comes from "
                   "$VOICE_SOFTPHONE_SECRET.")
@click.option("--rtpengine-port", default=22222, show_default=True,
              type=click.IntRange(1, 65535), help="rtpengine's control port (with --ws-port).")
@click.option("--softphone-rtp-ports", default="30000-30999", show_default=True,
              help="UDP ports rtpengine relays browser media on (with --ws-port).")
@click.option("--admission-cpu", default=85.0, show_default=True,
              type=click.FloatRange(10.0, 100.0),
              help="Machine CPU use (%) at which new calls are refused with 503 + Retry-After; "
                   "100 turns admission control off.")
@click.option("--record-calls/--no-record-calls", default=False, show_default=True,
              help="Record what every caller says into <instance>/recordings/calls (silent "
                   "while a secure input is collected).")
def voice_command(host: str, port: int, workers: int, calls_per_worker: int, worker_port: int,
                  rtp_port: int, instance_dir: str, flow_paths: tuple[str, ...],
                  numbers: tuple[str, ...], default_flow: str | None, world: str | None,
                  queues: tuple[str, ...], bots_file: str | None, bot_audio_rate: str,
                  database_url: str | None,
                  prompt_dirs: tuple[str, ...], cdr: str, analytics: str, tts: str,
                  tts_rate: int, speech: bool, kamailio: str, poll_ms: int,
                  flood_requests: int, flood_window: int, tls_port: int, tls_cert: str,
                  tls_key: str, callbacks: str = "", ws_port: int = 0, rtpengine_port: int = 22222,
                  softphone_rtp_ports: str = "30000-30999", admission_cpu: float = 85.0,
                  dial_desk: str = "", callback_trunk: str = "",
                  record_calls: bool = False) -> None:
    """Answer phone calls with published flows (or flow files with --flows)."""
    from runtime.voice import VoiceSettings, VoiceStartError, run_voice

    instance = Path(instance_dir).resolve()
    source: dict[str, Any]
    if flow_paths:
        source = {"factory": FILE_SOURCE, "options": {
            "paths": [str(Path(p).resolve()) for p in flow_paths],
            "numbers": _pairs(numbers, "DNIS=FLOW"), "default_flow": default_flow,
            "world": str(Path(world).resolve()) if world else None,
            "queues": _pairs(queues, "NAME=SIP_URI"),
            "prompt_dirs": [str(Path(p).resolve()) for p in prompt_dirs],
            "bots": str(Path(bots_file).resolve()) if bots_file else None}}
        if bots_file:
            from runtime.voice.bots import BotsFileError, read_bot_definitions

            try:
                read_bot_definitions(bots_file)
            except BotsFileError as exc:
                raise click.BadParameter(str(exc), param_hint="--bots") from None
    else:
        if numbers or world or queues or default_flow or bots_file:
            raise click.UsageError("--number, --world, --queue, --default-flow and --bots go "
                                   "with --flows; the Designer's entry points, Business "
                                   "Controls and Bot Registry say these otherwise")
        source = {"factory": DESIGNER_SOURCE, "options": {
            "database_url": database_url, "audio_cache": str(instance / "prompt-audio")}}
    settings = VoiceSettings(
        sip_host=host, sip_port=port, workers=workers, calls_per_worker=calls_per_worker,
        worker_sip_base=worker_port, rtp_base=rtp_port, instance_dir=str(instance),
        flow_source=source, cdr_store=cdr, callback_service=callbacks, analytics=analytics,
        callback_dial_desk=dial_desk, callback_trunk=callback_trunk,
        tts_engine=tts,
        tts_rate=tts_rate, speech=speech, bot_audio_rate=int(bot_audio_rate), kamailio=kamailio,
        poll_ms=poll_ms, flood_requests=flood_requests, flood_window_s=flood_window,
        sip_tls_port=tls_port, tls_certificate=tls_cert, tls_private_key=tls_key,
        admission_cpu_percent=admission_cpu, record_calls=record_calls,
        **_softphone_settings(ws_port, rtpengine_port, softphone_rtp_ports))
    try:
        run_voice(settings)
    except VoiceStartError as exc:
        raise click.ClickException(str(exc)) from None


def _softphone_settings(ws_port: int, rtpengine_port: int, rtp_ports: str) -> dict[str, Any]:
    """Settings for agents' softphones; the secret is read from the environment so that it
    never shows in a process list."""
    low, _, high = rtp_ports.partition("-")
    if not (low.isdigit() and high.isdigit()):
        raise click.BadParameter("expected FIRST-LAST", param_hint="--softphone-rtp-ports")
    return {"ws_port": ws_port, "rtpengine_ng_port": rtpengine_port,
            "rtpengine_port_min": int(low), "rtpengine_port_max": int(high),
            "softphone_secret": os.environ.get(SOFTPHONE_SECRET_ENV, "")}
