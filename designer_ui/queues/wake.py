"""Waking this process's distributor: an agent who becomes ready is offered the oldest waiting
interaction at once, not at the next tick (`QUEUE_TICK_SECONDS`).

The distributor is found in the app's extensions, where `init_queues` puts it when it runs in
this process; a process without one (testing apps, `QUEUE_DISTRIBUTOR=off`) does nothing, and a
process whose distributor does not hold the lease runs a round that acts on nothing — the
lease holder's next tick then does the work, as before.
"""

from __future__ import annotations

from typing import Protocol

from flask import Flask

EXTENSION = "designer_queues"


class Wakeable(Protocol):
    def wake(self) -> None: ...


def wake_distributor(app: Flask) -> None:
    process: Wakeable | None = app.extensions.get(EXTENSION)
    if process is not None:
        process.wake()
