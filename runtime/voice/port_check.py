"""Before a pool starts: are the ports it is about to bind free?

A second pool started on the ports of a running one would not fail loudly: its workers could
not bind, yet the first pool's workers answer the readiness probe on those same ports, so the
second pool would believe itself up and route callers to processes it does not own. Checking
each port first turns that into one clear start-up error that names the option to change.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass

from runtime.voice.settings import VoiceSettings


@dataclass(frozen=True)
class PlannedPort:
    host: str
    port: int
    protocol: str
    """`udp` or `tcp`."""
    purpose: str
    option: str
    """The `designer voice` option that moves it."""


def planned_ports(settings: VoiceSettings) -> list[PlannedPort]:
    """The listening ports a pool with these settings binds at start-up."""
    ports = [PlannedPort(settings.worker_bind_host(), settings.worker_sip_port(index), "udp",
                         f"SIP port of worker {index}", "--worker-port")
             for index in range(settings.workers)]
    ports += [PlannedPort(settings.worker_bind_host(), settings.worker_rtp_port(index), "udp",
                          f"first RTP port of worker {index}", "--rtp-port")
              for index in range(settings.workers)]
    if not settings.direct:
        ports.append(PlannedPort(settings.sip_host, settings.sip_port, "udp",
                                 "callers' SIP port", "--port"))
        if settings.ws_port:
            ports.append(PlannedPort(settings.sip_host, settings.ws_port, "tcp",
                                     "softphones' WebSocket port", "--ws-port"))
            ports.append(PlannedPort(settings.sip_host, settings.rtpengine_ng_port, "udp",
                                     "rtpengine's control port", "--rtpengine-port"))
    return ports


def port_is_free(planned: PlannedPort) -> bool:
    kind = socket.SOCK_DGRAM if planned.protocol == "udp" else socket.SOCK_STREAM
    with socket.socket(socket.AF_INET, kind) as probe:
        if kind == socket.SOCK_STREAM:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((planned.host, planned.port))
        except OSError:
            return False
    return True


def ports_in_use(settings: VoiceSettings) -> list[PlannedPort]:
    return [planned for planned in planned_ports(settings) if not port_is_free(planned)]


def describe_conflicts(taken: list[PlannedPort]) -> str:
    """One sentence per taken port, naming what it was for and how to move it."""
    lines = [f"{p.protocol.upper()} {p.host}:{p.port} ({p.purpose}) is already in use; "
             f"choose another with {p.option}" for p in taken]
    return ("the voice pool cannot start (is another pool running on this machine?):\n  "
            + "\n  ".join(lines))
