"""Publishing a flow pins the native bots it uses, by listening to the flush, not by patching.

Whichever code publishes (the API, an import, the examples loader), the new `FlowVersion`
row passes through a flush; the listener adds, in the same transaction, one `FlowVersionBot`
per native bot the version's `bot` blocks name. A later edit of the bot's definition then
changes drafts and the simulator, never what a published version runs.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from designer_ui.bots.models import BotRecord, FlowVersionBot
from designer_ui.bots.registry import bots_in
from designer_ui.extensions import db
from designer_ui.models import FlowVersion


def pin_native_bots(session: Session, _context: Any, _instances: Any) -> None:
    versions = [item for item in session.new if isinstance(item, FlowVersion)]
    if not versions:
        return
    with session.no_autoflush:
        for version in versions:
            for name in sorted(bots_in(version.document)):
                record = session.get(BotRecord, name)
                if record is None or record.provider != "native" or not record.native_revision:
                    continue
                session.add(FlowVersionBot(flow_version=version, bot_name=name,
                                           native_revision=record.native_revision,
                                           native_hash=record.native_hash or ""))


def listen_for_publishing() -> None:
    """Attach the listener to the Designer's session once per process (apps share `db`)."""
    if not sa.event.contains(db.session, "before_flush", pin_native_bots):
        sa.event.listen(db.session, "before_flush", pin_native_bots)
