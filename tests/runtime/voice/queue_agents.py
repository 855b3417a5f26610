"""Shared pieces of the queued-call tests with agents' phones: a phone line whose flow attaches
data and routes to the voice queue `support`, the distributor's rounds with agents who accept
their offers on the desk (the API), and tone frames for RTP speakers."""

from __future__ import annotations

import math
import threading
from typing import Any

from flask import Flask

from designer_ui.queues import distributor_for, run_round
from tests.designer_ui.helpers import Api
from tests.runtime.voice.speech_rtp import FRAME, ulaw

QUEUE = "support"


def line_flow() -> dict[str, Any]:
    """Hello, attach the caller's account, wait in `support` (two minutes at most)."""
    return {"format": "designer-flow", "format_version": 1, "id": "agent-line",
            "name": "Agent line", "kind": "application", "channels": ["voice"],
            "phases": {"self_service": "hello", "assisted_service": "queue"},
            "blocks": {
                "hello": {"type": "play_message",
                          "props": {"prompts": [{"tts": "Please hold."}]},
                          "next": {"next": "tag"}},
                "tag": {"type": "set_data",
                        "props": {"data": {"account": "'A-77'", "customer": "'Ada Lovelace'"}}},
                "queue": {"type": "route",
                          "props": {"target": {"type": "queue", "value": QUEUE},
                                    "timeout_ms": 120000},
                          "next": {"failed": "sorry"}},
                "sorry": {"type": "play_message",
                          "props": {"prompts": [{"tts": "Nobody is free."}]},
                          "next": {"next": "done"}},
                "done": {"type": "terminate", "props": {"reason": "unserved"}},
            }}


def publish_queue_line(admin: Api, number: str, *, rona_seconds: int = 30) -> None:
    """The flow published to `test`, `number` calling it, the voice queue `support`."""
    document = line_flow()
    made = admin.create_flow(document)
    assert made.status_code == 201, made.json
    version = admin.post(f"flows/{document['id']}/versions", json={"comment": "v1"})
    assert version.status_code == 201, version.json
    bound = admin.put(f"environments/test/flows/{document['id']}", json={"version": 1})
    assert bound.status_code == 200, bound.json
    entry = admin.post("entry-points", json={"kind": "phone", "address": number,
                                             "flow_id": document["id"], "environment": "test"})
    assert entry.status_code == 201, entry.json
    queue = admin.post("queues", json={"name": QUEUE, "channels": ["voice"], "skills": {},
                                       "max_wait_seconds": 300, "rona_seconds": rona_seconds})
    assert queue.status_code == 201, queue.json


class AcceptingDesk(threading.Thread):
    """The distributor's rounds, and agents who accept every offer they get on their desk."""

    def __init__(self, app: Flask, agents: dict[str, Api], tick_s: float = 0.3):
        super().__init__(daemon=True)
        self.app, self.agents, self.tick_s = app, agents, tick_s
        self.stopped = threading.Event()
        self.accepted: list[tuple[str, int]] = []
        self.errors: list[str] = []

    def run(self) -> None:
        distributor = distributor_for(self.app, holder="agent-phone-test")
        while not self.stopped.wait(self.tick_s):
            try:
                run_round(self.app, distributor)
                for name, agent in self.agents.items():
                    for offer in agent.get("agents/me").json["offers"]:
                        answer = agent.post(f"agents/me/offers/{offer['id']}/accept")
                        if answer.status_code != 200:
                            self.errors.append(f"{name}: {answer.json}")
                        self.accepted.append((name, int(offer["id"])))
            except Exception as exc:  # reported by the test; the rounds go on
                self.errors.append(repr(exc))

    def stop(self) -> None:
        self.stopped.set()
        self.join(10)


def tone_payloads(seconds: float, hertz: int, level: int = 8000) -> list[bytes]:
    """20 ms PCMU frames of a sine tone."""
    return [bytes(ulaw(round(level * math.sin(2 * math.pi * hertz * (index * FRAME + n) / 8000)))
                  for n in range(FRAME)) for index in range(int(seconds / 0.02))]
