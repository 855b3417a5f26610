"""Which session, flow and place a batch of analytics events comes from.

The engine's events know nothing of where they run; the host adds this context when it hands
them over, so every stored event can be counted by flow, version, environment, channel, entry
point and origin. `origin` keeps the simulator's and the flow tests' sessions out of the
production figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

LIVE, SIMULATOR, FLOWTEST = "live", "simulator", "flowtest"
ORIGINS = (LIVE, SIMULATOR, FLOWTEST)
SESSION_ID_LIMIT = 128
LIMITS = {"flow_id": 64, "flow_version": 32, "environment": 32, "channel": 16, "entry_point": 200}
"""Longer values are cut to these lengths (the columns' sizes)."""


@dataclass(frozen=True, slots=True)
class AnalyticsContext:
    session_id: str
    flow_id: str
    flow_version: str
    channel: str
    environment: str = ""
    entry_point: str = ""
    origin: str = LIVE

    def __post_init__(self) -> None:
        if self.origin not in ORIGINS:
            raise ValueError(f"analytics origin must be one of {', '.join(ORIGINS)}, "
                             f"not '{self.origin}'")
        if not self.session_id or len(self.session_id) > SESSION_ID_LIMIT:
            raise ValueError(f"analytics events need the id of their session (1 to "
                             f"{SESSION_ID_LIMIT} characters)")
        for name, limit in LIMITS.items():
            value = getattr(self, name)
            if len(value) > limit:
                object.__setattr__(self, name, value[:limit])

    @property
    def dimensions(self) -> tuple[str, str, str, str, str, str]:
        """What the roll-ups are counted by (everything but the session)."""
        return (self.origin, self.flow_id, self.flow_version, self.environment, self.channel,
                self.entry_point)

    def to_json(self) -> dict[str, str]:
        return {"session_id": self.session_id, "flow_id": self.flow_id,
                "flow_version": self.flow_version, "channel": self.channel,
                "environment": self.environment, "entry_point": self.entry_point,
                "origin": self.origin}

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> AnalyticsContext:
        """From a host's plain mapping; `flow`/`version` are accepted for `flow_id`/`flow_version`
        (the voice worker's names)."""

        def text(*keys: str, default: str = "") -> str:
            for key in keys:
                value = data.get(key)
                if value is not None:
                    return str(value)
            return default

        return cls(session_id=text("session_id"), flow_id=text("flow_id", "flow"),
                   flow_version=text("flow_version", "version"), channel=text("channel"),
                   environment=text("environment"), entry_point=text("entry_point"),
                   origin=text("origin", default=LIVE))


def as_context(context: AnalyticsContext | Mapping[str, Any]) -> AnalyticsContext:
    return context if isinstance(context, AnalyticsContext) else AnalyticsContext.from_mapping(context)
