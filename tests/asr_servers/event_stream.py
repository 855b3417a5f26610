"""The AWS event-stream message framing, as Transcribe streaming uses it in both directions.

A message is a 12-byte prelude (total length, headers length, both big-endian uint32, and the
CRC-32 of those 8 bytes), the headers, the payload, and the CRC-32 of everything before it.
A header is a 1-byte name length, the name, a 1-byte value type and the value; the types used
here are byte arrays (6) and strings (7), both with a 16-bit length, and timestamps (8,
milliseconds since the epoch as int64). The client's audio events are messages whose payload
is another message (the signed envelope around the `AudioEvent`), so `MessageReader` is used
for both layers.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

PRELUDE = 12
MAX_MESSAGE = 16 * 1024 * 1024 + 128 * 1024
"""The largest message accepted: the format's 16 MB payload plus 128 KB of headers."""
BYTES, STRING, TIMESTAMP = 6, 7, 8
HeaderValue = bytes | str | int


class FramingError(ValueError):
    """The bytes are not a well-formed event-stream message."""


@dataclass(frozen=True)
class Message:
    headers: dict[str, HeaderValue]
    payload: bytes
    raw_headers: bytes


def _crc(data: bytes, start: int = 0) -> int:
    return zlib.crc32(data, start) & 0xFFFFFFFF


def encode_headers(headers: dict[str, HeaderValue]) -> bytes:
    """Strings as type 7, bytes as type 6 (ints are not sent by this server)."""
    encoded = b""
    for name, value in headers.items():
        key = name.encode()
        encoded += struct.pack("B", len(key)) + key
        if isinstance(value, str):
            data = value.encode()
            encoded += struct.pack("!BH", STRING, len(data)) + data
        elif isinstance(value, bytes):
            encoded += struct.pack("!BH", BYTES, len(value)) + value
        else:
            raise TypeError(f"header {name!r}: unsupported value {value!r}")
    return encoded


def encode_message(headers: dict[str, HeaderValue], payload: bytes) -> bytes:
    encoded = encode_headers(headers)
    prelude = struct.pack("!II", PRELUDE + len(encoded) + len(payload) + 4, len(encoded))
    body = prelude + struct.pack("!I", _crc(prelude)) + encoded + payload
    return body + struct.pack("!I", _crc(body))


def decode_headers(data: bytes) -> dict[str, HeaderValue]:
    headers: dict[str, HeaderValue] = {}
    at = 0
    while at < len(data):
        size = data[at]
        name = data[at + 1:at + 1 + size].decode()
        at += 1 + size
        kind = data[at]
        at += 1
        if kind in (BYTES, STRING):
            (length,) = struct.unpack_from("!H", data, at)
            raw = data[at + 2:at + 2 + length]
            headers[name] = raw.decode() if kind == STRING else raw
            at += 2 + length
        elif kind == TIMESTAMP:
            (headers[name],) = struct.unpack_from("!q", data, at)
            at += 8
        else:
            raise FramingError(f"header {name!r} has a value type this server does not read "
                               f"({kind})")
    return headers


class MessageReader:
    """Bytes in as they arrive (`add`), whole messages out (`messages`), CRCs checked."""

    def __init__(self) -> None:
        self._buffer = b""

    def add(self, data: bytes) -> list[Message]:
        self._buffer += data
        messages = []
        while len(self._buffer) >= PRELUDE:
            total, headers_length = struct.unpack_from("!II", self._buffer)
            (prelude_crc,) = struct.unpack_from("!I", self._buffer, 8)
            if prelude_crc != _crc(self._buffer[:8]):
                raise FramingError("prelude checksum mismatch")
            if not PRELUDE + 4 <= total <= MAX_MESSAGE or headers_length > total - PRELUDE - 4:
                raise FramingError(f"implausible message length {total}")
            if len(self._buffer) < total:
                break
            message, self._buffer = self._buffer[:total], self._buffer[total:]
            (message_crc,) = struct.unpack_from("!I", message, total - 4)
            if message_crc != _crc(message[:-4]):
                raise FramingError("message checksum mismatch")
            raw_headers = message[PRELUDE:PRELUDE + headers_length]
            messages.append(Message(decode_headers(raw_headers),
                                    message[PRELUDE + headers_length:-4], raw_headers))
        return messages

    @property
    def pending(self) -> int:
        return len(self._buffer)
