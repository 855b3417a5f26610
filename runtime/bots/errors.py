"""Provider failures, sorted into what is worth retrying, and worded for a business user.

Each connector classifies its library's exceptions into a `BotFailure`; the retry loop only
looks at `transient`, and the message ends up in `system.LastError.message` of the flow.
"""

from __future__ import annotations

from typing import Literal

FailureKind = Literal["transient", "timeout", "fatal"]


class BotFailure(Exception):
    """A turn that could not be completed; `message` is fit to show in the Designer."""

    def __init__(self, kind: FailureKind, message: str):
        super().__init__(message)
        self.kind: FailureKind = kind
        self.message = message


def seconds(timeout_ms: int) -> str:
    """8000 -> "8", 1500 -> "1.5": how a timeout reads in a message."""
    return f"{timeout_ms / 1000:g}"


def not_found(bot: str) -> BotFailure:
    return BotFailure("fatal", f"bot '{bot}' was not found (check its id and alias)")


def refused_credentials(bot: str) -> BotFailure:
    return BotFailure("fatal", f"bot '{bot}' refused the credentials (check the keys or service "
                               "account in the Bot Registry and their permissions)")


def timed_out(timeout_ms: int) -> BotFailure:
    return BotFailure("timeout", f"the bot did not answer in {seconds(timeout_ms)} s")


def throttled(bot: str) -> BotFailure:
    return BotFailure("transient", f"bot '{bot}' is receiving too many requests (throttled)")


def unavailable(bot: str) -> BotFailure:
    return BotFailure("transient", f"bot '{bot}' is unavailable right now")


def unreachable(bot: str) -> BotFailure:
    return BotFailure("transient", f"bot '{bot}' could not be reached (check its endpoint)")


def rejected(bot: str, detail: str) -> BotFailure:
    return BotFailure("fatal", f"bot '{bot}' rejected the request: {detail}")


def broken(bot: str, detail: str) -> BotFailure:
    return BotFailure("fatal", f"bot '{bot}' failed: {detail}")
