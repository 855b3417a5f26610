"""Setting up a worker's pjsua2 endpoint for many cheap, steady phone calls.

One thread (`threadCnt=0`, `mainThreadOnly`), a null sound device (no hardware), the
conference bridge at 8 kHz with G.711 only (no resampling, no costly codecs, and an offer
without PCMU/PCMA gets 488), no echo canceller (nothing to cancel: the worker plays files) and
no voice activity detection (`noVad`, so RTP flows at a steady 50 packets a second even during
silence, which keeps NATs and jitter buffers on the far side happy).

The null device is a clock thread that ticks the conference bridge every 20 ms. It runs only
while there is audio to clock: pjsua closes it `SOUND_IDLE_CLOSE_S` after the last call has
gone and nothing is connected in the bridge, and opens it again when the next call connects a
prompt, a recording or another call. An idle worker has no clock thread; what is left of its
cost is pjmedia's own RTP thread, which wakes every 10 ms (fixed in pjmedia's endpoint), and
the loop's long poll (`runtime.voice.loop_pacing`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import pjsua2 as pj

from runtime.voice.settings import VoiceSettings

KEPT_CODECS = ("PCMU/8000", "PCMA/8000")
MAX_CALLS = 4
"""pjsua call slots per worker (the PyPI build's limit). A call holds its slot until pjsua
reports it DISCONNECTED, which for a hung-up call is when its BYE is answered or times out."""
SOUND_IDLE_CLOSE_S = 1
"""pjsua's `sndAutoCloseTime` (its default, stated here because an idle worker relies on it):
the null device stops this long after the worker's last call."""
RejectedCall = Callable[[str, int], None]
"""Told the whole INVITE and the status of an incoming call pjsua refused by itself."""
EventPoll = Callable[[int], int]
"""Waits up to that many milliseconds for SIP events and handles them (`libHandleEvents`)."""


class WorkerEndpoint(pj.Endpoint):
    """pjsua answers some INVITEs itself, before `onIncomingCall` (an offer without PCMU/PCMA
    gets 488 from its SDP check); this endpoint passes those to the worker so the refused call
    still leaves a call record."""

    def __init__(self, on_rejected: RejectedCall | None = None):
        super().__init__()
        self.on_rejected = on_rejected

    def onRejectedIncomingCall(self, prm: Any) -> None:
        if self.on_rejected is not None:
            self.on_rejected(str(prm.rdata.wholeMsg), int(prm.statusCode))


def open_endpoint(settings: VoiceSettings, index: int, make_account: Callable[[], pj.Account],
                  on_rejected: RejectedCall | None = None) -> tuple[pj.Endpoint, pj.Account]:
    endpoint = WorkerEndpoint(on_rejected)
    endpoint.libCreate()
    config = pj.EpConfig()
    config.uaConfig.threadCnt = 0
    config.uaConfig.mainThreadOnly = True
    config.uaConfig.maxCalls = MAX_CALLS
    config.uaConfig.userAgent = "designer-voice"
    config.logConfig.level = 1
    config.logConfig.consoleLevel = 1
    media = config.medConfig
    media.noVad = True
    media.clockRate = 8000
    media.sndClockRate = 8000
    media.channelCount = 1
    media.ecTailLen = 0
    media.quality = 4
    media.sndAutoCloseTime = SOUND_IDLE_CLOSE_S
    endpoint.libInit(config)
    transport = pj.TransportConfig()
    transport.port = settings.worker_sip_port(index)
    transport.boundAddress = settings.worker_bind_host()
    endpoint.transportCreate(pj.PJSIP_TRANSPORT_UDP, transport)
    endpoint.audDevManager().setNullDev()
    for codec in endpoint.codecEnum2():
        priority = 255 if codec.codecId.startswith(KEPT_CODECS) else 0
        endpoint.codecSetPriority(codec.codecId, priority)
    endpoint.libStart()
    account_config = pj.AccountConfig()
    host = settings.worker_bind_host()
    account_config.idUri = f"sip:voice@{host}:{settings.worker_sip_port(index)}"
    rtp = account_config.mediaConfig.transportConfig
    rtp.port = settings.worker_rtp_port(index)
    rtp.portRange = settings.rtp_span
    rtp.boundAddress = host
    account = make_account()
    account.create(account_config)
    return endpoint, account


def event_poller(endpoint: pj.Endpoint) -> EventPoll:
    """`endpoint.libHandleEvents` as the worker's loop calls it, fifty times a second while it
    has calls.

    The binding's method is a Python function around a C function, and that C function first
    makes sure it was given a SWIG object: given the endpoint's Python object, it builds the
    class's qualified name as a new string to compare before it falls back to the object's
    `this`, on every call. Called with `this` itself, it goes straight to pjsua. A binding
    without these parts gets the method as it is."""
    handle_events = getattr(getattr(pj, "_pjsua2", None), "Endpoint_libHandleEvents", None)
    this = getattr(endpoint, "this", None)
    if handle_events is None or this is None:
        return endpoint.libHandleEvents
    return functools.partial(handle_events, this)
