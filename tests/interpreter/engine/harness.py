"""A driver for engine tests: every step saves and reloads the session state as JSON."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from blocks import shared_registry
from interpreter.compiler import CompiledFlow, compile_flow
from interpreter.engine.effects import AnalyticsEvent, Effect
from interpreter.engine.engine import Engine, Step
from interpreter.engine.events import Event
from interpreter.host import StaticHost
from interpreter.loader import load_flow

CHANNELS = ("voice", "chat")
FIXED_NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


def flow_document(blocks: dict[str, Any], *, phases: dict[str, str] | None = None,
                  variables: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format": "designer-flow", "format_version": 1, "id": extra.pop("id", "test-flow"),
        "name": "Test flow", "channels": list(extra.pop("channels", CHANNELS)),
        "variables": variables or {}, "phases": phases or {"self_service": next(iter(blocks))},
        "blocks": blocks,
    }
    document.update(extra)
    return document


def compile_document(document: dict[str, Any]) -> CompiledFlow:
    return compile_flow(load_flow(document), shared_registry())


class Driver:
    """Runs one session; `effects`/`events` accumulate over every step."""

    def __init__(self, document: dict[str, Any], channel: str = "voice", *,
                 host: StaticHost | None = None, modules: dict[str, dict[str, Any]] | None = None,
                 step_limit: int = 1000):
        self.flow = compile_document(document)
        compiled_modules = {key: compile_document(doc) for key, doc in (modules or {}).items()}

        def resolve(ref: str) -> CompiledFlow:
            module_id = ref.rpartition("@")[0]
            if module_id not in compiled_modules:
                raise LookupError(f"module '{ref}' cannot be found")
            return compiled_modules[module_id]

        self.engine = Engine(modules=resolve, step_limit=step_limit)
        self.channel = channel
        self.host = host or StaticHost(clock=FIXED_NOW, seed="test")
        self.state: dict[str, Any] = {}
        self.effects: list[Effect] = []
        self.events: list[AnalyticsEvent] = []
        self.last: Step | None = None

    def _take(self, step: Step) -> Step:
        self.state = json.loads(json.dumps(step.state))
        self.effects.extend(step.effects)
        self.events.extend(step.events)
        self.last = step
        return step

    def start(self, **kwargs: Any) -> Step:
        return self._take(self.engine.start(self.flow, channel=self.channel, host=self.host,
                                            **kwargs))

    def send(self, event: Event) -> Step:
        return self._take(self.engine.resume(self.flow, self.state, event, host=self.host))

    @property
    def ended(self) -> bool:
        return bool(self.state.get("status") == "ended")

    @property
    def path(self) -> list[str]:
        return [e.block for e in self.events if e.kind == "block_entered"
                and not (e.data or {}).get("module") and e.block is not None]

    def kinds(self, step: Step | None = None) -> list[str]:
        effects = step.effects if step is not None else self.effects
        return [effect.kind for effect in effects]

    def said(self) -> list[str]:
        return [getattr(e, "text", "") for e in self.effects if e.kind in ("say", "collect")]

    def variable(self, name: str) -> Any:
        return self.state["vars"].get(name)
