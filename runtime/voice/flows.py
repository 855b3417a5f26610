"""Where a worker finds the flow for a dialled number, and what a call needs to run it.

A `FlowSource` answers three questions for the worker: which flow (with its modules, business
resources, web services and bots) serves a number, where a `route` block's queue or agent is on the
SIP network, and which file plays an `audio` prompt. Sources are named in the settings by a
`module:function` factory, so the Designer's own source (`designer_ui.voice_source`) plugs in
without the runtime importing the Designer; `runtime.voice.file_source` reads flow files.
"""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from interpreter.compiler import CompiledFlow
from interpreter.engine.effects import HttpRequest
from interpreter.engine.engine import ModuleResolver
from interpreter.engine.events import Event
from interpreter.host import HostServices
from runtime.effects.connectors import BotConnector

log = logging.getLogger(__name__)
HttpAnswer = Callable[[HttpRequest], Event]
"""Carries out an `http` effect (blocking; workers call it off their event loop)."""


@dataclass(frozen=True, slots=True)
class CallFlow:
    """Everything one call needs to run its flow."""

    compiled: CompiledFlow
    modules: ModuleResolver
    services: HostServices
    http: HttpAnswer
    environment: str = ""
    entry_point: str = ""
    variables: Mapping[str, Any] = field(default_factory=dict)
    bots: BotConnector | None = None
    """Answers the flow's `bot` blocks (a `runtime.bots.RegistryBotConnector`); None: none."""


@dataclass(frozen=True, slots=True)
class RouteTarget:
    """A queue, agent or SIP address on the network: `refer` hands the call over with a blind
    transfer, `bridge` keeps the worker in the media path with a second call."""

    uri: str
    mode: str = "refer"

    def __post_init__(self) -> None:
        if self.mode not in ("refer", "bridge"):
            raise ValueError(f"route mode must be 'refer' or 'bridge', not '{self.mode}'")


class FlowSource(Protocol):
    def flow_for(self, dnis: str) -> CallFlow | None:
        """The flow bound to a dialled number, or None when the number is unknown."""
        ...

    def route_target(self, kind: str, value: str, environment: str = "") -> RouteTarget | None:
        """Where a `route` block's target (`queue`, `agent` or `sip`) is, or None if unknown;
        `environment` is the call's (sources with per-environment queues read its own)."""
        ...

    def audio_file(self, ref: str, language: str) -> Path | None:
        """The WAV file of an `audio` prompt item, or None when there is none."""
        ...


def prepare_source(source: FlowSource) -> None:
    """Let a source load what its first call would otherwise wait for (its flows compiled,
    the block registry read), if it has `prepare()`. A worker calls this before it answers;
    a failure is logged and left for the call that meets it."""
    prepare = getattr(source, "prepare", None)
    if callable(prepare):
        try:
            prepare()
        except Exception:
            log.exception("voice: preparing the flow source failed")


def close_source(source: FlowSource) -> None:
    """Let a source release what it holds (bot connectors' channels), if it has `close()`."""
    close = getattr(source, "close", None)
    if callable(close):
        close()


def digits_of(number: str) -> str:
    """A phone number reduced to its digits, so '+1 (800) 555-0100' matches '18005550100'."""
    return re.sub(r"\D", "", number)


def same_number(a: str, b: str) -> bool:
    if a == b:
        return True
    da, db = digits_of(a), digits_of(b)
    return bool(da) and da == db


def sip_target(kind: str, value: str) -> RouteTarget | None:
    """A `sip` route target names its own address; other kinds need a directory."""
    if kind == "sip" and value.startswith(("sip:", "sips:", "tel:")):
        return RouteTarget(value)
    return None


def load_factory(spec: str) -> Callable[..., Any]:
    """`package.module:function` → the function (how sources and stores are plugged in)."""
    module_name, _, attribute = spec.partition(":")
    if not module_name or not attribute:
        raise ValueError(f"'{spec}' is not a 'module:function' reference")
    module = importlib.import_module(module_name)
    try:
        factory = getattr(module, attribute)
    except AttributeError:
        raise ValueError(f"'{module_name}' has no '{attribute}'") from None
    if not callable(factory):
        raise ValueError(f"'{spec}' is not callable")
    return factory


def open_flow_source(spec: Mapping[str, Any]) -> FlowSource:
    """Build the source the settings describe: `{"factory": "mod:fn", "options": {...}}`."""
    factory = load_factory(str(spec.get("factory", "")))
    source: FlowSource = factory(**dict(spec.get("options") or {}))
    return source
