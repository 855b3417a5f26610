"""The chat runtime's core: sessions of a flow served over any transport (HTTP + SSE later)."""

from runtime.chat.config import ChatSettings
from runtime.chat.cycle import ChatTurn
from runtime.chat.errors import ChatStateError, SessionClosedError
from runtime.chat.flows import FlowSource, SingleFlow
from runtime.chat.host import ChatHost
from runtime.chat.listener import ChatListener
from runtime.chat.timers import TimerLoop
from runtime.chat.transcript import MASK

__all__ = [
    "MASK", "ChatHost", "ChatListener", "ChatSettings", "ChatStateError", "ChatTurn",
    "FlowSource", "SessionClosedError", "SingleFlow", "TimerLoop",
]
