"""The contract every session store keeps, run against SQLite and Redis alike."""

from __future__ import annotations

from dataclasses import replace

import pytest

from runtime.sessions import (
    AGENT,
    ENDED,
    FLOW,
    QUEUED,
    SYSTEM,
    VISITOR,
    DuplicateMessageError,
    SessionExistsError,
    SessionNotFoundError,
    SessionStore,
    StaleSessionError,
    Timer,
    open_session_store,
)
from tests.runtime.sessions.stores import new_record, text

T0 = 1_000_000.0


def test_a_created_session_loads_back_exactly(store: SessionStore) -> None:
    record = new_record(waiting={"for": "visitor", "block": "menu", "options": [{"key": "1"}]},
                        timer=Timer(T0 + 5, "noinput", "menu"), meta={"visitor_id": "v-1"},
                        state={"vars": {"name": "Zoë", "n": 1.5}, "stack": []})
    saved = store.create(record, [text(FLOW, "Welcome"), text(FLOW, "Pick one")])
    assert saved.record.version == 1 and saved.record.last_seq == 2
    assert [(m.seq, m.version) for m in saved.messages] == [(1, 1), (2, 1)]
    assert store.load("s1") == saved.record
    assert store.messages_after("s1") == saved.messages


def test_a_session_is_created_once(store: SessionStore) -> None:
    store.create(new_record())
    with pytest.raises(SessionExistsError):
        store.create(new_record())
    with pytest.raises(ValueError, match="version 0"):
        store.create(new_record("s2", version=3))


def test_missing_sessions_are_reported(store: SessionStore) -> None:
    with pytest.raises(SessionNotFoundError):
        store.load("nope")
    with pytest.raises(SessionNotFoundError):
        store.save(new_record("nope", version=1))
    assert store.messages_after("nope") == []
    assert store.find_client_message("nope", "c1") is None


def test_a_save_advances_the_version_and_numbers_messages_on(store: SessionStore) -> None:
    first = store.create(new_record(), [text(FLOW, "Hi")]).record
    second = store.save(replace(first, state={"vars": {"n": 1}}, updated_at=T0 + 1),
                        [text(VISITOR, "1"), text(FLOW, "Ok")])
    assert second.record.version == 2 and second.record.last_seq == 3
    assert [m.seq for m in second.messages] == [2, 3]
    loaded = store.load("s1")
    assert loaded.state == {"vars": {"n": 1}} and loaded.updated_at == T0 + 1
    assert [m.text for m in store.messages_after("s1")] == ["Hi", "1", "Ok"]


def test_a_stale_save_is_refused_and_writes_nothing(store: SessionStore) -> None:
    first = store.create(new_record()).record
    store.save(replace(first, state={"winner": True}), [text(VISITOR, "mine")])
    with pytest.raises(StaleSessionError):
        store.save(replace(first, state={"winner": False}), [text(VISITOR, "lost")])
    assert store.load("s1").state == {"winner": True}
    assert [m.text for m in store.messages_after("s1")] == ["mine"]


def test_a_client_message_id_is_recorded_once(store: SessionStore) -> None:
    record = store.create(new_record()).record
    record = store.save(record, [text(VISITOR, "hello", client_message_id="c-1")]).record
    with pytest.raises(DuplicateMessageError):
        store.save(record, [text(VISITOR, "hello", client_message_id="c-1")])
    with pytest.raises(DuplicateMessageError):
        store.save(record, [text(VISITOR, "a", client_message_id="c-2"),
                            text(VISITOR, "b", client_message_id="c-2")])
    assert store.load("s1").version == record.version
    found = store.find_client_message("s1", "c-1")
    assert found is not None and found.text == "hello" and found.seq == 1
    assert store.find_client_message("s1", "c-2") is None
    assert [m.text for m in store.messages_after("s1")] == ["hello"]


