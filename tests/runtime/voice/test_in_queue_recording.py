"""A recorded call waiting in a queue goes silent while its in-queue flow asks a secure input.

The call runs as on a worker, without SIP: the session, its queue wait, the in-queue session,
the engine and the scheduler are the real ones; the port is the logging fake of
`test_call_recording.py` (with queue music and an agent leg), and the queue desk is a small
one in memory that keeps the caller waiting until the test lets an agent answer. The main flow
says hello and routes to the queue; the in-queue flow asks for an account PIN (a secure
variable) and, once answered, says thanks and ends, so the caller keeps waiting.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

from runtime.voice.audio_files import ensure_beep
from runtime.voice.call_session import CallServices, CallSession
from runtime.voice.file_source import FileFlowSource
from runtime.voice.flows import CallFlow
from runtime.voice.in_queue import InQueueSession
from runtime.voice.invite import InviteInfo
from runtime.voice.queue_desk import QueueStatus, QueueTicket
from runtime.voice.scheduler import Scheduler
from runtime.voice.tts import Synthesizer
from tests.runtime.voice.test_bot_session import NoAnalytics, Records
from tests.runtime.voice.test_call_recording import LoggingPort

NUMBER = "18005550620"
IN_QUEUE_ID = "card-wait"
HOLD = "Please hold for an agent."
QUESTION = "While you wait, key in your account PIN."
THANKS = "Thank you, an agent will have your account."
MAIN_FLOW = {
    "format": "designer-flow", "format_version": 1, "id": "card-line", "name": "card-line",
    "kind": "application", "channels": ["voice"],
    "phases": {"self_service": "hold", "assisted_service": "queue"},
    "blocks": {
        "hold": {"type": "play_message", "props": {"prompts": [{"tts": HOLD}]},
                 "next": {"next": "queue"}},
        "queue": {"type": "route",
                  "props": {"target": {"type": "queue", "value": "cards"},
                            "timeout_ms": 60000},
                  "next": {"failed": "done"}},
        "done": {"type": "terminate", "props": {"reason": "served"}},
    },
}
IN_QUEUE_FLOW = {
    "format": "designer-flow", "format_version": 1, "id": IN_QUEUE_ID, "name": IN_QUEUE_ID,
    "kind": "in_queue", "channels": ["voice"], "phases": {"self_service": "ask_pin"},
    "variables": {"pin": {"type": "string", "secure": True}},
    "blocks": {
        "ask_pin": {"type": "input", "props": {
            "prompts": [{"tts": QUESTION}], "variable": "pin", "grammar": "digits",
            "min_length": 4, "max_length": 4, "retries": 0, "timeout_ms": 8000},
            "next": {"next": "thanks", "noinput": "wait", "nomatch": "wait"}},
        "thanks": {"type": "play_message", "props": {"prompts": [{"tts": THANKS}]},
                   "next": {"next": "wait"}},
        "wait": {"type": "terminate", "props": {"reason": "keep waiting"}},
    },
}
AGENT_URI = "sip:agent-ann@127.0.0.1"


class MemoryDesk:
    """A queue with one caller, kept waiting until `answer` lets Ann take the call."""

    def __init__(self, in_queue: CallFlow):
        self.in_queue = in_queue
        self.answer = threading.Event()
        self.marks: list[str] = []

    def enqueue(self, session_id: str, queue: str, skills: tuple[str, ...], priority: int,
                data: Mapping[str, Any], environment: str = "") -> QueueTicket | None:
        return QueueTicket(1, queue, in_queue_flow=IN_QUEUE_ID)

    def poll(self, ticket: QueueTicket) -> QueueStatus:
        if self.answer.is_set():
            return QueueStatus("answered", agent="ann", agent_uri=AGENT_URI)
        return QueueStatus("waiting", position=1, ewt_s=30.0)

    def mark(self, ticket: QueueTicket, where: str) -> None:
        self.marks.append(where)

    def requeue(self, ticket: QueueTicket, reason: str) -> bool:
        return False

    def in_queue_flow(self, flow_id: str, environment: str) -> CallFlow | None:
        return self.in_queue if flow_id == self.in_queue.compiled.id else None


class QueuedSource(FileFlowSource):
    """The test's flow files, with the memory desk as their queues."""

    desk: MemoryDesk | None = None

    def queue_desk(self) -> MemoryDesk | None:
        return self.desk


