"""The simulated outside world: what the user types or clicks turned into engine events, and
the mocks (HTTP, bots, route and transfer results) that answer without asking the user."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from interpreter.engine.effects import (
    BotTurn,
    Callback,
    Collect,
    Effect,
    HttpRequest,
    Record,
    Route,
    Transfer,
)
from interpreter.engine.events import (
    BotResponse,
    CallbackResult,
    Event,
    Hangup,
    HttpResponse,
    Input,
    Recorded,
    RouteResult,
    Timeout,
    TransferResult,
    event_from_json,
)
from interpreter.host import StaticHost
from runtime.flowtests.errors import CaseFailure
from runtime.flowtests.given import js_values
from runtime.flowtests.world import HttpMocks, bot_response

WAIT_KINDS: dict[type[Effect], str] = {
    Collect: "caller", Record: "recording", Route: "route", Transfer: "transfer",
    HttpRequest: "http", BotTurn: "bot", Callback: "callback",
}


def waiting_effect(effects: list[Effect], block: str | None) -> tuple[str, Effect | None]:
    """What a session waits for after a step, judged by the last effect of its block."""
    for effect in reversed(effects):
        kind = WAIT_KINDS.get(type(effect))
        if kind is not None:
            return (kind, effect) if effect.block == block else ("other", None)
    return "other", None


def caller_event(spec: Mapping[str, Any]) -> Event:
    """`{dtmf}`, `{text}`, `{noinput: true}`, `{nomatch: true}`, `{hangup: true}`,
    `{recording: id}` as the engine's events; ValueError with a clear message otherwise."""
    if len(spec) != 1:
        raise ValueError("Give exactly one of dtmf, text, noinput, nomatch, hangup, recording.")
    (kind, value), = spec.items()
    if kind in ("dtmf", "text"):
        if not isinstance(value, str):
            raise ValueError(f"'{kind}' must be a string.")
        return Input(kind, value)
    if kind in ("noinput", "nomatch"):
        return Input(kind)
    if kind == "hangup":
        return Hangup()
    if kind == "recording":
        return Recorded(str(value), 3000)
    raise ValueError(f"Unknown input '{kind}'.")


def world_event(spec: Mapping[str, Any]) -> Event:
    """The outside world's answer given by the user: `{http: {status, json}}`, `{bot: {...}}`,
    `{route_result}`, `{transfer_result}`, `{callback_result}`, `{recording}`, `{timeout}` or a
    raw `{event: {kind, ...}}`."""
    if len(spec) != 1:
        raise ValueError("Give exactly one answer from the outside world.")
    (kind, value), = spec.items()
    if kind == "http":
        if not isinstance(value, dict):
            raise ValueError("'http' is {status, json | body, headers}.")
        body = json.dumps(value["json"]) if "json" in value else value.get("body", "")
        return HttpResponse(status=int(value.get("status", 200)), body=body,
                            headers=dict(value.get("headers", {})))
    if kind == "bot":
        if not isinstance(value, dict):
            raise ValueError("'bot' is {intent, slots, messages, state}.")
        return bot_response(value)
    results = {"route_result": RouteResult, "transfer_result": TransferResult,
               "callback_result": CallbackResult}
    if kind in results:
        return results[kind](str(value))
    if kind == "recording":
        return caller_event(spec)
    if kind == "timeout":
        return Timeout(str(value) if isinstance(value, str) else "")
    if kind == "event":
        return event_from_json(value)
    raise ValueError(f"Unknown answer '{kind}'.")


class MockedWorld:
    """Answers HTTP requests, bot turns and routes from the mocks given at start; what has been
    used up is kept in `usage`, saved with the session. Turns of a bot with no mock go to
    `registry_bot` (the Bot Registry), which returns None for a bot it does not know. A
    callback goes to `callbacks` (the Designer's service, checking without storing) unless a
    `callback` mock forces the answer."""

    def __init__(self, mocks: Mapping[str, Any], usage: dict[str, Any],
                 registry_bot: Callable[[BotTurn], BotResponse | None] | None = None,
                 callbacks: Callable[[Callback], CallbackResult] | None = None):
        self.mocks = mocks
        self.callbacks = callbacks
        self.usage = usage
        self.registry_bot = registry_bot
        self.http = HttpMocks(tuple(mocks.get("http") or ()), StaticHost())
        self.http.used = list(usage.get("http") or [0] * len(self.http.mocks))

    def answer(self, kind: str, effect: Effect | None) -> Event | None:
        if isinstance(effect, HttpRequest):
            try:
                event = self.http.answer(effect)
            except CaseFailure:
                return None
            self.usage["http"] = list(self.http.used)
            return event
        if isinstance(effect, BotTurn):
            return self._bot(effect)
        if isinstance(effect, Callback):
            forced = self.mocks.get("callback")
            if forced:
                return CallbackResult(forced, "" if forced == "success" else
                                      "the callback was refused (simulator mock)")
            return self.callbacks(effect) if self.callbacks is not None else None
        if isinstance(effect, Route) and self.mocks.get("route"):
            return RouteResult(self.mocks["route"])
        if isinstance(effect, Transfer) and self.mocks.get("transfer"):
            return TransferResult(self.mocks["transfer"])
        return None

    def _bot(self, turn: BotTurn) -> BotResponse | None:
        script = (self.mocks.get("bots") or {}).get(turn.bot)
        if script is None and self.registry_bot is not None:
            return self.registry_bot(turn)
        turns = self.usage.setdefault("bots", {})
        used = int(turns.get(turn.bot, 0))
        if not script or used >= len(script):
            return None
        turns[turn.bot] = used + 1
        return bot_response(js_values(script[used]))
