"""RFC 4733 key sequences for SIPp, made from SIPp's own one-key DTMF captures.

SIPp plays a capture's RTP packets as they were recorded. Its per-key captures all come from
one recording, so playing "4" then "3" sends sequence numbers that go backwards, and a real
RTP stack (pjmedia) drops them as late packets. This joins the keys of a step into one capture
whose sequence numbers and timestamps keep increasing, and whose keys are `gap_ms` apart.
"""

from __future__ import annotations

import struct
from pathlib import Path

PCAPS = Path("/usr/share/sip-tester")
KEY_PCAP = {**{str(n): f"dtmf_2833_{n}.pcap" for n in range(10)}, "#": "dtmf_2833_pound.pcap",
            "*": "dtmf_2833_star.pcap"}
RTP_OFFSET = 14 + 20 + 8


def _packets(path: Path) -> tuple[bytes, list[tuple[float, bytes]]]:
    data = path.read_bytes()
    header, offset, packets = data[:24], 24, []
    while offset + 16 <= len(data):
        seconds, micros, length, _ = struct.unpack("<IIII", data[offset:offset + 16])
        offset += 16
        packets.append((seconds + micros / 1e6, data[offset:offset + length]))
        offset += length
    return header, packets


def key_sequence_pcap(keys: str, target: Path, *, step: int, gap_ms: int = 250) -> Path:
    """A capture of `keys`; `step` (0, 1, 2 … within a call) keeps numbering increasing."""
    out = bytearray()
    sequence = 1000 + step * 500
    timestamp = 160_000 + step * 4_000_000
    clock = 0.0
    for key in keys:
        header, packets = _packets(PCAPS / KEY_PCAP[key])
        if not out:
            out += header
        first = packets[0][0]
        for moment, frame in packets:
            rtp = bytearray(frame[RTP_OFFSET:])
            struct.pack_into(">HI", rtp, 2, sequence & 0xFFFF, timestamp & 0xFFFFFFFF)
            sequence += 1
            frame = bytearray(frame[:RTP_OFFSET]) + rtp
            struct.pack_into(">H", frame, 14 + 20 + 6, 0)
            when = clock + (moment - first)
            out += struct.pack("<IIII", int(when), int((when % 1) * 1e6), len(frame), len(frame))
            out += frame
        span = packets[-1][0] - first
        clock += span + gap_ms / 1000
        timestamp += int((span + gap_ms / 1000) * 8000)
    target.write_bytes(bytes(out))
    return target
