"""Survey answers reported by a `survey` block become survey results in the same transaction
as their events, once, on SQLite and PostgreSQL."""

from __future__ import annotations

from interpreter.engine.events import Input
from runtime.analytics.context import AnalyticsContext
from runtime.analytics.records import event_records
from runtime.analytics.sql_store import SqlAnalyticsStore, dimension_id
from tests.interpreter.engine.harness import Driver
from tests.interpreter.engine.test_survey import survey_flow
from tests.runtime.analytics.conftest import table_rows


def answered_on_chat(session_id: str, long_text: str) -> list:  # type: ignore[type-arg]
    driver = Driver(survey_flow(max_text_length=2000), "chat")
    driver.start(system={"Routing": {"queue": "billing", "agent": "alice"}})
    for reply in ("4", "yes", "9", long_text):
        driver.send(Input("text", reply))
    context = AnalyticsContext(session_id, "support", "3", "chat", environment="live")
    return event_records(driver.events, context)


def test_answers_become_results_once(store: SqlAnalyticsStore) -> None:
    comment = "Friendly and fast. " * 20
    records = answered_on_chat("s-1", comment)
    assert store.write(records) == len(records)
    assert store.write(records) == 0
    rows = sorted(table_rows(store, store.tables.survey_results), key=lambda r: r["seq"])  # type: ignore[arg-type, return-value]
    assert [(r["question"], r["type"], r["scale"], r["score"], r["answer"]) for r in rows] == [
        ("satisfaction", "scale", 5, 4.0, "4"), ("resolved", "yes_no", None, 1.0, "yes"),
        ("nps", "scale", 10, 9.0, "9"), ("comment", "text", None, None, comment.strip())]
    first = rows[0]
    assert (first["survey"], first["flow_id"], first["flow_version"]) == ("csat", "support", "3")
    assert (first["queue"], first["agent"], first["session_id"]) == ("billing", "alice", "s-1")
    assert first["dim_id"] == dimension_id(("live", "support", "3", "live", "chat", ""))


def test_answers_outside_the_allow_list_are_not_kept(store: SqlAnalyticsStore) -> None:
    records = answered_on_chat("s-2", "ok")
    stored = [r.data for r in records if r.kind == "survey_answer"]
    assert all(set(data or {}) <= {"survey", "question", "type", "scale", "answer", "queue",
                                   "agent"} for data in stored)
    store.write(records)
    assert len(table_rows(store, store.tables.survey_results)) == 4
