"""What the host tells the engine: the events that resume a waiting session."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar


class Event:
    kind: ClassVar[str]

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, **asdict(self)}  # type: ignore[call-overload]


@dataclass(frozen=True, slots=True)
class Input(Event):
    """Caller input: `dtmf` digits, `text` (typed or recognised speech), `noinput`, `nomatch`."""

    kind: ClassVar[str] = "input"
    type: str
    value: str = ""
    confidence: float | None = None

    def __post_init__(self) -> None:
        if self.type not in ("dtmf", "text", "noinput", "nomatch"):
            raise ValueError(f"unknown input type '{self.type}'")


@dataclass(frozen=True, slots=True)
class HttpResponse(Event):
    kind: ClassVar[str] = "http_response"
    status: int = 0
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    error: str | None = None


@dataclass(frozen=True, slots=True)
class BotResponse(Event):
    """One bot turn's answer. `state`: in_progress, fulfilled, failed or fallback."""

    kind: ClassVar[str] = "bot_response"
    state: str = "fulfilled"
    intent: str | None = None
    slots: dict[str, Any] = field(default_factory=dict)
    confidence: float | None = None
    messages: tuple[str, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Recorded(Event):
    kind: ClassVar[str] = "recorded"
    recording_id: str | None = None
    duration_ms: int = 0


@dataclass(frozen=True, slots=True)
class TransferResult(Event):
    kind: ClassVar[str] = "transfer_result"
    status: str = "success"
    detail: str = ""


@dataclass(frozen=True, slots=True)
class RouteResult(Event):
    kind: ClassVar[str] = "route_result"
    status: str = "success"
    agent: str | None = None
    detail: str = ""


@dataclass(frozen=True, slots=True)
class CallbackResult(Event):
    kind: ClassVar[str] = "callback_result"
    status: str = "success"
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Hangup(Event):
    kind: ClassVar[str] = "hangup"
    reason: str = "caller"


@dataclass(frozen=True, slots=True)
class Timeout(Event):
    """A timer the host ran for the engine ran out (no-input on chat, route wait, ...)."""

    kind: ClassVar[str] = "timeout"
    detail: str = ""


EVENT_TYPES: dict[str, type[Event]] = {
    cls.kind: cls for cls in (Input, HttpResponse, BotResponse, Recorded, TransferResult,
                              RouteResult, CallbackResult, Hangup, Timeout)
}


def event_from_json(data: dict[str, Any]) -> Event:
    """An event from its JSON form; raises ValueError with a clear message on bad input."""
    if not isinstance(data, dict):
        raise ValueError("an event is a JSON object")
    kind = data.get("kind")
    cls = EVENT_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise ValueError(f"unknown event kind {kind!r}; expected one of {sorted(EVENT_TYPES)}")
    values = {key: value for key, value in data.items() if key != "kind"}
    if cls is BotResponse and "messages" in values:
        values["messages"] = tuple(values["messages"])
    try:
        return cls(**values)
    except TypeError as exc:
        raise ValueError(f"bad '{kind}' event: {exc}") from None
