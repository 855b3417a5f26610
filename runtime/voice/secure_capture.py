"""Where a spoken answer to a secure input (a PIN said aloud) is captured: never in the
recordings folder.

pjsua2 can only record to a file, so the answer goes to a private file in the system's
temporary folder (created empty with mode 0600 before the recorder opens it, so it is never
readable by anyone else), and as soon as the recorder is done the samples are read into memory
and the file is deleted: the decoder works on `Samples`, not on a path. Ordinary spoken answers
keep their place under `recordings/speech`, deleted once decoded.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from runtime.voice.audio_files import Samples, read_recording

PREFIX = "voice-secure-"


def private_capture(folder: Path | None = None) -> Path:
    """A new, empty WAV path only this user can read (in `folder`, else the temp folder)."""
    handle, name = tempfile.mkstemp(prefix=PREFIX, suffix=".wav",
                                    dir=str(folder) if folder is not None else None)
    os.close(handle)
    return Path(name)


def take_samples(path: Path) -> Samples:
    """The captured answer in memory; the file is deleted whether or not it could be read.
    Blocks up to a second while pjmedia finishes the file (run it off the worker's loop)."""
    try:
        pcm, rate = read_recording(path)
    finally:
        path.unlink(missing_ok=True)
    return Samples(pcm, rate)
