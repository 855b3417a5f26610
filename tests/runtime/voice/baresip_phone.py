"""A plain SIP phone for the agent tests: baresip, headless, with its own configuration folder.

It registers with the pool's front door as the agent, with the credential the Designer hands
the agent's softphone (`GET /agents/me/softphone`), answers calls by itself, sends a sine tone
as its microphone and records what it hears (baresip's `sndfile` filter writes the decoded
audio of each call to a WAV file), so a test can tell that audio crossed both ways.
"""

from __future__ import annotations

import array
import math
import subprocess
import time
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MODULES = ("aubridge.so", "g711.so", "ausine.so", "sndfile.so")
REGISTERED = "200 OK"


@dataclass
class BaresipPhone:
    process: subprocess.Popen[str]
    folder: Path
    log_path: Path

    @property
    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def wait_registered(self, timeout_s: float = 15.0) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if "[1 binding]" in self.log or ("REGISTER" not in self.log
                                             and REGISTERED in self.log):
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(f"baresip did not register:\n{self.log}")

    def heard_files(self) -> list[Path]:
        """The WAV files of what the phone heard (one per call)."""
        return sorted((self.folder / "sound").glob("*-dec.wav"))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def start_baresip(folder: Path, credential: dict[str, Any], *, registrar: str, sip_port: int,
                  rtp_ports: tuple[int, int], tone_hz: int = 440) -> BaresipPhone:
    """baresip registered as the credential's `sip_uri` through `registrar` (host:port),
    listening on `sip_port` (and `sip_port + 1` for TLS, baresip's habit)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sound").mkdir(exist_ok=True)
    config = [
        "poll_method epoll",
        f"sip_listen 127.0.0.1:{sip_port}",
        "audio_player aubridge,nowhere",
        "audio_alert aubridge,nowhere",
        f"audio_source ausine,{tone_hz}",
        "ausrc_srate 48000",
        "ausrc_channels 2",
        f"rtp_ports {rtp_ports[0]}-{rtp_ports[1]}",
        "module_path /usr/lib/baresip/modules",
        *(f"module {name}" for name in MODULES),
        "module_app account.so",
        f"snd_path {folder / 'sound'}",
    ]
    (folder / "config").write_text("\n".join(config) + "\n")
    account = (f"<{credential['sip_uri']}>;auth_user={credential['username']};"
               f"auth_pass={credential['password']};outbound=\"sip:{registrar}\";"
               "answermode=auto;audio_codecs=PCMU;regint=600")
    (folder / "accounts").write_text(account + "\n")
    log_path = folder / "baresip.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(["baresip", "-s", "-f", str(folder)], stdin=subprocess.DEVNULL,
                                   stdout=log, stderr=subprocess.STDOUT, text=True, cwd=folder)
    return BaresipPhone(process, folder, log_path)


def loud_windows(path: Path, *, window_ms: int = 20, min_rms: int = 500) -> int:
    """How many `window_ms` stretches of a 16-bit WAV are louder than `min_rms`."""
    with wave.open(str(path)) as audio:
        assert audio.getsampwidth() == 2, "16-bit audio expected"
        rate, channels = audio.getframerate(), audio.getnchannels()
        samples = array.array("h", audio.readframes(audio.getnframes()))
    step = channels * rate * window_ms // 1000
    return sum(1 for start in range(0, len(samples) - step + 1, step)
               if math.sqrt(sum(value * value for value in samples[start:start + step])
                            / step) >= min_rms)
