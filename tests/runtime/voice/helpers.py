"""Running test callers against a pool and reading what the pool recorded."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from runtime.voice import Supervisor, VoiceSettings
from runtime.voice.audio_files import duration_ms
from runtime.voice.cdr import read_cdrs
from runtime.voice.tts import Synthesizer
from tests.runtime.voice.rtp_meter import RtpMeter
from tests.runtime.voice.sipp import Scenario, SippRun, run_sipp
from tests.runtime.voice.speech_rtp import pcmu_frames

BANK_SERVICE = "18005550100"
THROUGH_KAMAILIO: dict[str, Any] = {"kamailio": "on", "probe_interval_s": 1,
                                    "admission_cpu_percent": 100.0}
"""Settings for a pool whose calls come through Kamailio with the supervisor's checks on; the
test machine is shared, so the CPU admission gate never refuses."""


@contextmanager
def running(settings: VoiceSettings) -> Iterator[Supervisor]:
    """A pool started on `settings`, stopped when the block ends."""
    supervisor = Supervisor(settings)
    supervisor.start()
    try:
        yield supervisor
    finally:
        supervisor.stop()


def pool_settings(folder: Path, base: int, flow_source: dict[str, Any], **overrides: object
                  ) -> VoiceSettings:
    """One worker without speech reading `flow_source`, its files in `folder/instance`: the
    pool's SIP port `base` (Kamailio's, when it runs), the worker's from `base+10`, RTP from
    `base+1000`; `overrides` are further `VoiceSettings` fields."""
    values: dict[str, object] = {
        "sip_port": base, "worker_sip_base": base + 10, "rtp_base": base + 1000,
        "rtp_span": 40, "workers": 1, "instance_dir": str(folder / "instance"),
        "tts_rate": 320, "speech": False, "poll_ms": 10, "flow_source": flow_source,
    }
    values.update(overrides)
    return VoiceSettings(**values)  # type: ignore[arg-type]


def flow_pool_settings(folder: Path, base: int, lines: dict[str, dict[str, Any]], *,
                       source_options: dict[str, Any] | None = None,
                       **overrides: object) -> VoiceSettings:
    """`pool_settings` with speech on, answering each line (a number without "+") with its
    flow document; the flows are written under `folder/flows`."""
    flows = folder / "flows"
    flows.mkdir()
    for flow in lines.values():
        (flows / f"{flow['id']}.json").write_text(json.dumps(flow))
    options = {"paths": [str(flows)],
               "numbers": {line: flow["id"] for line, flow in lines.items()},
               **(source_options or {})}
    source = {"factory": "runtime.voice.file_source:open_file_source", "options": options}
    return pool_settings(folder, base, source, **{"speech": True, **overrides})


def call(pool: Supervisor, scenario: Scenario, *, port: int, media_port: int,
         service: str = BANK_SERVICE, **options: Any) -> SippRun:
    settings = pool.settings
    return run_sipp(scenario, settings.instance / "sipp", target=f"127.0.0.1:{settings.sip_port}",
                    service=service, port=port, media_port=media_port, **options)


def cdrs_of(pool: Supervisor, ani: str | None = None, wait_s: float = 10.0,
            count: int = 1) -> list[dict[str, Any]]:
    """The call records from one caller number (each test calls from its own), waiting for
    the calls' finalize to be over."""
    deadline = time.monotonic() + wait_s
    path = Path(pool.settings.cdr_path)
    found: list[dict[str, Any]] = []
    while time.monotonic() < deadline:
        if path.exists():
            found = [r for r in read_cdrs(path) if ani is None or r["ani"] == ani]
            if len(found) >= count:
                return found
        time.sleep(0.2)
    return found


def prompt_ms(pool: Supervisor, *texts: str) -> int:
    """How long the pool's synthesised prompts of these texts play (cached, so the workers
    reuse them)."""
    synthesizer = Synthesizer(Path(pool.settings.cache_dir), pool.settings.tts_engine,
                              pool.settings.tts_rate)
    return sum(duration_ms(synthesizer.synthesize(text, "en-US")) for text in texts)


def speak_in_call(pool: Supervisor, speech: Path, *, after_ms: int, meter_port: int, ani: str,
                  service: str, port: int, media_port: int, wait_ms: int, timeout_s: float,
                  name: str = "spoken") -> dict[str, Any]:
    """Call `service` and say the recording `speech` (PCMU RTP from the socket the caller
    listens on) `after_ms` after the call's first audio, once the prompts have been heard;
    the caller waits up to `wait_ms` for the BYE. The SIPp run, what the caller heard, when
    the speech began and how many frames were sent."""
    meter = RtpMeter([meter_port])
    speaker = meter.speak(meter_port, pcmu_frames(speech), after_ms=after_ms)
    try:
        run = call(pool, Scenario(name, [("wait_bye", wait_ms)], ani=ani,
                                  audio_port=str(meter_port)),
                   port=port, media_port=media_port, service=service, timeout_s=timeout_s)
    finally:
        heard = meter.stop()[meter_port]
    return {"run": run, "audio": heard, "spoke_at": speaker.spoke_at, "sent": speaker.sent}
