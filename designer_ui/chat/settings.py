"""The chat runtime's settings in the Designer: the runtime core's variables (`SESSION_STORE`,
`HTTP_ALLOWLIST`, …) plus what the web layer adds (rate limits, streaming, origins).

Each name is read from the application's config first, then from the environment, so tests and
`create_app({...})` can set any of them and deployments use plain environment variables.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask

from runtime.chat.config import ENVIRONMENT_NAMES, ChatSettings

RUNTIME_NAMES = ENVIRONMENT_NAMES
TIMER_MODES = ("auto", "eager", "off")
STREAM_MODES = ("auto", "long", "short")
"""`short`: a stream sends what the client missed and closes (the browser reconnects after
2 s), for servers that serve one request at a time; `auto` picks it under gunicorn's sync
workers and keeps streams open otherwise."""


@dataclass(frozen=True, slots=True)
class Rate:
    """At most `count` requests per `window_s` seconds."""

    count: int
    window_s: int

    @classmethod
    def parse(cls, name: str, text: str) -> Rate | None:
        """`"20/10"` is 20 per 10 seconds; `"off"` or `"0"` turns the limit off."""
        text = text.strip().lower()
        if text in ("", "off", "0", "none"):
            return None
        count, _, window = text.partition("/")
        try:
            rate = cls(int(count), int(window or "1"))
        except ValueError:
            raise ValueError(f"{name} is 'count/seconds' (like 20/10) or 'off', not '{text}'"
                             ) from None
        if rate.count < 1 or rate.window_s < 1:
            raise ValueError(f"{name} needs a positive count and window")
        return rate


@dataclass(frozen=True, slots=True)
class ChatWebSettings:
    runtime: ChatSettings
    timer_loop: str = "auto"
    session_rate: Rate | None = Rate(20, 10)
    ip_rate: Rate | None = Rate(300, 60)
    allowed_origins: tuple[str, ...] = ("*",)
    body_limit: int = 16 * 1024
    stream_seconds: float = 55.0
    keepalive_seconds: float = 15.0
    poll_seconds: float = 1.0
    entry_cache_seconds: float = 0.25
    trust_forwarded_for: bool = False
    stream_mode: str = "auto"

    @classmethod
    def for_app(cls, app: Flask) -> ChatWebSettings:
        values = _Values(app.config, os.environ)
        runtime = {name: values.text(name) for name in RUNTIME_NAMES if values.text(name)}
        runtime.setdefault("SESSION_STORE", str(Path(app.instance_path) / "chat-sessions.db"))
        default_timers = "off" if app.config.get("TESTING") else "auto"
        timer_loop = values.text("CHAT_TIMER_LOOP", default_timers).lower()
        if timer_loop not in TIMER_MODES:
            raise ValueError(f"CHAT_TIMER_LOOP is one of {', '.join(TIMER_MODES)}")
        stream_mode = values.text("CHAT_STREAM_MODE", "auto").lower()
        if stream_mode not in STREAM_MODES:
            raise ValueError(f"CHAT_STREAM_MODE is one of {', '.join(STREAM_MODES)}")
        origins = tuple(item for item in values.text("CHAT_ALLOWED_ORIGINS", "*").replace(
            ",", " ").split() if item)
        return cls(
            runtime=ChatSettings.from_env(runtime),
            timer_loop=timer_loop,
            session_rate=Rate.parse("CHAT_RATE_SESSION", values.text("CHAT_RATE_SESSION", "20/10")),
            ip_rate=Rate.parse("CHAT_RATE_IP", values.text("CHAT_RATE_IP", "300/60")),
            allowed_origins=origins or ("*",),
            body_limit=int(values.number("CHAT_BODY_LIMIT", 16 * 1024)),
            stream_seconds=values.number("CHAT_STREAM_SECONDS", 55.0),
            keepalive_seconds=values.number("CHAT_KEEPALIVE_SECONDS", 15.0),
            poll_seconds=values.number("CHAT_POLL_SECONDS", 1.0),
            entry_cache_seconds=values.number("CHAT_ENTRY_CACHE_SECONDS", 0.25),
            trust_forwarded_for=values.text("CHAT_TRUST_FORWARDED_FOR", "").lower()
            in ("1", "true", "yes"),
            stream_mode=stream_mode,
        )

    @property
    def uses_redis(self) -> bool:
        return self.runtime.session_store.lower().startswith(("redis://", "rediss://", "unix://"))


class _Values:
    def __init__(self, config: Mapping[str, Any], environ: Mapping[str, str]):
        self.config = config
        self.environ = environ

    def text(self, name: str, default: str = "") -> str:
        value = self.config.get(name)
        if value is None:
            value = self.environ.get(name)
        return default if value is None else str(value)

    def number(self, name: str, default: float) -> float:
        raw = self.text(name).strip()
        if not raw:
            return default
        try:
            value = float(raw)
        except ValueError:
            raise ValueError(f"{name} must be a number, not '{raw}'") from None
        if value <= 0:
            raise ValueError(f"{name} must be positive")
        return value
