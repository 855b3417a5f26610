"""Chat runtime settings from the environment, and the objects they configure.

| variable | meaning | default |
|---|---|---|
| `SESSION_STORE` | `redis://…` or a SQLite path / `sqlite:///…` URL | `instance/chat-sessions.db` |
| `CHAT_IDLE_TIMEOUT_S` | seconds without activity before a session is closed | 1800 |
| `CHAT_TRANSCRIPT_RETENTION_DAYS` | days ended sessions and transcripts are kept | 90 |
| `HTTP_ALLOWLIST` | CIDRs, addresses, host names flows may call though not public | (none) |
| `HTTP_MAX_TIMEOUT_MS` | cap on an `http` block's timeout | 30000 |
| `HTTP_MAX_RESPONSE_BYTES` | largest response body accepted | 1048576 |
| `CHAT_TIMER_INTERVAL_MS` | how often the timer loop sweeps | 250 |
| `CHAT_MAX_SESSION_S` | longest a session may last; the flow's finalize runs when it ends | 14400 |
| `CHAT_MAX_WAITS_PER_BLOCK` | times a session may wait at one block (a no-input self-loop) | 50 |
| `CHAT_REDIS_POOL_SIZE` | Redis connections per process (`designer runtime`: threads + 8) | 64 |
| `CHAT_REDIS_POOL_TIMEOUT_S` | wait for a free Redis connection before answering 503 | 2 |
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from interpreter.engine.limits import (
    DEFAULT_MAX_DURATION_S,
    DEFAULT_MAX_WAITS_PER_BLOCK,
    SessionLimits,
)
from runtime.effects.addresses import AddressPolicy
from runtime.effects.http import DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_TIMEOUT_MS, HttpExecutor
from runtime.sessions.factory import open_session_store
from runtime.sessions.redis_store import DEFAULT_POOL_SIZE, DEFAULT_POOL_TIMEOUT_S
from runtime.sessions.store import DEFAULT_IDLE_TIMEOUT_S, DEFAULT_RETENTION_DAYS, SessionStore

ENVIRONMENT_NAMES = ("SESSION_STORE", "CHAT_IDLE_TIMEOUT_S", "CHAT_TRANSCRIPT_RETENTION_DAYS",
                     "HTTP_ALLOWLIST", "HTTP_MAX_TIMEOUT_MS", "HTTP_MAX_RESPONSE_BYTES",
                     "CHAT_TIMER_INTERVAL_MS", "CHAT_MAX_SESSION_S", "CHAT_MAX_WAITS_PER_BLOCK",
                     "CHAT_REDIS_POOL_SIZE", "CHAT_REDIS_POOL_TIMEOUT_S")
"""Every name `ChatSettings.from_env` reads (the table above), for hosts that gather them
from their own configuration as well as the environment."""


@dataclass(frozen=True, slots=True)
class ChatSettings:
    session_store: str = ""
    idle_timeout_s: float = DEFAULT_IDLE_TIMEOUT_S
    retention_days: float = DEFAULT_RETENTION_DAYS
    http_allowlist: str = ""
    http_max_timeout_ms: int = DEFAULT_MAX_TIMEOUT_MS
    http_max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES
    timer_interval_ms: int = 250
    max_session_s: float = DEFAULT_MAX_DURATION_S
    max_waits_per_block: int = DEFAULT_MAX_WAITS_PER_BLOCK
    redis_pool_size: int = DEFAULT_POOL_SIZE
    redis_pool_timeout_s: float = DEFAULT_POOL_TIMEOUT_S

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ChatSettings:
        env = os.environ if environ is None else environ
        return cls(
            session_store=env.get("SESSION_STORE", ""),
            idle_timeout_s=_number(env, "CHAT_IDLE_TIMEOUT_S", DEFAULT_IDLE_TIMEOUT_S),
            retention_days=_number(env, "CHAT_TRANSCRIPT_RETENTION_DAYS", DEFAULT_RETENTION_DAYS),
            http_allowlist=env.get("HTTP_ALLOWLIST", ""),
            http_max_timeout_ms=int(_number(env, "HTTP_MAX_TIMEOUT_MS", DEFAULT_MAX_TIMEOUT_MS)),
            http_max_response_bytes=int(_number(env, "HTTP_MAX_RESPONSE_BYTES",
                                                DEFAULT_MAX_RESPONSE_BYTES)),
            timer_interval_ms=int(_number(env, "CHAT_TIMER_INTERVAL_MS", 250)),
            max_session_s=_number(env, "CHAT_MAX_SESSION_S", DEFAULT_MAX_DURATION_S),
            max_waits_per_block=int(_number(env, "CHAT_MAX_WAITS_PER_BLOCK",
                                            DEFAULT_MAX_WAITS_PER_BLOCK)),
            redis_pool_size=int(_number(env, "CHAT_REDIS_POOL_SIZE", DEFAULT_POOL_SIZE)),
            redis_pool_timeout_s=_number(env, "CHAT_REDIS_POOL_TIMEOUT_S",
                                         DEFAULT_POOL_TIMEOUT_S),
        )

    def session_limits(self) -> SessionLimits:
        return SessionLimits(max_duration_s=self.max_session_s,
                             max_waits_per_block=self.max_waits_per_block)

    def open_store(self) -> SessionStore:
        return open_session_store(self.session_store, idle_timeout_s=self.idle_timeout_s,
                                  retention_days=self.retention_days,
                                  redis_pool_size=self.redis_pool_size,
                                  redis_pool_timeout_s=self.redis_pool_timeout_s)

    def http_executor(self) -> HttpExecutor:
        return HttpExecutor(AddressPolicy.from_setting(self.http_allowlist),
                            max_timeout_ms=self.http_max_timeout_ms,
                            max_response_bytes=self.http_max_response_bytes)


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return float(default)
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number, not '{raw}'") from None
    if value <= 0:
        raise ValueError(f"{name} must be positive")
    return value
