"""The chat transcript purge the retention purge runs: on the chat store the Designer serves,
with its retention (`CHAT_TRANSCRIPT_RETENTION_DAYS`) and the legal holds in force."""

from __future__ import annotations

from flask import Flask

from designer_ui.chat.service import EXTENSION, chat_service
from designer_ui.retention.chat_holds import chat_holds
from runtime.sessions import SessionNotFoundError, SessionStore
from runtime.sessions.store import SWEEP_BATCH, TranscriptPurge


def purge_chat_transcripts(app: Flask, now: float, *, dry_run: bool = False
                           ) -> TranscriptPurge | None:
    """Purge the chat store's expired transcripts (holds honoured); None when the app serves no
    chat. A dry run counts without deleting."""
    if EXTENSION not in app.extensions:
        return None
    store: SessionStore = chat_service(app).settings.runtime.open_store()
    try:
        store.legal_holds = chat_holds(app)
        if dry_run:
            return _count(store, now)
        return store.purge_transcripts_report(now=now)
    finally:
        store.close()


def _count(store: SessionStore, now: float) -> TranscriptPurge:
    cutoff = now - store.retention_days * 86400.0
    rule = store.legal_holds() if store.legal_holds is not None else None
    purged = held = 0
    while True:
        ids = store.ended_ids(cutoff, SWEEP_BATCH, skip=purged + held)
        for session_id in ids:
            try:
                kept = rule is not None and rule(store.load(session_id))
            except SessionNotFoundError:
                continue
            held += kept
            purged += not kept
        if len(ids) < SWEEP_BATCH:
            return TranscriptPurge(cutoff, purged, held)
