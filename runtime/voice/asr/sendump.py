"""The English model's mixture weights in the form sphinxtrain reads.

The pocketsphinx wheel ships its model's mixture weights only as `sendump`: per feature
stream and codeword, one byte per senone, the weight's negative logarithm (base 1.0001)
shifted right by `mixw_shift` bits (10). Sphinxtrain's `bw`, which collects the statistics for
adapting the model, reads a `mixture_weights` file instead (an S3 binary array of floats,
senone x stream x codeword). This module turns the one into the other: the weights come back
as quantised (to a few percent), which is plenty for computing state posteriors.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO

import numpy as np

LOG_BASE = 1.0001
DEFAULT_SHIFT = 10
BYTE_ORDER_MAGIC = 0x11223344


class SendumpError(ValueError):
    """The file is not a sendump this module can read."""


def read_sendump(path: Path) -> np.ndarray:
    """The mixture weights, senone x stream x codeword, each distribution summing to 1."""
    with path.open("rb") as file:
        order = _byte_order(file)
        header = _header(file, order)
        if header.get("cluster_count", "0") != "0":
            raise SendumpError(f"{path}: clustered (compressed) sendump files are not supported")
        try:
            streams = int(header["feature_count"])
            shift = int(header.get("mixw_shift", DEFAULT_SHIFT))
        except (KeyError, ValueError):
            raise SendumpError(f"{path}: no feature_count in the header") from None
        codewords, senones = struct.unpack(order + "II", file.read(8))
        size = streams * codewords * senones
        data = np.frombuffer(file.read(size), dtype=np.uint8)
    if data.size != size:
        raise SendumpError(f"{path}: {data.size} weights instead of {size}")
    logs = data.reshape(streams, codewords, senones).astype(np.float64) * (1 << shift)
    weights = np.power(LOG_BASE, -logs).transpose(2, 0, 1)
    return weights / weights.sum(axis=2, keepdims=True)


def write_mixture_weights(weights: np.ndarray, path: Path) -> None:
    """`weights` (senone x stream x codeword) as an S3 `mixture_weights` file."""
    senones, streams, codewords = weights.shape
    header = "s3\nversion 1.0\n"
    padding = -(len(header) + len("endhdr\n")) % 4  # the data starts on a 4-byte boundary
    with path.open("wb") as file:
        file.write((header + " " * padding + "endhdr\n").encode("ascii"))
        file.write(struct.pack("<iIIII", BYTE_ORDER_MAGIC, senones, streams, codewords,
                               weights.size))
        file.write(weights.astype("<f4").tobytes())


def _byte_order(file: BinaryIO) -> str:
    """'<' or '>': the title's length, read both ways, is small only the right way."""
    start = file.tell()
    raw = file.read(4)
    file.seek(start)
    if len(raw) < 4:
        raise SendumpError("the file is empty")
    return "<" if struct.unpack("<I", raw)[0] < 65536 else ">"


def _header(file: BinaryIO, order: str) -> dict[str, str]:
    """The title, then `key value` strings, up to an empty one."""
    header: dict[str, str] = {}
    _string(file, order)  # the title
    while (line := _string(file, order)) is not None:
        key, _, value = line.partition(" ")
        header[key] = value.strip()
    return header


def _string(file: BinaryIO, order: str) -> str | None:
    raw = file.read(4)
    if len(raw) < 4:
        raise SendumpError("the header ends early")
    length = struct.unpack(order + "I", raw)[0]
    if length == 0:
        return None
    return file.read(length).rstrip(b"\0").decode("ascii", "replace")