def test_reconnecting_clients_get_exactly_what_they_missed(store: SessionStore) -> None:
    record = store.create(new_record(), [text(FLOW, f"m{i}") for i in range(1, 6)]).record
    store.save(record, [text(AGENT, "m6")])
    assert [m.seq for m in store.messages_after("s1", 4)] == [5, 6]
    assert [m.text for m in store.messages_after("s1", 2, limit=2)] == ["m3", "m4"]
    assert store.messages_after("s1", 6) == []
    ids = [m.id for m in store.messages_after("s1")]
    assert len(set(ids)) == 6


def test_due_timers_follow_the_saved_session(store: SessionStore) -> None:
    store.create(new_record("late", timer=Timer(T0 + 30, "noinput", "menu")))
    soon = store.create(new_record("soon", timer=Timer(T0 + 10, "route", "queue"))).record
    store.create(new_record("none"))
    assert store.due_timers(T0 + 5) == []
    assert store.due_timers(T0 + 10) == ["soon"]
    assert store.due_timers(T0 + 60) == ["soon", "late"]
    store.save(replace(soon, timer=None))
    assert store.due_timers(T0 + 60) == ["late"]


def test_idle_sessions_are_ended_with_a_note(store: SessionStore) -> None:
    store.create(new_record("idle", timer=Timer(T0 + 5, "noinput", "menu")))
    store.create(new_record("busy", now=T0 + 500))
    store.create(new_record("over", status=ENDED))
    assert store.expire_idle(T0 + 599) == []
    assert store.expire_idle(T0 + 700) == ["idle"]
    idle = store.load("idle")
    assert idle.status == ENDED and idle.timer is None and idle.updated_at == T0 + 700
    last = store.messages_after("idle")[-1]
    assert last.author == SYSTEM and last.data == {"event": "ended", "reason": "idle"}
    assert store.due_timers(T0 + 1000) == []
    assert store.expire_idle(T0 + 700) == []
    assert store.expire_idle(T0 + 1200) == ["busy"]


def test_transcripts_are_purged_after_retention(store: SessionStore) -> None:
    day = 86400.0
    store.create(new_record("old", status=ENDED), [text(FLOW, "bye")])
    store.create(new_record("recent", status=ENDED, now=T0 + 80 * day))
    store.create(new_record("open", status=QUEUED))
    assert store.purge_transcripts(now=T0 + 89 * day) == 0
    assert store.purge_transcripts(now=T0 + 91 * day) == 1
    with pytest.raises(SessionNotFoundError):
        store.load("old")
    assert store.messages_after("old") == []
    assert store.load("recent").status == ENDED and store.load("open").status == QUEUED
    assert store.purge_transcripts(older_than=T0 + 81 * day) == 1
    with pytest.raises(ValueError):
        store.purge_transcripts()


def test_append_adds_messages_outside_a_flow_step(store: SessionStore) -> None:
    store.create(new_record(timer=Timer(T0 + 5, "noinput", "menu")))
    store.append("s1", [text(AGENT, "I'm here")])
    saved = store.append("s1", [text(SYSTEM, "closed")], status=ENDED, now=T0 + 9)
    assert saved.record.version == 3 and saved.record.timer is None
    assert saved.record.updated_at == T0 + 9
    assert [m.text for m in store.messages_after("s1")] == ["I'm here", "closed"]


def test_unknown_statuses_are_refused(store: SessionStore) -> None:
    with pytest.raises(ValueError, match="status"):
        store.create(new_record(status="lost"))


def test_another_connection_sees_every_save(store_and_url: tuple[str, SessionStore]) -> None:
    url, store = store_and_url
    other = open_session_store(url)
    try:
        record = store.create(new_record(), [text(FLOW, "Hi")]).record
        assert other.load("s1") == record
        other.save(record, [text(VISITOR, "there")])
        with pytest.raises(StaleSessionError):
            store.save(record)
        assert [m.text for m in store.messages_after("s1")] == ["Hi", "there"]
    finally:
        other.close()
