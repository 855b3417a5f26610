"""Writing batches into SQLite and PostgreSQL: new events only, session records, roll-ups, and
the same figures however the events are batched or replayed."""

from __future__ import annotations

import sqlalchemy as sa

from runtime.analytics.records import EventRecord
from runtime.analytics.sql_store import SqlAnalyticsStore, dimension_id
from tests.runtime.analytics.conftest import table_rows
from tests.runtime.analytics.helpers import SessionScript

T0 = 1_800_000_000.0


def call(session_id: str, *, hang_up: bool = False, start: float = T0) -> SessionScript:
    script = SessionScript(session_id, start).add("session_start").add("phase", phase="self_service")
    script.visit("menu").at(start + 5).add("input_outcome", "menu", outcome="nomatch")
    script.at(start + 9).add("input_outcome", "menu", outcome="match").add("port_taken", "menu", port="2")
    script.visit("pay", "next").add("milestone", "pay", name="paid")
    if hang_up:
        return script.visit("survey").at(start + 40).add("hangup", "survey", reason="caller") \
            .add("session_end", reason="hangup")
    return script.visit("bye").at(start + 20).add("session_end", reason="completed")


def block_counts(store: SqlAnalyticsStore, metric: str) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}
    for row in table_rows(store, store.tables.block_hours):
        if row["metric"] == metric:
            key = (str(row["block"]), str(row["key"]))
            counts[key] = counts.get(key, 0) + int(row["count"])  # type: ignore[call-overload]
    return counts


def test_a_session_becomes_a_record_and_roll_ups(store: SqlAnalyticsStore) -> None:
    records = call("c-1").records() + call("c-2", hang_up=True).records()
    assert store.write(records) == len(records)
    sessions = {row["session_id"]: row for row in table_rows(store, store.tables.sessions)}
    assert sessions["c-1"]["outcome"] == "contained" and sessions["c-1"]["duration_s"] == 20.0
    assert sessions["c-1"]["path"] == "menu>pay>bye" and sessions["c-1"]["milestones"] == "|paid|"
    assert sessions["c-2"]["outcome"] == "abandoned" and sessions["c-2"]["last_block"] == "survey"
    minutes = table_rows(store, store.tables.session_minutes)
    assert len(minutes) == 1
    assert {k: minutes[0][k] for k in ("started", "ended", "contained", "abandoned")} == \
        {"started": 2, "ended": 2, "contained": 1, "abandoned": 1}
    assert block_counts(store, "visit") == {("menu", ""): 2, ("pay", ""): 2, ("bye", ""): 1,
                                            ("survey", ""): 1}
    assert block_counts(store, "input") == {("menu", "nomatch"): 2, ("menu", "match"): 2}
    assert block_counts(store, "dropoff") == {("survey", ""): 1}
    times = {row["block"]: row for row in table_rows(store, store.tables.block_hours)
             if row["metric"] == "time"}
    assert times["menu"]["total"] == 18.0 and times["menu"]["count"] == 2


def test_replays_and_overlapping_batches_count_once(store: SqlAnalyticsStore) -> None:
    records = call("c-1").records()
    assert store.write(records[:6]) == 6
    assert store.write(records[3:]) == len(records) - 6
    assert store.write(records) == 0
    assert store.write(list(reversed(records))) == 0
    with store.engine.connect() as conn:
        stored = conn.execute(sa.select(sa.func.count()).select_from(store.tables.events)).scalar_one()
    assert stored == len(records)
    assert block_counts(store, "visit") == {("menu", ""): 1, ("pay", ""): 1, ("bye", ""): 1}
    minutes = table_rows(store, store.tables.session_minutes)
    assert (minutes[0]["started"], minutes[0]["ended"]) == (1, 1)
    [session] = table_rows(store, store.tables.sessions)
    assert session["event_count"] == len(records) and session["outcome"] == "contained"


def test_module_blocks_count_for_the_module(store: SqlAnalyticsStore) -> None:
    script = SessionScript("m-1", T0).add("session_start").visit("verify")
    script.add("module_call", "verify", call="pin@2")
    script.visit("ask_pin", "next", module="pin@2").add("port_taken", "verify", port="next")
    script.add("session_end", reason="completed")
    store.write(script.records())
    owners = {(row["flow_id"], row["flow_version"], row["block"])
              for row in table_rows(store, store.tables.block_hours) if row["metric"] == "visit"}
    assert owners == {("demo", "1", "verify"), ("pin", "2", "ask_pin")}


def test_dimensions_are_stable_ids(store: SqlAnalyticsStore) -> None:
    records: list[EventRecord] = call("c-1", start=T0).records()
    records += SessionScript("c-9", T0, channel="chat").add("session_start").records()
    store.write(records)
    dims = table_rows(store, store.tables.dimensions)
    assert {row["channel"] for row in dims} == {"voice", "chat"}
    voice = next(row for row in dims if row["channel"] == "voice")
    assert voice["id"] == dimension_id(("live", "demo", "1", "", "voice", ""))
