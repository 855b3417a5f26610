"""Text to speech for prompts, with a cache shared by every worker of a machine.

`Say` prompts are mostly the same sentences over and over, so each (engine, voice, rate,
language, text, and for an announcement its version) is synthesised once into an 8 kHz WAV file
named by its hash; later calls, in any worker, play the file; a re-saved announcement (a new
version, even with the same text) is synthesised anew. A prompt computed from a secure value
(a PIN read back) never enters that cache: a hash of an 8-digit PIN is reversed by trying
every PIN. It is synthesised into this process's private folder under a name keyed by a secret
held only in memory, and deleted once played (`forget`). espeak-ng (resampled by sox) speaks
many languages; flite's `kal` voice speaks English at 8 kHz directly and is the fallback.
Synthesis never downloads anything.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path

from runtime.voice.audio_files import RATE, atomic_write

MAX_TEXT = 4000
MAX_NAMES = 20_000
"""Cached prompts' file names a worker remembers (forgotten all at once beyond that)."""
ESPEAK_VOICES = {"en": "en-us", "en-us": "en-us", "en-gb": "en-gb", "es": "es-419",
                 "es-us": "es-419", "es-mx": "es-419", "es-es": "es", "fr": "fr", "fr-fr": "fr",
                 "fr-ca": "fr", "de": "de", "de-de": "de", "pt": "pt-br", "pt-br": "pt-br",
                 "pt-pt": "pt"}
"""espeak-ng voice per session language (or its first part); others are passed as given."""


class SpeechSynthesisError(RuntimeError):
    """No engine could speak the text (missing program, failure, empty output)."""


def espeak_voice(language: str) -> str:
    code = language.lower()
    return ESPEAK_VOICES.get(code) or ESPEAK_VOICES.get(code.split("-")[0]) or code


class Synthesizer:
    def __init__(self, cache_dir: Path, engine: str = "auto", rate: int = 175):
        self.cache_dir = Path(cache_dir)
        self.rate = rate
        self.engine = self._pick(engine)
        self._secret_key = secrets.token_bytes(32)
        self._names: dict[tuple[str, str, int], Path] = {}
        self.private_dir = self.cache_dir / "private" / str(os.getpid())
        shutil.rmtree(self.private_dir, ignore_errors=True)

    @staticmethod
    def _pick(engine: str) -> str:
        espeak = shutil.which("espeak-ng") is not None and shutil.which("sox") is not None
        flite = shutil.which("flite") is not None
        if engine == "auto":
            if espeak:
                return "espeak-ng"
            if flite:
                return "flite"
            raise SpeechSynthesisError("no text-to-speech engine: install espeak-ng and sox, or "
                                       "flite (Debian packages)")
        if engine == "espeak-ng" and not espeak:
            raise SpeechSynthesisError("espeak-ng and sox are not installed")
        if engine == "flite" and not flite:
            raise SpeechSynthesisError("flite is not installed")
        if engine not in ("espeak-ng", "flite"):
            raise SpeechSynthesisError(f"unknown text-to-speech engine '{engine}'")
        return engine

    def path_for(self, text: str, language: str, secure: bool = False, version: int = 0
                 ) -> Path:
        """The file for a text; `version` is an announcement's (0: not an announcement, the
        key prompts had before announcements were versioned)."""
        voice = espeak_voice(language) if self.engine == "espeak-ng" else "kal"
        announced = f"|announcement-v{version}" if version else ""
        key = f"{self.engine}|{voice}|{self.rate}|{language}{announced}|{text}".encode()
        if secure:
            keyed = hmac.new(self._secret_key, key, hashlib.sha256).hexdigest()
            return self.private_dir / f"{keyed}.wav"
        digest = hashlib.sha256(key).hexdigest()
        return self.cache_dir / digest[:2] / f"{digest}.wav"

    def forget(self, path: Path) -> None:
        """Delete a private (secure) prompt file once it has been played; shared files stay."""
        if path.parent == self.private_dir:
            path.unlink(missing_ok=True)

    def cached(self, text: str, language: str, version: int = 0) -> Path | None:
        """The shared cache's file for a text, if it is there. Prompts are looked up each time
        they are queued, so each text's file name is worked out once (the hash and the path
        cost more than the look-up); whether the file is there is asked every time."""
        key = (text, language, version)
        path = self._names.get(key)
        if path is None:
            if len(self._names) >= MAX_NAMES:
                self._names.clear()
            path = self._names[key] = self.path_for(text, language, version=version)
        return path if os.path.exists(path) else None

    def synthesize(self, text: str, language: str, secure: bool = False, version: int = 0
                   ) -> Path:
        """The WAV file speaking `text` (from the cache, or made now: blocking, ~10-100 ms)."""
        text = " ".join(text.split())[:MAX_TEXT]
        path = self.path_for(text, language, secure, version)
        if path.exists():
            return path
        if not text:
            raise SpeechSynthesisError("nothing to say")
        with tempfile.TemporaryDirectory(prefix="tts-") as folder:
            raw = Path(folder) / "raw.wav"
            out = Path(folder) / "out.wav"
            try:
                if self.engine == "espeak-ng":
                    subprocess.run(["espeak-ng", "-v", espeak_voice(language), "-s",
                                    str(self.rate), "-w", str(raw), "--", text],
                                   check=True, capture_output=True, timeout=30)
                    subprocess.run(["sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16",
                                    "-e", "signed", str(out)],
                                   check=True, capture_output=True, timeout=30)
                else:
                    stretch = f"{175 / max(self.rate, 50):.2f}"
                    subprocess.run(["flite", "-voice", "kal", "--setf",
                                    f"duration_stretch={stretch}", "-t", text, "-o", str(out)],
                                   check=True, capture_output=True, timeout=30)
            except (OSError, subprocess.SubprocessError) as exc:
                raise SpeechSynthesisError(f"{self.engine} failed: {exc}") from None
            data = out.read_bytes() if out.exists() else b""
        if len(data) <= 44:
            raise SpeechSynthesisError(f"{self.engine} produced no audio")
        atomic_write(path, data)
        return path
