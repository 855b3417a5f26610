"""A voice pool for the SIP tests: Kamailio and media workers on high ports, the bank example.

Missing Debian packages are installed here when the tests run as root; otherwise the tests
fail with the list to install (they are never skipped). Each test module gets its own pool on
its own ports (`pool_ports`), so modules cannot disturb each other.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from runtime.voice import Supervisor, VoiceSettings

ROOT = Path(__file__).resolve().parents[3]
BANK = "+18005550100"
QUEUE_URI = "sip:customer-service@127.0.0.1:39999"
PROGRAMS = {"sipp": "sip-tester", "kamailio": "kamailio", "espeak-ng": "espeak-ng",
            "sox": "sox"}


def ensure_debian_packages() -> None:
    missing = sorted({package for program, package in PROGRAMS.items()
                      if shutil.which(program) is None and not Path("/usr/sbin", program).exists()})
    if not Path("/usr/lib/x86_64-linux-gnu/kamailio/modules/dispatcher.so").exists() \
            and shutil.which("kamailio"):
        missing.append("kamailio-extra-modules")
    if not Path("/usr/lib/x86_64-linux-gnu/kamailio/modules/tls.so").exists() \
            and shutil.which("kamailio"):
        missing.append("kamailio-tls-modules")
    if not missing:
        return
    if os.geteuid() != 0:
        pytest.fail(f"the voice tests need these Debian packages: {' '.join(missing)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, timeout=600)
    subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, env=env,
                   timeout=900)


def bank_settings(folder: Path, base: int, *, workers: int = 2, **overrides: object
                  ) -> VoiceSettings:
    """The bank example on `base` (Kamailio), `base+10…` (workers), `base+1000…` (RTP)."""
    options = {
        "paths": [str(ROOT / "examples" / "flows")],
        "numbers": {BANK: "bank-ivr"},
        "world": str(ROOT / "examples" / "tests" / "bank-ivr.flowtest.yaml"),
        "queues": {"customer-service": QUEUE_URI, "card-services": QUEUE_URI},
    }
    values: dict[str, object] = {
        "sip_port": base, "worker_sip_base": base + 10, "rtp_base": base + 1000,
        "rtp_span": 40, "workers": workers, "instance_dir": str(folder), "tts_rate": 320,
        "speech": False, "kamailio": "on", "probe_interval_s": 1, "poll_ms": 10,
        "admission_cpu_percent": 100.0,  # the test machine is shared: never refuse for CPU
        "flow_source": {"factory": "runtime.voice.file_source:open_file_source",
                        "options": options},
    }
    values.update(overrides)
    return VoiceSettings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session", autouse=True)
def debian_packages() -> None:
    ensure_debian_packages()


@pytest.fixture(scope="module")
def bank_pool(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
              ) -> Iterator[Supervisor]:
    base = getattr(request.module, "POOL_PORT", 41000)
    folder = tmp_path_factory.mktemp("voice")
    supervisor = Supervisor(bank_settings(folder, base))
    supervisor.start()
    try:
        yield supervisor
    finally:
        supervisor.stop()
