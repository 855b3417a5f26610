"""While its call is offered to an agent (or next in line), a worker polls its queue more
often: the agent's accept is heard within `OFFERED_POLL_S`, so their phone rings at once rather than up to a
whole ordinary poll (`VOICE_QUEUE_POLL_MS`, 1 s) later.

The call runs as on a worker, without SIP, on the rig of `test_in_queue_recording.py`: the
real session, queue wait, engine and scheduler; a desk in memory that keeps the caller waiting,
then offers the call, then has the agent accept.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from runtime.voice.call_session import CallSession
from runtime.voice.queue_call import OFFERED_POLL_S, QueueWait
from runtime.voice.queue_desk import QueueStatus, QueueTicket
from runtime.voice.scheduler import Scheduler, Timer
from runtime.voice.tts import Synthesizer
from tests.runtime.voice import test_in_queue_recording as rig
from tests.runtime.voice.test_in_queue_recording import (  # noqa: F401 (fixtures)
    AGENT_URI,
    MemoryDesk,
    QueuedSource,
    QueuePort,
    folder,
    source,
    synthesizer,
)


class RecordingScheduler(Scheduler):
    """The worker's scheduler, noting the delay of every queue poll it is asked to run."""

    poll_delays: list[float] = []

    def call_later(self, delay_s: float, fn: Callable[[], None]) -> Timer:
        if getattr(fn, "__func__", None) is QueueWait._poll:
            RecordingScheduler.poll_delays.append(delay_s)
        return super().call_later(delay_s, fn)


class OfferingDesk(MemoryDesk):
    """Second in line for two polls, next for one, offered for three, then accepted by Ann."""

    def __init__(self, desk: MemoryDesk):
        super().__init__(desk.in_queue)
        self.polls = 0

    def poll(self, ticket: QueueTicket) -> QueueStatus:
        self.polls += 1
        if self.polls <= 2:
            return QueueStatus("waiting", position=2, ewt_s=30.0)
        if self.polls == 3:
            return QueueStatus("waiting", position=1, ewt_s=10.0)
        if self.polls <= 6:
            return QueueStatus("offered", position=1, ewt_s=5.0)
        return QueueStatus("answered", agent="ann", agent_uri=AGENT_URI)


def test_an_offered_call_polls_often_until_the_agent_accepts(
        folder: Path, source: QueuedSource, synthesizer: Synthesizer,  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOICE_QUEUE_POLL_MS", "1000")
    monkeypatch.setattr(rig, "Scheduler", RecordingScheduler)
    RecordingScheduler.poll_delays = []
    assert source.desk is not None
    source.desk = OfferingDesk(source.desk)
    state = {"bridged_at": 0.0}

    def step(session: CallSession, port: QueuePort, desk: MemoryDesk) -> bool:
        if not state["bridged_at"]:
            if session.queue.phase == "bridged":
                state["bridged_at"] = time.monotonic()
            return False
        if time.monotonic() - state["bridged_at"] > 0.2:
            session.on_disconnected()
            return True
        return False

    _, port = rig.run_call(folder, source, synthesizer, step)
    assert ("agent", AGENT_URI) in port.log
    delays = RecordingScheduler.poll_delays
    assert delays[:2] == [1.0, 1.0], delays  # second in line
    assert delays[2:6] == [OFFERED_POLL_S] * 4, delays  # next in line, then offered
