"""The model's sendump read back as mixture weights, written as sphinxtrain reads them."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest
from pocketsphinx import get_model_path

from runtime.voice.asr.sendump import (
    BYTE_ORDER_MAGIC,
    SendumpError,
    read_sendump,
    write_mixture_weights,
)


def packed(text: str, order: str = "<") -> bytes:
    data = text.encode() + b"\0"
    return struct.pack(order + "I", len(data)) + data


def tiny_sendump(path: Path, order: str = "<") -> None:
    """2 streams, 3 codewords, 2 senones; per stream and codeword one byte per senone."""
    header = b"".join(packed(line, order) for line in ("title", "feature_count 2",
                                                       "cluster_count 0"))
    rows = bytes([0, 1, 1, 0, 255, 255,    # stream 0: codewords 0, 1, 2
                  2, 0, 0, 2, 1, 1])       # stream 1
    path.write_bytes(header + struct.pack(order + "I", 0) + struct.pack(order + "II", 3, 2)
                     + rows)


@pytest.mark.parametrize("order", ["<", ">"])
def test_weights_are_the_bytes_as_shifted_negative_logarithms(tmp_path: Path,
                                                              order: str) -> None:
    tiny_sendump(tmp_path / "sendump", order)
    weights = read_sendump(tmp_path / "sendump")
    assert weights.shape == (2, 2, 3)  # senone, stream, codeword
    assert np.allclose(weights.sum(axis=2), 1.0)
    one = 1.0001 ** -(1 << 10)  # byte 1 is a weight 1.0001^-1024 of byte 0's
    expected = np.array([1.0, one, 1.0001 ** -(255 << 10)])
    assert np.allclose(weights[0, 0], expected / expected.sum())
    assert np.allclose(weights[1, 0], np.array([one, 1.0, 1.0001 ** -(255 << 10)])
                       / (1 + one + 1.0001 ** -(255 << 10)))
    assert weights[0, 1, 1] > weights[0, 1, 0]  # stream 1: senone 0 prefers codeword 1


def test_the_wheel_models_weights_and_the_file_sphinxtrain_reads(tmp_path: Path) -> None:
    weights = read_sendump(Path(get_model_path()) / "en-us" / "en-us" / "sendump")
    assert weights.shape == (5126, 3, 128)
    assert np.allclose(weights.sum(axis=2), 1.0) and (weights > 0).all()
    write_mixture_weights(weights, tmp_path / "mixture_weights")
    raw = (tmp_path / "mixture_weights").read_bytes()
    end = raw.index(b"endhdr\n") + len(b"endhdr\n")
    assert raw[:end].split()[:3] == [b"s3", b"version", b"1.0"]
    assert end % 4 == 0 and b"chksum0" not in raw[:end]  # no checksum follows the data
    magic, *shape, count = struct.unpack("<iIIII", raw[end:end + 20])
    assert magic == BYTE_ORDER_MAGIC and shape == [5126, 3, 128] and count == weights.size
    stored = np.frombuffer(raw[end + 20:], dtype="<f4").reshape(weights.shape)
    assert np.allclose(stored, weights, rtol=1e-6)


def test_a_file_that_is_not_a_sendump_is_refused(tmp_path: Path) -> None:
    (tmp_path / "empty").write_bytes(b"")
    with pytest.raises(SendumpError, match="empty"):
        read_sendump(tmp_path / "empty")
    tiny_sendump(tmp_path / "short")
    (tmp_path / "short").write_bytes((tmp_path / "short").read_bytes()[:-3])
    with pytest.raises(SendumpError, match="9 weights instead of 12"):
        read_sendump(tmp_path / "short")
