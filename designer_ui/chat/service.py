"""The chat runtime of one Designer application: session store, chat host, news relay, rate
limits and timer loop, built on first use in each process.

Built lazily (and again after a fork) because gunicorn may fork workers from a process that
created the app, and connections and threads do not survive a fork; and because most processes
that create the app (CLI commands, tests) never serve a chat.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass

from flask import Flask, current_app

from designer_ui.analytics import analytics_sink, running_writer
from designer_ui.bots import bot_connector
from designer_ui.callbacks import callback_service
from designer_ui.chat.cpu_split import CpuSplit
from designer_ui.chat.flows import BusinessLookups, PublishedFlows
from designer_ui.chat.limits import MemoryCounter, RateLimits, RedisCounter
from designer_ui.chat.live import LiveListener, RedisRelay, Relay, Waiters
from designer_ui.chat.settings import ChatWebSettings
from designer_ui.chat.sqlite_news import SQLiteRelay
from designer_ui.retention.chat_holds import chat_holds
from interpreter.engine.effects import AnalyticsEvent
from runtime.analytics.context import AnalyticsContext
from runtime.analytics.writer import AnalyticsWriter
from runtime.chat import ChatHost, TimerLoop
from runtime.sessions import SessionRecord, SessionStore
from runtime.sessions.health import StoreUnavailable
from runtime.sessions.redis_store import RedisSessionStore
from runtime.sessions.sqlite_store import SQLiteSessionStore

EXTENSION = "designer_chat"
log = logging.getLogger(__name__)


@dataclass
class Runtime:
    """What one process uses to serve chats."""

    store: SessionStore
    host: ChatHost
    waiters: Waiters
    relay: Relay | None
    limits: RateLimits
    timers: TimerLoop


class ChatService:
    def __init__(self, app: Flask, settings: ChatWebSettings, cpu_split: CpuSplit | None = None):
        self.app = app
        self.settings = settings
        self.cpu_split = cpu_split
        self.flows = PublishedFlows(app, entry_cache_s=settings.entry_cache_seconds)
        self._lock = threading.Lock()
        self._runtime: Runtime | None = None
        self._pid = 0

    @property
    def runtime(self) -> Runtime:
        runtime = self._runtime
        if runtime is not None and self._pid == os.getpid():
            return runtime
        with self._lock:
            if self._runtime is None or self._pid != os.getpid():
                self._runtime = self._build()
                self._pid = os.getpid()
                if self.settings.timer_loop != "off":
                    self._runtime.timers.start()
            return self._runtime

    @property
    def host(self) -> ChatHost:
        return self.runtime.host

    def start_timers(self) -> None:
        """Start this process's timer loop now rather than with its first chat (`designer
        runtime` does, in every worker, so timers fire even on a node nobody talks to)."""
        if self.settings.timer_loop != "off" and not self.runtime.timers.running:
            self.runtime.timers.start()

    def close(self) -> None:
        with self._lock:
            runtime, self._runtime = self._runtime, None
        if runtime is None:
            return
        runtime.timers.stop()
        if runtime.relay is not None:
            runtime.relay.stop()
        runtime.store.close()

    def _build(self) -> Runtime:
        settings = self.settings
        store = settings.runtime.open_store()
        store.legal_holds = chat_holds(self.app)  # the transcript purge keeps held sessions
        try:
            store.check()
        except StoreUnavailable as exc:
            log.warning("%s; chat requests answer 503 until it is back", exc)
        waiters = Waiters()
        relay: Relay | None = None
        counter: MemoryCounter | RedisCounter = MemoryCounter()
        if isinstance(store, RedisSessionStore):
            relay = RedisRelay(store.client, store.news_channel, waiters)
            counter = RedisCounter(store.client, store.prefix)
        elif isinstance(store, SQLiteSessionStore):
            relay = SQLiteRelay(store, waiters)
        report = self._report_analytics
        host_store = store
        if self.cpu_split is not None:  # the chat benchmark's CPU split (CHAT_BENCH_CPU_DIR)
            report = self.cpu_split.timed(self, "analytics")._report_analytics
            host_store = self.cpu_split.timed(store, "store")
        listener = LiveListener(waiters, relay, report=report)
        host = ChatHost(self.flows, host_store, http=settings.runtime.http_executor(),
                        services=BusinessLookups(self.app), listener=listener,
                        bots=bot_connector(self.app), callbacks=callback_service(self.app),
                        limits=settings.runtime.session_limits())
        if self.cpu_split is not None:
            host.cycle.engine = self.cpu_split.timed(host.cycle.engine, "engine")
            writer = running_writer(self.app) or analytics_sink(self.app)
            if isinstance(writer, AnalyticsWriter):
                writer.store = self.cpu_split.timed(writer.store, "analytics writer")
        limits = RateLimits(counter, per_session=settings.session_rate,
                            per_address=settings.ip_rate)
        timers = TimerLoop(host, interval_s=settings.runtime.timer_interval_ms / 1000.0)
        return Runtime(store, host, waiters, relay, limits, timers)

    def _report_analytics(self, record: SessionRecord, events: list[AnalyticsEvent]) -> None:
        flow = record.flow
        context = AnalyticsContext(session_id=record.id, flow_id=flow.id,
                                   flow_version=flow.version, channel=record.channel,
                                   environment=flow.environment, entry_point=flow.entry_point)
        analytics_sink(self.app).record(events, context)


def chat_service(app: Flask | None = None) -> ChatService:
    service: ChatService = (app or current_app).extensions[EXTENSION]
    return service
