"""Per-conversation context between turns, and session ids each provider accepts.

The engine keeps no provider state between turns, yet Lex wants its `sessionState` back and the
native engine its dialog state. Each connector returns that context in `BotResponse.raw
["context"]`; a `BotTurn` that carries a `context` (see the note for the `bot` block) hands it
back, which lets any host node answer the next turn. Until turns carry it, and for hosts that
cannot, a `ContextStore` remembers it by (bot, session key) in this process.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from interpreter.engine.effects import BotTurn

_LEX_SESSION = re.compile(r"^[0-9a-zA-Z._:-]{2,100}$")
_DIALOGFLOW_SESSION = re.compile(r"^[0-9a-zA-Z._:-]{1,36}$")


class ContextStore(Protocol):
    def get(self, bot: str, session_key: str) -> dict[str, Any] | None: ...

    def put(self, bot: str, session_key: str, context: Mapping[str, Any]) -> None: ...


class MemoryContextStore:
    """A bounded, expiring in-process store; thread-safe."""

    def __init__(self, max_sessions: int = 10000, ttl_s: float = 3600,
                 clock: Callable[[], float] = time.monotonic):
        self.max_sessions = max_sessions
        self.ttl_s = ttl_s
        self._clock = clock
        self._items: OrderedDict[tuple[str, str], tuple[float, dict[str, Any]]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, bot: str, session_key: str) -> dict[str, Any] | None:
        with self._lock:
            item = self._items.get((bot, session_key))
            if item is None:
                return None
            if self._clock() - item[0] > self.ttl_s:
                del self._items[(bot, session_key)]
                return None
            return dict(item[1])

    def put(self, bot: str, session_key: str, context: Mapping[str, Any]) -> None:
        with self._lock:
            self._items[(bot, session_key)] = (self._clock(), dict(context))
            self._items.move_to_end((bot, session_key))
            while len(self._items) > self.max_sessions:
                self._items.popitem(last=False)


def turn_context(effect: BotTurn, store: ContextStore) -> dict[str, Any] | None:
    """The context the turn carries, else the one remembered for its session."""
    carried = getattr(effect, "context", None)
    if isinstance(carried, Mapping):
        return dict(carried)
    return store.get(effect.bot, effect.session_key)


def spoken_text(effect: BotTurn) -> str | None:
    """What the caller said or typed; keyed digits without their terminator when they keyed."""
    if effect.dtmf:
        return effect.dtmf.rstrip("#") or None
    return effect.text or None


def _digest(key: str, length: int) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:length]


def lex_session_id(session_key: str) -> str:
    """Lex V2 accepts 2-100 of `[0-9a-zA-Z._:-]`; other keys are mapped, stably and uniquely."""
    if _LEX_SESSION.fullmatch(session_key):
        return session_key
    cleaned = re.sub(r"[^0-9a-zA-Z._:-]", ".", session_key)[:80]
    return f"{cleaned}.{_digest(session_key, 16)}"


def dialogflow_session_id(session_key: str) -> str:
    """Dialogflow accepts at most 36 characters; longer keys become a digest of the key."""
    if _DIALOGFLOW_SESSION.fullmatch(session_key):
        return session_key
    return _digest(session_key, 36)
