"""A worker's pjsua2 endpoint as its loop polls it."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pjsua2 as pj

from runtime.voice.endpoint import event_poller, open_endpoint
from runtime.voice.settings import VoiceSettings
from runtime.voice.supervisor import sip_ping

SIP_BASE = 63050
RTP_BASE = 63100


def test_the_loops_event_poll_handles_sip_traffic(tmp_path: Path) -> None:
    """The loop calls the binding's C function directly (not the endpoint's method): a SIP
    request to the worker is answered while the loop polls that way, and only then."""
    settings = VoiceSettings(worker_sip_base=SIP_BASE, rtp_base=RTP_BASE, rtp_span=4,
                             instance_dir=str(tmp_path / "instance"))
    endpoint, account = open_endpoint(settings, 0, pj.Account)
    try:
        poll = event_poller(endpoint)
        assert poll != endpoint.libHandleEvents
        assert not sip_ping("127.0.0.1", SIP_BASE, timeout_s=0.3)  # nobody polls yet
        answered: list[bool] = []
        pinger = threading.Thread(
            target=lambda: answered.append(sip_ping("127.0.0.1", SIP_BASE, timeout_s=5.0)))
        pinger.start()
        deadline = time.monotonic() + 10
        while pinger.is_alive() and time.monotonic() < deadline:
            assert poll(20) >= 0
        pinger.join(1)
        assert answered == [True]
    finally:
        account.shutdown()
        endpoint.libDestroy()
