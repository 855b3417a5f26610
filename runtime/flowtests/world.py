"""The outside world of a flow test: HTTP services and bots answered from the case's `given`.

There is no network in a flow test. An HTTP request is answered by the first mock in
`given.http` that matches it (a mock with `times: N` answers N requests, then stands aside);
a request no mock answers fails the case. A bot turn is answered by the next scripted reply in
`given.bots[bot]`; a bot asked more turns than it has replies fails the case.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from interpreter.engine.effects import BotTurn, HttpRequest
from interpreter.engine.events import BotResponse, Event, HttpResponse, Timeout
from interpreter.host import StaticHost
from runtime.flowtests.errors import CaseFailure
from runtime.flowtests.expectations import body_matches
from runtime.flowtests.given import Given, js_values
from runtime.flowtests.globs import glob_match
from runtime.flowtests.outputs import describe_output


class HttpMocks:
    def __init__(self, mocks: tuple[Mapping[str, Any], ...], host: StaticHost):
        self.mocks = mocks
        self.host = host
        self.used = [0] * len(mocks)

    def answer(self, request: HttpRequest) -> Event:
        for index, mock in enumerate(self.mocks):
            limit = mock.get("times")
            if limit is not None and self.used[index] >= limit:
                continue
            if _request_matches(mock["match"], request):
                self.used[index] += 1
                return self._respond(mock["respond"], request)
        raise CaseFailure(self._unmatched(request))

    def _respond(self, respond: Mapping[str, Any], request: HttpRequest) -> Event:
        delay = respond.get("delay_ms", 0)
        if delay:
            waited = min(delay, request.timeout_ms)
            if self.host.clock is not None:
                self.host.clock = self.host.clock + timedelta(milliseconds=waited)
            if delay >= request.timeout_ms:
                return Timeout("http")
        if "error" in respond:
            return HttpResponse(status=0, error=respond["error"])
        headers = dict(respond.get("headers", {}))
        if "json" in respond:
            body: Any = json.dumps(respond["json"])
            headers.setdefault("Content-Type", "application/json")
        else:
            body = respond.get("body", respond.get("text", ""))
        return HttpResponse(status=respond.get("status", 200), body=body, headers=headers)

    def _unmatched(self, request: HttpRequest) -> str:
        shown = describe_output("http", {"method": request.method, "url": request.url,
                                         "body": request.body})
        lines = [f"The flow made an HTTP request that no mock in `given.http` answers "
                 f"(block '{request.block}'); flow tests never use the network.",
                 f"  request: {shown}"]
        if self.mocks:
            lines.append("  mocks:")
            for index, mock in enumerate(self.mocks):
                match = mock["match"]
                spent = ("  (used up)" if mock.get("times") is not None
                         and self.used[index] >= mock["times"] else "")
                lines.append(f"    {index + 1}. {match.get('method', 'any method')} "
                             f"{match.get('url', '*')}{spent}")
        else:
            lines.append("  There are no mocks: add one under `given: http:`.")
        return "\n".join(lines)


def _request_matches(match: Mapping[str, Any], request: HttpRequest) -> bool:
    if "method" in match and str(match["method"]).upper() != request.method.upper():
        return False
    if "url" in match and not glob_match(match["url"], request.url):
        return False
    if "body" in match and not body_matches(match["body"], request.body):
        return False
    sent = {name.casefold(): value for name, value in request.headers.items()}
    return all(glob_match(value, sent.get(name.casefold()))
               for name, value in match.get("headers", {}).items())


class BotScripts:
    def __init__(self, scripts: Mapping[str, tuple[Mapping[str, Any], ...]]):
        self.scripts = scripts
        self.turns: dict[str, int] = {}

    def answer(self, turn: BotTurn) -> BotResponse:
        script = self.scripts.get(turn.bot)
        if script is None:
            known = ", ".join(sorted(self.scripts)) or "none"
            raise CaseFailure(f"Block '{turn.block}' talks to bot '{turn.bot}', which has no "
                              f"script under `given: bots:` (scripted bots: {known}).")
        used = self.turns.get(turn.bot, 0)
        if used >= len(script):
            said = "its opening turn" if turn.text is None else f"the caller's {turn.text!r}"
            raise CaseFailure(f"Bot '{turn.bot}' (block '{turn.block}') was asked for turn "
                              f"{used + 1} ({said}), but its script in `given.bots` has only "
                              f"{len(script)} repl{'y' if len(script) == 1 else 'ies'}.")
        self.turns[turn.bot] = used + 1
        return bot_response(script[used])


def bot_response(reply: Mapping[str, Any]) -> BotResponse:
    messages = reply.get("messages", ())
    if isinstance(messages, str):
        messages = (messages,)
    return BotResponse(state=reply.get("state", "fulfilled"), intent=reply.get("intent"),
                       slots=js_values(dict(reply.get("slots", {}))),
                       confidence=reply.get("confidence"), messages=tuple(messages),
                       error=reply.get("error"))


class World:
    """Everything a case's `given` answers on the caller's behalf."""

    def __init__(self, given: Given, host: StaticHost):
        self.http = HttpMocks(given.http, host)
        self.bots = BotScripts(given.bots)
