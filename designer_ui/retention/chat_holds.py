"""Which chat sessions legal holds keep from the transcript purge.

A chat session is kept when a hold names its session id, its flow, its visitor id (the chat's
`ANI`) or its entry point (the chat's `DNIS`). The session store asks once per purge
(`SessionStore.legal_holds`), so a hold placed or released counts from the next purge on.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from designer_ui.extensions import db
from designer_ui.retention.holds import HeldValues
from runtime.sessions import SessionRecord
from runtime.sessions.store import HoldRule


def chat_hold_rule(held: HeldValues) -> HoldRule | None:
    """The rule of these holds for chat sessions; None when no hold is in force."""
    if not held:
        return None

    def keeps(record: SessionRecord) -> bool:
        visitor = record.meta.get("visitor_id") if isinstance(record.meta, dict) else None
        return held.names(ids=(record.id,), flow=record.flow.id,
                          numbers=(str(visitor or ""), record.flow.entry_point))

    return keeps


def chat_holds(app: Flask) -> Callable[[], HoldRule | None]:
    """What a session store calls before each purge: the holds in force in the app's database."""

    def current() -> HoldRule | None:
        with app.app_context(), db.engine.connect() as conn:
            return chat_hold_rule(HeldValues.load(conn))

    return current
