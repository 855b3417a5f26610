"""Where the telephone-band adaptation of the offline English model is, if there is one.

`make setup` builds a global MLLR transform of the model's means for phone audio
(`runtime.voice.asr.adaptation`) into the virtualenv, `INSTALLED`. Grammar decoders for 8 kHz
audio load it (pocketsphinx's `mllr` option); without it they decode with the model as it
is. `ASR_PHONE_MLLR` overrides the place: a file's path, or `off` to decode without it
(the benchmark's before / after switch). A file that is not a transform in the format
pocketsphinx reads is left out with a warning, so a damaged file cannot stop recognition.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from pathlib import Path

ENV_VAR = "ASR_PHONE_MLLR"
INSTALLED = Path(sys.prefix) / "share" / "asr-phone-adaptation" / "en-us.mllr"
OFF = ("", "off", "none", "no", "0")

log = logging.getLogger(__name__)


def phone_transform(env: Mapping[str, str] | None = None) -> Path | None:
    """The transform for phone audio, or None: decode with the model unadapted."""
    setting = (os.environ if env is None else env).get(ENV_VAR)
    if setting is not None and setting.strip().lower() in OFF:
        return None
    path = Path(setting.strip()) if setting is not None else INSTALLED
    if not path.is_file():
        if setting is not None:
            log.warning("%s=%s: no such file; phone audio is decoded without adaptation",
                        ENV_VAR, setting)
        return None
    problem = transform_problem(path.read_text(encoding="ascii", errors="replace"))
    if problem:
        log.warning("%s is not a usable MLLR transform (%s); phone audio is decoded "
                    "without adaptation", path, problem)
        return None
    return path


def transform_problem(text: str) -> str | None:
    """What is wrong with an MLLR transform file's text (None: nothing).

    The format: the number of regression classes (here 1), the number of feature streams,
    then per stream its length n, the n x n matrix, the n shifts and n variance scales."""
    try:
        numbers = [float(token) for token in text.split()]
    except ValueError:
        return "not all numbers"
    if len(numbers) < 2 or numbers[0] != 1 or numbers[1] < 1:
        return "not one regression class and at least one stream"
    at = 2
    for _ in range(int(numbers[1])):
        if at >= len(numbers) or numbers[at] < 1 or numbers[at] != int(numbers[at]):
            return "a stream without its length"
        length = int(numbers[at])
        at += 1 + length * length + 2 * length
    if at != len(numbers):
        return f"{len(numbers)} numbers where the streams take {at}"
    return None
