"""Sessions through the example flows, reported to an analytics sink the way the runtimes do:
chat through the real chat host (`runtime/chat`), voice through a small host loop that plays
a caller against the engine, as the voice worker does.

Each scenario's expected figures are written here by hand from the flows, so the tests check
the API against what the sessions did, not against the analytics code.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from blocks import shared_registry
from interpreter.compiler import CompiledFlow, compile_flow
from interpreter.engine.effects import BotTurn, Callback, Collect, HttpRequest, Route, Transfer
from interpreter.engine.engine import Engine
from interpreter.engine.events import (
    BotResponse,
    CallbackResult,
    Event,
    Hangup,
    HttpResponse,
    Input,
    RouteResult,
    TransferResult,
)
from interpreter.host import StaticHost
from interpreter.loader import load_flow
from runtime.analytics.chat import AnalyticsChatListener
from runtime.analytics.context import AnalyticsContext
from runtime.analytics.sink import AnalyticsSink
from runtime.chat import ChatHost
from runtime.chat.flows import SingleFlow
from runtime.sessions import open_session_store

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "flows"
ORDERS = {"NW12345": "shipped", "NW22222": "delivered"}


@functools.cache
def example(flow_id: str) -> CompiledFlow:
    return compile_flow(load_flow((EXAMPLES / f"{flow_id}.json").read_text()), shared_registry())


class OrdersApi:
    """The order look-up service the chat example calls."""

    def execute(self, effect: HttpRequest) -> HttpResponse:
        number = effect.url.rsplit("/", 1)[-1].replace("-", "").replace("%2D", "")
        status = ORDERS.get(number)
        if status is None:
            return HttpResponse(status=404, body={"error": "not found"})
        return HttpResponse(status=200, body={"number": number, "status": status})


CHAT_EXPECTED = {
    "sessions": 4, "ended": 4, "contained": 1, "routed": 1, "abandoned": 1, "unrouted": 1,
    "ask_order": {"visits": 4, "ports": {"next": 2, "nomatch": 1},
                  "inputs": {"match": 2, "nomatch": 3}, "dropoff": 1},
    "next_step": {"visits": 2, "ports": {"done": 1, "agent": 1}},
    "milestones": {"order_found": 2, "handoff": 2},
}


def run_chat_sessions(sink: AnalyticsSink, folder: Path) -> list[str]:
    """Four visitors of order-status-chat: self-served, routed, left, could not be understood."""
    store = open_session_store(str(folder / "chat-sessions.db"))
    flows = SingleFlow(example("order-status-chat"), environment="live",
                       entry_point="support-chat")
    host = ChatHost(flows, store, http=OrdersApi(),  # type: ignore[arg-type]
                    listener=AnalyticsChatListener(sink))
    try:
        served = host.start(visitor_id="v1").record.id
        host.send(served, "NW-12345")
        host.choose(served, "done")
        routed = host.start(visitor_id="v2").record.id
        host.send(routed, "nw22222")
        host.choose(routed, "agent")
        host.complete_route(routed, RouteResult("success", agent="ann"))
        left = host.start(visitor_id="v3").record.id
        host.end(left)
        lost = host.start(visitor_id="v4").record.id
        for _ in range(3):
            host.send(lost, "hello")
        host.complete_route(lost, RouteResult("failed"))
        return [served, routed, left, lost]
    finally:
        store.close()


@dataclass
class Caller:
    """What one caller does: their inputs in order, the bot's and the network's answers."""

    inputs: list[Event]
    bot: list[BotResponse]
    transfer: str = "success"
    route: str = "success"


VOICE_EXPECTED = {"sessions": 3, "ended": 3, "contained": 1, "routed": 1, "abandoned": 1,
                  "more_help": {"visits": 2, "ports": {"2": 1}}, "dropoff": {"more_help": 1}}
VOICE_CALLERS = [
    Caller([Input("text", "when do you close"), Input("dtmf", "2")],
           [BotResponse(intent="StoreHours", confidence=0.9)]),
    Caller([Input("text", "where is my order")], [BotResponse(intent="OrderStatus")]),
    Caller([Input("text", "hours please"), Hangup("caller")],
           [BotResponse(intent="StoreHours", confidence=0.8)]),
]
VOICE_START = datetime(2026, 11, 24, 19, 0, tzinfo=UTC)


def play_call(sink: AnalyticsSink, session_id: str, caller: Caller, start: datetime) -> None:
    """A voice call as the worker runs it: each engine step's events go to the sink."""
    flow = example("store-hotline")
    clock = StaticHost(clock=start)
    engine = Engine()
    context = AnalyticsContext(session_id=session_id, flow_id=flow.id, flow_version="1",
                               channel="voice", environment="live", entry_point="+18885550110")
    step = engine.start(flow, channel="voice", session_id=session_id, host=clock)
    inputs, bot = list(caller.inputs), list(caller.bot)
    answers: dict[type, Callable[[Any], Event]] = {
        BotTurn: lambda _: bot.pop(0),
        Transfer: lambda _: TransferResult(caller.transfer),
        Route: lambda _: RouteResult(caller.route),
        Callback: lambda _: CallbackResult("success"),
    }
    while True:
        sink.record(step.events, context)
        if step.ended:
            return
        waiting = next(effect for effect in reversed(step.effects)
                       if isinstance(effect, (Collect, *answers)))
        answer = (inputs.pop(0) if isinstance(waiting, Collect)
                  else answers[type(waiting)](waiting))
        clock.clock = (clock.clock or start) + timedelta(seconds=10)
        step = engine.resume(flow, step.state, answer, host=clock)


def run_voice_calls(sink: AnalyticsSink, start: datetime = VOICE_START) -> list[str]:
    ids = []
    for index, caller in enumerate(VOICE_CALLERS):
        session_id = f"call-{index}-{start.timestamp():.0f}"
        play_call(sink, session_id, caller, start + timedelta(minutes=index))
        ids.append(session_id)
    return ids
