"""Pluggable answers to the effects that reach services the runtime does not own.

A `bot` block's turns go to a `BotConnector` (Lex, Dialogflow or the native classifier, each
added later as its own connector); a `callback` block's request goes to a `CallbackService`
(the agent desk's callback queue). Until a deployment configures one, the stand-ins answer with
a clear error, so the flow takes its `error` port instead of waiting forever.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from interpreter.engine.effects import BotTurn, Callback
from interpreter.engine.events import BotResponse, CallbackResult


class BotConnector(Protocol):
    def turn(self, effect: BotTurn) -> BotResponse:
        """Send one turn to the bot named in the effect; its answer (or an error)."""
        ...


@dataclass(frozen=True, slots=True)
class CallbackContext:
    """Where a callback request comes from: the environment whose rules apply (allow and deny
    lists, business hours), the channel and the session (which makes a retried request
    idempotent), and whether the session waits in a queue (an in-queue callback)."""

    environment: str = "live"
    channel: str = ""
    session_id: str = ""
    in_queue: bool = False


class CallbackService(Protocol):
    def register(self, effect: Callback, context: CallbackContext | None = None) -> CallbackResult:
        """Register a callback request; `success` or `failed` with a detail."""
        ...


class NoBotConnector:
    def turn(self, effect: BotTurn) -> BotResponse:
        return BotResponse(state="failed", error="no bot connector configured")


class NoCallbackService:
    def register(self, effect: Callback, context: CallbackContext | None = None) -> CallbackResult:
        return CallbackResult(status="failed", detail="no callback service configured")
