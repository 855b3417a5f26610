"""Running test callers against a pool and reading what the pool recorded."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from runtime.voice import Supervisor
from runtime.voice.audio_files import duration_ms
from runtime.voice.cdr import read_cdrs
from runtime.voice.tts import Synthesizer
from tests.runtime.voice.sipp import Scenario, SippRun, run_sipp

BANK_SERVICE = "18005550100"


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
