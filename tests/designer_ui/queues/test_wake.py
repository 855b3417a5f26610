"""An agent who becomes ready is offered work at once: the state change wakes this process's
distributor, whose thread runs a round then instead of at the end of its interval."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest
from flask import Flask

from designer_ui.queues.distributor import DistributorThread, RoundReport
from designer_ui.queues.wake import EXTENSION
from tests.designer_ui.helpers import Api


def test_a_woken_thread_runs_its_round_at_once_and_then_keeps_its_interval() -> None:
    rounds: list[float] = []
    ran = threading.Event()

    def one_round() -> RoundReport:
        rounds.append(time.monotonic())
        ran.set()
        return RoundReport(held=True)

    thread = DistributorThread(one_round, interval_s=30.0)
    thread.start()
    try:
        time.sleep(0.2)
        assert rounds == []  # nothing before the interval, unless woken
        woken_at = time.monotonic()
        thread.wake()
        assert ran.wait(2.0), "the woken thread ran no round"
        assert rounds[0] - woken_at < 1.0
        ran.clear()
        assert not ran.wait(0.5)  # one wake, one round
    finally:
        thread.stop()
    assert len(rounds) == 1


class CountingDistributor:
    def __init__(self) -> None:
        self.wakes = 0

    def wake(self) -> None:
        self.wakes += 1


@pytest.fixture
def counting(app: Flask) -> Iterator[CountingDistributor]:
    process = CountingDistributor()
    previous = app.extensions.get(EXTENSION)
    app.extensions[EXTENSION] = process
    yield process
    if previous is None:
        app.extensions.pop(EXTENSION, None)
    else:
        app.extensions[EXTENSION] = previous


def test_going_ready_wakes_the_distributor_and_other_states_do_not(
        as_role: Callable[..., Api], counting: CountingDistributor) -> None:
    agent = as_role("agent", username="wanda")
    me = agent.get("agents/me").json["id"]
    assert agent.put(f"agents/{me}/state", json={"state": "not_ready", "reason": "x"}
                     ).status_code == 200
    assert counting.wakes == 0
    assert agent.put(f"agents/{me}/state", json={"state": "ready"}).status_code == 200
    assert counting.wakes == 1
    assert agent.put(f"agents/{me}/state", json={"state": "offline"}).status_code == 200
    assert counting.wakes == 1
