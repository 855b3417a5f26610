"""Flows from files, for laptops and tests: a folder of flow documents and a number plan.

The world the flows run in can come from a flow-test file (`world`): its `given` business
hours, emergency flags, data tables and HTTP mocks answer the flow's look-ups and web-service
calls, so the example bank line runs end to end on a machine without the bank's services.
Without a world, look-ups fail as missing resources and HTTP requests go out for real (within
the same address policy as the chat runtime). `bots` names a bots file (Bot Registry entries,
JSON or YAML; see `runtime.voice.bots`) whose bots answer the flows' `bot` blocks; without
one, `bot` blocks take their `error` port.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from interpreter.engine.effects import HttpRequest
from interpreter.engine.events import Event, HttpResponse
from interpreter.host import StaticHost
from runtime.effects.addresses import AddressPolicy
from runtime.effects.connectors import BotConnector
from runtime.effects.http import HttpExecutor
from runtime.flow_library import FlowLibrary
from runtime.voice.flows import CallFlow, HttpAnswer, RouteTarget, same_number, sip_target


class FileFlowSource:
    def __init__(self, paths: list[str], numbers: Mapping[str, str] | None = None,
                 default_flow: str | None = None, world: str | None = None,
                 world_case: str | None = None, live_clock: bool = False,
                 queues: Mapping[str, Any] | None = None, prompt_dirs: list[str] | None = None,
                 bots: str | None = None):
        self.library = FlowLibrary([Path(path) for path in paths])
        self.numbers = dict(numbers or {})
        self.default_flow = default_flow or None
        self.queues = {name: _target(value) for name, value in (queues or {}).items()}
        self.prompt_dirs = [Path(path) for path in (prompt_dirs or [])]
        self.given = None
        if world:
            from runtime.flowtests.loading import load_given

            self.given = load_given(world, world_case)
        self.live_clock = live_clock
        self.executor = HttpExecutor(AddressPolicy.from_setting(os.environ.get("HTTP_ALLOWLIST")))
        self.bots: BotConnector | None = None
        if bots:
            from runtime.voice.bots import file_bot_connector

            self.bots = file_bot_connector(bots)

    def flow_for(self, dnis: str) -> CallFlow | None:
        """The flow the number plan gives `dnis`, else the default flow. Calls run in the
        environment `files`; their entry point (analytics) is the number as the plan writes it,
        so every way of dialling it is one entry point, or the dialled number for the default
        flow."""
        number = next((number for number, flow in self.numbers.items()
                       if flow and same_number(number, dnis)), None)
        flow_id = self.numbers[number] if number is not None else self.default_flow
        if flow_id is None:
            return None
        try:
            compiled = self.library.compiled(flow_id)
        except LookupError:
            return None
        if "voice" not in compiled.flow.channels:
            return None
        services, http = self._world()
        return CallFlow(compiled, self.library.compiled, services, http,
                        environment="files", entry_point=number or dnis, bots=self.bots)

    def prepare(self) -> None:
        """Compile the number plan's flows and the default flow now, so the first call to
        each does not wait for it (nor for the block registry, read on the first compile)."""
        for flow_id in sorted({*self.numbers.values(), self.default_flow or ""} - {""}):
            try:
                self.library.compiled(flow_id)
            except LookupError:
                continue  # a call to it is turned away as before

    def outbound_flow(self, flow_id: str, environment: str = "") -> CallFlow | None:
        """A callback's outbound flow (kind `outbound`, voice) by id, in environment `files`."""
        try:
            compiled = self.library.compiled(flow_id)
        except LookupError:
            return None
        if compiled.flow.kind != "outbound" or "voice" not in compiled.flow.channels:
            return None
        services, http = self._world()
        return CallFlow(compiled, self.library.compiled, services, http,
                        environment="files", entry_point=flow_id, bots=self.bots)

    def route_target(self, kind: str, value: str, environment: str = "") -> RouteTarget | None:
        return self.queues.get(f"{kind}:{value}") or self.queues.get(value) or sip_target(kind,
                                                                                        value)

    def audio_file(self, ref: str, language: str) -> Path | None:
        for folder in self.prompt_dirs:
            for candidate in (folder / language / f"{ref}.wav", folder / f"{ref}.wav",
                              folder / ref):
                if candidate.is_file() and candidate.resolve().is_relative_to(folder.resolve()):
                    return candidate
        return None

    def close(self) -> None:
        close = getattr(self.bots, "close", None)
        if callable(close):
            close()

    def _world(self) -> tuple[StaticHost, HttpAnswer]:
        if self.given is None:
            return StaticHost(), self.executor.execute
        host = self.given.host("voice")
        if self.live_clock:
            host.clock = None
        from runtime.flowtests.world import HttpMocks

        return host, _MockedHttp(HttpMocks(self.given.http, host)).answer


class _MockedHttp:
    """Mocks that answer what they match; anything else is a failed request, not a crash."""

    def __init__(self, mocks: Any):
        self.mocks = mocks

    def answer(self, request: HttpRequest) -> Event:
        from runtime.flowtests.errors import CaseFailure

        try:
            event: Event = self.mocks.answer(request)
        except CaseFailure:
            return HttpResponse(status=0, error=f"no mock answers {request.method} {request.url}")
        return event


def _target(value: Any) -> RouteTarget:
    if isinstance(value, str):
        return RouteTarget(value)
    return RouteTarget(str(value["uri"]), str(value.get("mode", "refer")))


def open_file_source(**options: Any) -> FileFlowSource:
    """The factory named in the settings (`runtime.voice.file_source:open_file_source`)."""
    return FileFlowSource(**options)
