"""The transcript purge keeps the sessions a legal hold names (SQLite and Redis): the rule is
asked once per purge, held sessions stay whatever their age and do not block the purge of the
others behind them, and a released hold lets the next purge take them."""

from __future__ import annotations

import pytest

from runtime.sessions import ENDED, FLOW, SessionNotFoundError, SessionRecord, SessionStore
from runtime.sessions.store import SWEEP_BATCH, HoldRule, TranscriptPurge
from tests.runtime.sessions.stores import new_record, text

T0 = 1_000_000.0
DAY = 86400.0


def ended(store: SessionStore, session_id: str, at: float, **changes: object) -> None:
    store.create(new_record(session_id, now=at, status=ENDED, **changes), [text(FLOW, "bye", at)])


def stored(store: SessionStore, ids: list[str]) -> set[str]:
    found = set()
    for session_id in ids:
        try:
            store.load(session_id)
        except SessionNotFoundError:
            continue
        found.add(session_id)
    return found


def test_held_sessions_stay_until_released(store: SessionStore) -> None:
    held_ids: set[str] = {"held"}
    asked: list[int] = []

    def current_rule() -> HoldRule | None:
        asked.append(1)
        return (lambda record: record.id in held_ids) if held_ids else None

    store.legal_holds = current_rule
    ended(store, "held", T0)
    ended(store, "free", T0 + 1)
    ended(store, "recent", T0 + 80 * DAY)
    report = store.purge_transcripts_report(now=T0 + 91 * DAY)
    assert report == TranscriptPurge(T0 + DAY, purged=1, held=1)
    assert asked == [1]  # once per purge, not per session
    assert stored(store, ["held", "free", "recent"]) == {"held", "recent"}
    assert store.messages_after("held")[-1].text == "bye"
    assert store.purge_transcripts(now=T0 + 91 * DAY) == 0  # still held

    held_ids.clear()
    assert store.purge_transcripts_report(now=T0 + 91 * DAY) == TranscriptPurge(T0 + DAY, 1, 0)
    assert stored(store, ["held", "recent"]) == {"recent"}
    assert store.messages_after("held") == []


def test_a_full_batch_of_held_sessions_does_not_stop_the_purge(store: SessionStore) -> None:
    """The oldest SWEEP_BATCH + 5 sessions are held; the ones after them still go."""
    held_count = SWEEP_BATCH + 5
    for number in range(held_count):
        ended(store, f"h{number:04d}", T0 + number, flow=new_record().flow)
    ended(store, "late-1", T0 + held_count + 1)
    ended(store, "late-2", T0 + held_count + 2)

    def by_prefix(record: SessionRecord) -> bool:
        return record.id.startswith("h")

    store.legal_holds = lambda: by_prefix
    report = store.purge_transcripts_report(now=T0 + 91 * DAY)
    assert (report.purged, report.held) == (2, held_count)
    assert stored(store, ["late-1", "late-2", "h0000", f"h{held_count - 1:04d}"]) == {
        "h0000", f"h{held_count - 1:04d}"}


def test_the_hold_rule_sees_the_flow_and_the_visitor(store: SessionStore) -> None:
    ended(store, "by-visitor", T0, meta={"visitor_id": "v-42"})
    ended(store, "other", T0, meta={"visitor_id": "v-7"})
    store.legal_holds = lambda: (lambda record: record.meta.get("visitor_id") == "v-42"
                                 and record.flow.id == "acme")
    assert store.purge_transcripts_report(now=T0 + 91 * DAY).held == 1
    assert stored(store, ["by-visitor", "other"]) == {"by-visitor"}


def test_a_failing_hold_lookup_purges_nothing(store: SessionStore) -> None:
    ended(store, "old", T0)

    def unreachable() -> HoldRule | None:
        raise ConnectionError("the Designer database is away")

    store.legal_holds = unreachable
    with pytest.raises(ConnectionError):
        store.purge_transcripts(now=T0 + 91 * DAY)
    assert stored(store, ["old"]) == {"old"}