@dataclass
class AgentLeg:
    ended: list[int] = field(default_factory=list)

    def end(self, code: int = 200) -> None:
        self.ended.append(code)

    def received_packets(self) -> int | None:
        return None


@dataclass
class QueuePort(LoggingPort):
    """`LoggingPort` that also plays queue music and dials the agent (who answers at once)."""

    leg: AgentLeg = field(default_factory=AgentLeg)

    def start_music(self, path: Path) -> None:
        self.log.append(("music", path.name))

    def stop_music(self) -> None:
        self.log.append(("music_off", ""))

    def bridge_agent(self, uri: str, headers: Mapping[str, str],
                     on_result: Callable[[bool, int], None],
                     on_leg_end: Callable[[], None],
                     on_hold: Callable[[bool], None] | None = None) -> AgentLeg:
        self.log.append(("agent", uri))
        self.scheduler.call_soon(lambda: on_result(True, 200))
        return self.leg


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("in-queue-recording")


@pytest.fixture(scope="module")
def synthesizer(folder: Path) -> Synthesizer:
    return Synthesizer(folder / "tts", rate=400)


@pytest.fixture
def source(folder: Path) -> QueuedSource:
    flows = folder / "flows"
    flows.mkdir(exist_ok=True)
    for flow in (MAIN_FLOW, IN_QUEUE_FLOW):
        (flows / f"{flow['id']}.json").write_text(json.dumps(flow))
    source = QueuedSource([str(flows)], numbers={NUMBER: str(MAIN_FLOW["id"])})
    main = source.flow_for(NUMBER)
    assert main is not None
    source.desk = MemoryDesk(replace(main, compiled=source.library.compiled(IN_QUEUE_ID)))
    return source


@pytest.fixture(autouse=True)
def quick_polls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOICE_QUEUE_POLL_MS", "200")


def run_call(folder: Path, source: QueuedSource, synthesizer: Synthesizer,
             step: Callable[[CallSession, QueuePort, MemoryDesk], bool]
             ) -> tuple[CallSession, QueuePort]:
    """Run one recorded call to its end; `step` is called every turn of the loop until it
    says it is done (it presses keys, lets the agent answer, hangs up)."""
    scheduler = Scheduler()
    flow = source.flow_for(NUMBER)
    desk = source.desk
    assert flow is not None and desk is not None
    services = CallServices(
        scheduler=scheduler, synthesizer=synthesizer, source=source, cdrs=Records(),
        analytics=NoAnalytics(), recordings_dir=folder / "recordings",
        beep=ensure_beep(folder), record_calls=True)
    port = QueuePort(scheduler)
    done = threading.Event()
    session = CallSession(port, flow, InviteInfo("call-q", "+15550002", NUMBER), services,
                          on_finished=lambda _: done.set())
    port.session = session
    session.start()
    stepping = True
    deadline = time.monotonic() + 20
    while not done.is_set() and time.monotonic() < deadline:
        scheduler.run_due()
        if stepping:
            stepping = not step(session, port, desk)
        time.sleep(0.005)
    scheduler.shutdown()
    assert done.is_set(), f"the call did not finish: {port.log}"
    return session, port


def media(port: QueuePort, synthesizer: Synthesizer) -> list[str]:
    """The port's log, prompts by their text, without the capture of keys."""
    names = {synthesizer.path_for(text, "en-US").name: text
             for text in (HOLD, QUESTION, THANKS)}
    return [names.get(name, name) if kind == "play" else kind for kind, name in port.log
            if kind != "capture"]


