"""The voice runtime's settings: one JSON-serialisable record shared by the supervisor and its workers.

The supervisor writes the settings to its instance folder and starts each worker with that
file and its index, so every process of a pool reads the same configuration and derives its
own ports from it (worker *i* listens for SIP on `worker_sip_base + i` and uses RTP ports from
`rtp_base + i * rtp_span`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from interpreter.engine.limits import DEFAULT_MAX_DURATION_S, DEFAULT_MAX_WAITS_PER_BLOCK

FILE_SOURCE = "runtime.voice.file_source:open_file_source"


@dataclass(frozen=True, slots=True)
class VoiceSettings:
    sip_host: str = "127.0.0.1"
    sip_port: int = 5060
    worker_host: str = "127.0.0.1"
    direct: bool = False
    workers: int = 2
    calls_per_worker: int = 4
    worker_sip_base: int = 5100
    rtp_base: int = 20000
    rtp_span: int = 100
    poll_ms: int = 20
    """Longest wait of a worker's event loop while it has calls or work under way."""
    idle_poll_ms: int = 20
    """Longest wait while it has none: an idle worker wakes for SIP traffic and its timers,
    and otherwise this often (see `runtime.voice.loop_pacing`). 1000 cuts an idle worker's
    cost by two thirds, but is off by default: with it, agents' browser phones in the
    softphone queue tests sometimes waited ~7 s for the worker's ACK after many other browser
    tests had run (cause not found)."""
    instance_dir: str = "instance/voice"
    flow_source: dict[str, Any] = field(default_factory=lambda: {
        "factory": FILE_SOURCE, "options": {"paths": ["examples/flows"]}})
    cdr_store: str = ""
    callback_service: str = ""
    """`module:function` returning the `CallbackService` that `callback` blocks register
    with (the Designer's: `designer_ui.callbacks.voice:designer_callback_service`); empty:
    none, and every callback takes its `error` port saying so."""
    callback_dial_desk: str = ""
    """`module:function` returning the `DialDesk` workers take callback dial orders from (the
    Designer's: `designer_ui.callbacks.voice:designer_dial_desk`); empty: no callbacks dialled."""
    callback_trunk: str = ""
    """Where callbacks are dialled (`host:port` of the SIP trunk or gateway); behind Kamailio
    the INVITE goes through it (`runtime.voice.dialer`)."""
    callback_ring_s: float = 30.0
    """How long a callback rings before it is cancelled as not answered."""
    callback_poll_ms: int = 1000
    """How often a worker with free lines looks for dial orders."""
    analytics: str = ""
    tts_engine: str = "auto"
    tts_rate: int = 175
    prompt_dirs: tuple[str, ...] = ()
    speech: bool = True
    asr_routes: dict[str, Any] = field(default_factory=dict)
    """Language (or "*") -> {provider, credentials}: which recogniser hears it (see
    `runtime.voice.asr.selection`); English defaults to pocketsphinx."""
    bot_audio_rate: int = 8000
    record_calls: bool = False
    """Record what every caller says, answer to hang-up, into `recordings/calls/`; silent
    while a secure input is collected (see `runtime.voice.call_recording`)."""
    kamailio: str = "auto"
    probe_interval_s: int = 2
    flood_requests: int = 400
    """Kamailio's pike: requests one source address may send in `flood_window_s` before it is
    blocked (0 turns flood protection off). The pool's own workers are exempt."""
    flood_window_s: int = 2
    sip_tls_port: int = 0
    """Callers' SIP-over-TLS port on `sip_host` (0: no TLS); needs the two files below."""
    tls_certificate: str = ""
    tls_private_key: str = ""
    restart_delay_s: float = 0.5
    max_session_s: float = DEFAULT_MAX_DURATION_S
    """Longest a call's flow session may last; the engine then hangs up and runs finalize."""
    max_waits_per_block: int = DEFAULT_MAX_WAITS_PER_BLOCK
    """Times a call may wait at one block (a no-input loop) before the engine ends it."""
    player_grace_ms: int = 1000
    """How long a worker keeps a stopped prompt player before destroying it, so that no
    end-of-file callback can reach a destroyed player (see `runtime.voice.file_players`)."""
    invite_timeout_ms: int = 5000
    """How long Kamailio waits for a worker's first answer to an INVITE before it tries the next
    worker (tm's fr_timer); a worker refuses an INVITE older than this instead of answering a
    caller Kamailio has already given up on."""
    dispatch_attempts: int = 4
    """Workers Kamailio tries per call at most (486/503/timeout move on; capped at 8)."""
    probe_failures: int = 3
    """OPTIONS probes a worker must miss in a row before Kamailio leaves it out."""
    admission_cpu_percent: float = 85.0
    """Machine CPU use (over `admission_window_s`) at which new calls get 503 + Retry-After;
    they are admitted again below this minus 5 points. 100 or more: never refused for CPU."""
    admission_window_s: float = 3.0
    retry_after_s: int = 5
    """Retry-After of the front door's 503s (overloaded, or every worker busy)."""
    unacknowledged_answer_s: float = 4.0
    """A worker hangs up a call it answered whose ACK has not come in this long (the caller's
    transaction had ended: nobody is on the line)."""
    ws_port: int = 0
    """Agents' phones: Kamailio's SIP-over-WebSocket port on `sip_host` for browser softphones
    (0: no softphones; also turns on registration and rtpengine). See runtime.voice.softphone_sip."""
    wss_port: int = 0
    """Secure WebSocket port (needs the TLS certificate and key above; 0: none)."""
    softphone_secret: str = ""
    """The HMAC secret of agents' short-lived SIP credentials, shared with the Designer."""
    rtpengine_ng_port: int = 22222
    """rtpengine's control port on `sip_host`."""
    rtpengine_port_min: int = 30000
    rtpengine_port_max: int = 30999
    """The UDP ports rtpengine relays browser media on (two per call leg)."""

    def worker_sip_port(self, index: int) -> int:
        """Behind Kamailio each worker has its own port; without it the one worker takes the
        callers' address."""
        return self.sip_port if self.direct else self.worker_sip_base + index

    def worker_bind_host(self) -> str:
        return self.sip_host if self.direct else self.worker_host

    def worker_rtp_port(self, index: int) -> int:
        return self.rtp_base + index * self.rtp_span

    @property
    def instance(self) -> Path:
        return Path(self.instance_dir)

    @property
    def cache_dir(self) -> Path:
        return self.instance / "tts-cache"

    @property
    def recordings_dir(self) -> Path:
        return self.instance / "recordings"

    @property
    def cdr_path(self) -> str:
        return self.cdr_store or str(self.instance / "cdr.db")

    @property
    def analytics_path(self) -> str:
        return self.analytics or str(self.instance / "analytics.jsonl")

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["prompt_dirs"] = list(self.prompt_dirs)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> VoiceSettings:
        known = {item.name for item in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown voice settings: {', '.join(unknown)}")
        values = dict(data)
        if "prompt_dirs" in values:
            values["prompt_dirs"] = tuple(values["prompt_dirs"])
        return cls(**values)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), indent=2), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> VoiceSettings:
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))
