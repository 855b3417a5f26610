"""A voice pool that dials the callbacks booked in a Designer's database, for the tests."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Flask

from designer_ui.extensions import db
from runtime.voice import Supervisor
from runtime.voice.settings import VoiceSettings

ENVIRONMENT = ("CALLBACK_DATABASE_URL", "CALLBACK_FLOWS")
"""What the pool's dial desk reads: the Designer's database and the outbound flow of each
queue (set for the block, restored after)."""


@contextmanager
def dialling_pool(app: Flask, folder: Path, flow: dict[str, Any], flows: Mapping[str, Any], *,
                  base: int, rtp_base: int, customer_port: int, agent_port: int
                  ) -> Iterator[Supervisor]:
    """One worker behind Kamailio on `base` taking dial orders from `app`'s database: it calls
    customers at the trunk on `customer_port` with the outbound `flow` (written under
    `folder/flows`), and each queue of `flows` bridges to the agent on `agent_port`. The pool's
    files go in `folder/voice`."""
    with app.app_context():
        url = str(db.engine.url.render_as_string(hide_password=False))
    folder_of_flows = folder / "flows"
    folder_of_flows.mkdir()
    (folder_of_flows / f"{flow['id']}.json").write_text(json.dumps(flow))
    saved = {name: os.environ.get(name) for name in ENVIRONMENT}
    os.environ["CALLBACK_DATABASE_URL"] = url
    os.environ["CALLBACK_FLOWS"] = json.dumps(flows)
    settings = VoiceSettings(
        sip_port=base, worker_sip_base=base + 10, rtp_base=rtp_base, rtp_span=40, workers=1,
        instance_dir=str(folder / "voice"), tts_rate=320, speech=False, kamailio="on",
        probe_interval_s=1, poll_ms=10, admission_cpu_percent=100.0, max_session_s=16,
        flow_source={"factory": "runtime.voice.file_source:open_file_source", "options": {
            "paths": [str(folder_of_flows)],
            "queues": {queue: {"uri": f"sip:agent@127.0.0.1:{agent_port}", "mode": "bridge"}
                       for queue in flows}}},
        callback_dial_desk="designer_ui.callbacks.voice:designer_dial_desk",
        callback_trunk=f"127.0.0.1:{customer_port}", callback_ring_s=8, callback_poll_ms=200)
    pool = Supervisor(settings)
    pool.start()
    try:
        yield pool
    finally:
        pool.stop()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
