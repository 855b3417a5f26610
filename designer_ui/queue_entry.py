"""Entry points that name a queue: the contact goes straight into the queue (a module of its own,
outside `designer_ui.queues`, so the chat and voice flow sources import it without a cycle).

Such an entry point starts no flow of its own; the chat and voice runtimes run a small built-in
flow instead — one `route` to the queue, which then runs the queue's in-queue flow as for any
`route`. When the route fails (nobody in time, the queue closed) the customer is told why,
from `system.LastError`. The built-in flow is addressed like a published one, with the flow id
`queue-entry` and the version `queue:NAME`, so sessions saved by one process resume in another.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from blocks import shared_registry
from interpreter.compiler import CompiledFlow, compile_flow
from interpreter.loader import load_flow

QUEUE_ENTRY_FLOW = "queue-entry"
QUEUE_VERSION_PREFIX = "queue:"
UNAVAILABLE = ("Sorry, nobody can take your {{ system.Channel == 'voice' ? 'call' : 'chat' }} "
               "now: {{ system.LastError.message }}.")


def queue_entry_version(queue: str) -> str:
    return f"{QUEUE_VERSION_PREFIX}{queue}"


def queue_of_version(version: str) -> str | None:
    """The queue name of a built-in entry flow's version, or None for a published version."""
    if version.startswith(QUEUE_VERSION_PREFIX):
        return version.removeprefix(QUEUE_VERSION_PREFIX) or None
    return None


def queue_entry_document(queue: str) -> dict[str, Any]:
    """The built-in flow: straight into `queue`, a short apology when the route fails."""
    return {
        "format": "designer-flow", "format_version": 1, "id": QUEUE_ENTRY_FLOW,
        "name": f"Straight into queue {queue}", "kind": "application",
        "channels": ["voice", "chat"], "languages": ["en-US"], "variables": {},
        "phases": {"self_service": "entered", "assisted_service": "to_queue"},
        "blocks": {
            "entered": {"type": "milestone", "props": {"name": "queue_entry"}, "next": {}},
            "to_queue": {"type": "route", "props": {
                "target": {"type": "queue", "value": queue}, "timeout_ms": 86_400_000},
                "next": {"failed": "unavailable"}},
            "unavailable": {"type": "play_message",
                            "props": {"prompts": [{"tts": UNAVAILABLE}]}, "next": {}},
        },
    }


@lru_cache(maxsize=256)
def compiled_queue_entry(queue: str) -> CompiledFlow:
    version = queue_entry_version(queue)
    return compile_flow(load_flow(queue_entry_document(queue), version=version),
                        shared_registry())
