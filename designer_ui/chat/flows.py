"""Where chat sessions get their flows in the Designer: entry points, environments and the
published versions they name, compiled once per process.

Published versions never change, so a compiled version is cached for good (a small LRU);
which version an entry point leads to may change at any time (promotion), so that answer is
kept only while the Designer's routing counter (`designer_ui.models.routing`) is unchanged, and
each process reads the counter at most every `CHAT_ENTRY_CACHE_SECONDS` (0.25 s): a promotion
reaches every worker within that time. Look-ups open an application context of their own when
none is active, because the timer loop calls them from its own thread.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import datetime
from typing import Any, TypeVar

from flask import Flask, has_app_context

from blocks import shared_registry
from designer_ui.extensions import db
from designer_ui.models import ENVIRONMENTS, EntryPoint, EnvironmentBinding, FlowVersion
from designer_ui.models.routing import read_routing_revision
from designer_ui.queue_entry import (
    QUEUE_ENTRY_FLOW,
    compiled_queue_entry,
    queue_entry_version,
    queue_of_version,
)
from designer_ui.services.business import DEFAULT_ENVIRONMENT, ControlsHost
from designer_ui.services.modules import ModuleResolver
from interpreter.compiler import CompiledFlow, compile_flow
from interpreter.host import Announcement, BusinessHours
from interpreter.loader import load_flow
from interpreter.problems import FlowFormatError
from runtime.sessions.records import FlowRef

T = TypeVar("T")
COMPILED_CACHE_SIZE = 256
MODULE_CACHE_S = 30.0
ENTRY_CHECK_S = 0.25
EXACT_VERSION = re.compile(r"^\d+\.\d+\.\d+$")


class UnknownEntryError(LookupError):
    """No chat entry point has this key."""


class NotPublishedError(LookupError):
    """The entry point's environment runs no version of its flow."""


class AppContext:
    """Runs a call inside the application's context (a fresh one outside requests)."""

    def __init__(self, app: Flask):
        self.app = app

    def __call__(self) -> AbstractContextManager[Any]:
        return nullcontext() if has_app_context() else self._fresh()

    @contextmanager
    def _fresh(self) -> Iterator[None]:
        with self.app.app_context():
            yield


