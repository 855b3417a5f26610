"""The writer's settings for hosts that are not the Designer (voice workers, tools), read from
the environment; the Designer reads the same names from its own configuration."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class WriterSettings:
    batch_size: int = 1000
    flush_interval_ms: int = 1000
    queue_size: int = 100_000
    spool_dir: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> WriterSettings:
        env = os.environ if environ is None else environ
        return cls(batch_size=int(env.get("ANALYTICS_BATCH_SIZE", cls.batch_size)),
                   flush_interval_ms=int(env.get("ANALYTICS_FLUSH_INTERVAL_MS",
                                                 cls.flush_interval_ms)),
                   queue_size=int(env.get("ANALYTICS_QUEUE_SIZE", cls.queue_size)),
                   spool_dir=env.get("ANALYTICS_SPOOL_DIR") or None)
