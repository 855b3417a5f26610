"""The Surveys figures: survey answers recorded through the application's own sink, then
aggregated per question with filters and groups, as JSON and CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import Flask

from designer_ui.analytics import analytics_sink
from interpreter.engine.events import Input
from runtime.analytics.context import AnalyticsContext
from tests.designer_ui.analytics.conftest import flush
from tests.designer_ui.analytics.test_figures import EVERYTHING
from tests.designer_ui.helpers import Api
from tests.interpreter.engine.harness import Driver
from tests.interpreter.engine.test_survey import survey_flow

ANSWERS = (  # session, channel, flow, queue, agent, replies
    ("s-1", "voice", "support", "billing", "alice", [Input("dtmf", "5"), Input("dtmf", "1"),
                                                     Input("dtmf", "0")]),
    ("s-2", "chat", "support", "billing", "bob", [Input("text", "3"), Input("text", "no"),
                                                  Input("text", "8"), Input("text", "Slow")]),
    ("s-3", "chat", "sales", "sales", "alice", [Input("text", "4"), Input("text", "yes"),
                                                Input("text", "nope-nope")]),
)


def record_surveys(app: Flask) -> None:
    sink = analytics_sink(app)
    for session, channel, flow, queue, agent, replies in ANSWERS:
        driver = Driver(survey_flow(), channel)
        driver.start(system={"Routing": {"queue": queue, "agent": agent}})
        for reply in replies:
            driver.send(reply)
        sink.record(driver.events, AnalyticsContext(session, flow, "1", channel,
                                                    environment="live"))
    flush(app)


def by_question(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {entry["question"]: entry for entry in body["questions"]}


def test_figures_per_question(app: Flask, business: Api) -> None:
    record_surveys(app)
    body = business.get("analytics/surveys", query_string=EVERYTHING).json
    questions = by_question(body)
    satisfaction = questions["satisfaction"]
    assert (satisfaction["responses"], satisfaction["average"]) == (3, 4.0)
    assert satisfaction["distribution"] == {"1": 0, "2": 0, "3": 1, "4": 1, "5": 1}
    assert questions["resolved"]["distribution"] == {"yes": 2, "no": 1}
    assert questions["resolved"]["average"] == round(2 / 3, 4)
    nps = questions["nps"]
    assert (nps["responses"], nps["scale"], nps["distribution"]["10"]) == (2, 10, 1)
    assert questions["comment"]["latest"] == ["Slow"] and questions["comment"]["average"] is None


def test_filters_and_groups(app: Flask, business: Api) -> None:
    record_surveys(app)
    alice = by_question(business.get("analytics/surveys", query_string={
        **EVERYTHING, "agent": "alice"}).json)
    assert alice["satisfaction"]["responses"] == 2 and "comment" not in alice
    billing_chat = by_question(business.get("analytics/surveys", query_string={
        **EVERYTHING, "queue": "billing", "channel": "chat"}).json)
    assert billing_chat["satisfaction"]["distribution"]["3"] == 1
    sales = by_question(business.get("analytics/surveys", query_string={
        **EVERYTHING, "flow": "sales"}).json)
    assert sales["satisfaction"]["average"] == 4.0 and "nps" not in sales
    grouped = business.get("analytics/surveys", query_string={
        **EVERYTHING, "group_by": "queue"}).json["questions"]
    per_queue = {(e["group"], e["question"]): e["responses"] for e in grouped}
    assert per_queue[("billing", "satisfaction")] == 2 and per_queue[("sales", "resolved")] == 1
    days = business.get("analytics/surveys", query_string={**EVERYTHING, "group_by": "day"}).json
    assert all(len(entry["group"]) == 10 for entry in days["questions"])
    empty = business.get("analytics/surveys", query_string={
        "from": "2020-01-01T00:00:00Z", "to": "2020-01-02T00:00:00Z"}).json
    assert empty["questions"] == []


def test_csv_and_bad_queries(app: Flask, business: Api) -> None:
    record_surveys(app)
    response = business.get("analytics/surveys", query_string={**EVERYTHING, "format": "csv"})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = {row["question"]: row for row in csv.DictReader(io.StringIO(
        response.get_data(as_text=True)))}
    assert rows["satisfaction"]["distribution"] == "1=0 2=0 3=1 4=1 5=1"
    assert (rows["satisfaction"]["responses"], rows["satisfaction"]["average"]) == ("3", "4.0")
    bad = business.get("analytics/surveys", query_string={"group_by": "colour"})
    assert bad.status_code == 400
    assert business.get("analytics/surveys", query_string={"agent": "x" * 101}).status_code == 400


def test_agents_see_no_survey_figures(as_role: Any) -> None:
    assert as_role("reviewer").get("analytics/surveys").status_code == 403