def paused_stretch(session: CallSession) -> dict[str, Any]:
    (recorded,) = session.cdr.recordings
    assert recorded["kind"] == "call"
    (paused,) = recorded["paused"]
    assert paused["block"] == "ask_pin"
    assert 0 < paused["from_ms"] < paused["to_ms"] <= recorded["duration_ms"]
    return paused


def test_the_in_queue_pin_is_not_recorded_and_the_wait_is_again(
        folder: Path, source: QueuedSource, synthesizer: Synthesizer) -> None:
    """The caller keys the PIN when asked; the recording is heard again for the thanks and
    the rest of the wait; the caller then hangs up in the queue."""
    state = {"keyed": False, "thanked_at": 0.0}
    in_queue: list[InQueueSession] = []

    def step(session: CallSession, port: QueuePort, desk: MemoryDesk) -> bool:
        nested = session.queue.nested
        if not state["keyed"]:
            if nested is not None and nested.inputs.collect is not None \
                    and not nested.player.busy:
                in_queue.append(nested)
                for key in "4321":
                    session.on_dtmf(key)
                state["keyed"] = True
            return False
        if not state["thanked_at"]:
            if nested is None:  # the in-queue flow ended: the caller waits with music
                state["thanked_at"] = time.monotonic()
            return False
        if time.monotonic() - state["thanked_at"] > 0.3:
            session.on_disconnected()
            return True
        return False

    session, port = run_call(folder, source, synthesizer, step)
    assert media(port, synthesizer) == ["record", HOLD, "music", "mute", QUESTION, "unmute",
                                        THANKS, "stop"]
    (waited,) = session.cdr.metrics["in_queue"]
    assert waited == {"flow": "card-wait", "path": ["ask_pin", "thanks", "wait"]}
    assert in_queue[0].cdr.dtmf == [{"block": "ask_pin", "digits": "••••"}]  # masked
    assert "4321" not in json.dumps(session.cdr.to_json(), ensure_ascii=False)
    paused = paused_stretch(session)
    (recorded,) = session.cdr.recordings
    assert recorded["duration_ms"] - paused["to_ms"] >= 300  # heard again while it waited
    assert source.desk is not None and source.desk.marks == ["gone"]


@pytest.mark.parametrize("when", ["question", "answer"])
def test_an_agent_answering_mid_question_ends_the_silence(
        folder: Path, source: QueuedSource, synthesizer: Synthesizer, when: str) -> None:
    """Ann takes the call while the in-queue flow asks its question (`question`) or waits
    for the keys (`answer`): the in-queue flow is stopped, the recording hears the caller
    again before Ann is dialled, and the stretch is closed in the call record."""
    state = {"answered": False, "bridged_at": 0.0}

    def step(session: CallSession, port: QueuePort, desk: MemoryDesk) -> bool:
        nested = session.queue.nested
        if not state["answered"]:
            if nested is None or nested.recording.paused_for is None:
                return False  # the secure question is not asked yet
            waiting = nested.inputs.collect is not None
            if waiting if when == "answer" else nested.player.busy:
                desk.answer.set()
                state["answered"] = True
            return False
        if not state["bridged_at"]:
            if session.queue.phase == "bridged":
                state["bridged_at"] = time.monotonic()
            return False
        if time.monotonic() - state["bridged_at"] > 0.2:
            session.on_disconnected()  # the caller hangs up on Ann
            return True
        return False

    session, port = run_call(folder, source, synthesizer, step)
    heard = media(port, synthesizer)
    assert heard[:5] == ["record", HOLD, "music", "mute", QUESTION]
    assert heard[5:] == ["unmute", "agent", "music_off", "stop"]
    assert THANKS not in heard
    (waited,) = session.cdr.metrics["in_queue"]
    assert waited["path"] == ["ask_pin"]
    assert session.cdr.dtmf == []
    paused_stretch(session)
    (routed,) = session.cdr.transfers
    assert routed["status"] == "success" and routed["agent"] == "ann"
    assert session.recording.paused_for is None
