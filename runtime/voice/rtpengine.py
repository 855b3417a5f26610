"""The media relay between browsers and the voice pool: one rtpengine process, userspace only.

A browser softphone speaks WebRTC (ICE, DTLS-SRTP, usually Opus) and the media workers and SIP
phones plain RTP/AVP; Kamailio asks rtpengine over its ng control protocol to bridge the two
(`runtime.voice.softphone_sip`). The Debian package's kernel forwarding needs a kernel module
and root, so the relay runs with `--table=-1`: every packet goes through the daemon, which is
enough for an agent desk's calls.
"""

from __future__ import annotations

import shutil
import socket
import time
from collections.abc import Callable
from pathlib import Path

BINARIES = ("/usr/bin/rtpengine", "/usr/sbin/rtpengine")
INSTALL_HINT = "apt-get install rtpengine-daemon"


def rtpengine_binary() -> str | None:
    return shutil.which("rtpengine") or next(
        (path for path in BINARIES if Path(path).exists()), None)


def rtpengine_command(binary: str, *, interface: str, ng_port: int, port_min: int,
                      port_max: int, folder: Path) -> list[str]:
    """Foreground, logging to stderr, control socket `interface:ng_port`, media ports
    `port_min`..`port_max` on `interface`, no kernel forwarding."""
    return [binary, "--foreground", "--log-stderr", "--table=-1", "--no-fallback",
            f"--interface={interface}", f"--listen-ng={interface}:{ng_port}",
            f"--port-min={port_min}", f"--port-max={port_max}",
            f"--pidfile={folder / 'rtpengine.pid'}", "--delete-delay=0", "--timeout=60",
            "--silent-timeout=3600", "--log-level=6"]


def rtpengine_answers(host: str, port: int, timeout_s: float = 0.5) -> bool:
    """True when rtpengine's ng control socket answers a ping."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout_s)
        try:
            sock.sendto(b"probe d7:command4:pinge", (host, port))
            data = sock.recv(512)
        except OSError:
            return False
    return data.startswith(b"probe ") and b"pong" in data


def wait_for_rtpengine(host: str, port: int, alive: Callable[[], bool], timeout_s: float) -> bool:
    """Poll the control socket until it answers, `alive()` turns false, or time runs out."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not alive():
            return False
        if rtpengine_answers(host, port):
            return True
        time.sleep(0.1)
    return False