class PublishedFlows:
    """A `runtime.chat.FlowSource` backed by the Designer's published flows."""

    def __init__(self, app: Flask, *, entry_cache_s: float = ENTRY_CHECK_S,
                 clock: Callable[[], float] = time.monotonic):
        self.context = AppContext(app)
        self.entry_cache_s = entry_cache_s
        self.clock = clock
        self._lock = threading.Lock()
        self._compiled: OrderedDict[tuple[str, str], CompiledFlow] = OrderedDict()
        self._entries: dict[str, tuple[int, FlowRef, dict[str, Any]]] = {}
        self._modules: dict[str, tuple[float, CompiledFlow]] = {}
        self._routing: tuple[float, int] = (float("-inf"), -1)

    def entry(self, key: str) -> tuple[FlowRef, dict[str, Any]]:
        """The flow (and published version) a new session at chat entry `key` runs, and the
        entry point's custom fields."""
        revision = self._routing_revision()
        cached = self._entries.get(key)
        if cached is not None and cached[0] == revision:
            return cached[1], dict(cached[2])
        with self.context():
            entry = db.session.execute(db.select(EntryPoint).where(
                EntryPoint.kind == "chat", EntryPoint.address == key)).scalar_one_or_none()
            if entry is None:
                raise UnknownEntryError(f"there is no chat entry point '{key}'")
            if entry.queue is not None:  # straight into the queue
                ref = FlowRef(QUEUE_ENTRY_FLOW, queue_entry_version(entry.queue.name),
                              entry.environment, key)
            else:
                binding = db.session.get(EnvironmentBinding, (entry.environment, entry.flow_id))
                if binding is None or entry.flow_id is None:
                    raise NotPublishedError(f"the {entry.environment} environment runs no "
                                            f"version of flow '{entry.flow_id}'")
                ref = FlowRef(entry.flow_id, str(binding.version), entry.environment, key)
            fields = dict(entry.fields or {})
        self._entries[key] = (revision, ref, fields)
        return ref, dict(fields)

    def _routing_revision(self) -> int:
        """The Designer's routing counter, read again once `entry_cache_s` has passed. An
        entry looked up after this read is stored under this (possibly older) revision, so a
        concurrent promotion can only cause one more look-up, never a stale answer kept."""
        now = self.clock()
        checked_at, revision = self._routing
        if now - checked_at < self.entry_cache_s:
            return revision
        with self.context():
            revision = read_routing_revision(db.session.connection())
        self._routing = (now, revision)
        return revision

    def default_ref(self) -> FlowRef:
        raise LookupError("a chat session starts at an entry point")

    def compiled(self, ref: FlowRef) -> CompiledFlow:
        key = (ref.id, ref.version)
        with self._lock:
            found = self._compiled.get(key)
            if found is not None:
                self._compiled.move_to_end(key)
                return found
        compiled = self._compile_version(ref.id, ref.version)
        with self._lock:
            self._compiled[key] = compiled
            while len(self._compiled) > COMPILED_CACHE_SIZE:
                self._compiled.popitem(last=False)
        return compiled

    def module(self, ref: str) -> CompiledFlow:
        """A module: `id@N` (a published version) and an installed MicroApp's exact version
        (`publisher/name@1.2.0`) never change and are cached for good; `@latest`, `@draft` and
        version ranges are looked up again after a while."""
        flow_id, _, version = ref.rpartition("@")
        if flow_id and "/" not in flow_id and version.isdigit():
            return self.compiled(FlowRef(flow_id, version))
        now = self.clock()
        cached = self._modules.get(ref)
        if cached is not None and cached[0] > now:
            return cached[1]
        with self.context():
            compiled = ModuleResolver().compiled(ref)
        lasting = "/" in flow_id and EXACT_VERSION.match(version) is not None
        self._modules[ref] = (float("inf") if lasting else now + MODULE_CACHE_S, compiled)
        return compiled

    def _compile_version(self, flow_id: str, version: str) -> CompiledFlow:
        queue = queue_of_version(version) if flow_id == QUEUE_ENTRY_FLOW else None
        if queue is not None:
            return compiled_queue_entry(queue)
        if not version.isdigit():
            raise LookupError(f"flow '{flow_id}' version '{version}' is not a published version")
        with self.context():
            record = db.session.execute(db.select(FlowVersion).where(
                FlowVersion.flow_id == flow_id, FlowVersion.number == int(version))).scalar()
            document = dict(record.document) if record is not None else None
        if document is None:
            raise LookupError(f"flow '{flow_id}' has no published version {version}")
        try:
            return compile_flow(load_flow(document, version=version), shared_registry())
        except FlowFormatError as exc:
            raise LookupError(f"flow '{flow_id}' version {version} does not compile: {exc}"
                              ) from None


class BusinessLookups:
    """The engine's business look-ups (hours, flags, tables, announcements) from the Designer's
    database, in one environment, read at the moment of the look-up so a business user's
    change applies at the next block."""

    def __init__(self, app: Flask, environment: str = DEFAULT_ENVIRONMENT):
        self.app = app
        self.context = AppContext(app)
        self.controls = ControlsHost(environment=environment)
        self._environments: dict[str, BusinessLookups] = {environment: self}

    def in_environment(self, environment: str) -> BusinessLookups:
        """The look-ups of the environment a session's entry point is bound to."""
        if environment not in ENVIRONMENTS:
            return self
        if environment not in self._environments:
            self._environments[environment] = BusinessLookups(self.app, environment)
        return self._environments[environment]

    @property
    def environment(self) -> str:
        """The environment these look-ups read (callbacks apply its rules too)."""
        return self.controls.environment

    def now(self) -> datetime:
        return self.controls.now()

    def random_seed(self) -> str | None:
        return None

    def business_hours(self, name: str) -> BusinessHours:
        return self._read(lambda: self.controls.business_hours(name))

    def emergency_flag(self, name: str) -> bool:
        return self._read(lambda: self.controls.emergency_flag(name))

    def table_row(self, table: str, key: str) -> Mapping[str, Any] | None:
        return self._read(lambda: self.controls.table_row(table, key))

    def announcement(self, name: str, language: str) -> Announcement | None:
        return self._read(lambda: self.controls.announcement(name, language))

    def srgs_grammar(self, name: str, language: str) -> str:
        return self._read(lambda: self.controls.srgs_grammar(name, language))

    def _read(self, look_up: Callable[[], T]) -> T:
        with self.context():
            return look_up()
