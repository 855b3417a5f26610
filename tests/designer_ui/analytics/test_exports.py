"""Session records and aggregates as JSON and CSV, for customers' own BI tools."""

from __future__ import annotations

import csv
import io

from tests.designer_ui.analytics.conftest import Recorded
from tests.designer_ui.analytics.test_figures import EVERYTHING
from tests.designer_ui.helpers import Api


def csv_rows(api: Api, path: str, **params: str) -> list[dict[str, str]]:
    response = api.get(f"analytics/{path}", query_string={**EVERYTHING, "format": "csv", **params})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_session_records_as_json_and_csv(developer: Api, recorded: Recorded) -> None:
    page = developer.get("analytics/sessions", query_string={**EVERYTHING, "limit": 2}).json
    assert page["total"] == 7 and len(page["sessions"]) == 2
    rows = csv_rows(developer, "sessions")
    assert len(rows) == 7
    by_id = {row["session_id"]: row for row in rows}
    served = by_id[recorded.chat[0]]
    assert served["outcome"] == "contained" and served["channel"] == "chat"
    assert served["entry_point"] == "support-chat" and served["environment"] == "live"
    assert served["path"].startswith("greet>ask_order>") and served["milestones"] == "order_found"
    assert by_id[recorded.voice[1]]["end_reason"] == "transferred"
    abandoned = csv_rows(developer, "sessions", outcome="abandoned")
    assert {row["session_id"] for row in abandoned} == {recorded.chat[2], recorded.voice[2]}


def test_one_session_with_its_events(business: Api, recorded: Recorded) -> None:
    session_id = recorded.chat[1]
    detail = business.get(f"analytics/sessions/{session_id}").json
    assert detail["outcome"] == "routed" and detail["reached_assisted"] is True
    seqs = [event["seq"] for event in detail["events"]]
    assert seqs == list(range(1, len(seqs) + 1)) == list(range(1, detail["event_count"] + 1))
    assert detail["events"][0]["id"] == f"{session_id}:1"
    assert detail["events"][0]["kind"] == "session_start"
    assert business.get("analytics/sessions/nope").status_code == 404


def test_aggregates_as_csv(business: Api, recorded: Recorded) -> None:
    [summary] = csv_rows(business, "summary", channel="chat")
    assert (summary["sessions"], summary["contained"], summary["containment_rate"]) == ("4", "1", "0.25")
    points = csv_rows(business, "series", channel="chat", bucket="1440")
    assert sum(int(point["sessions"]) for point in points) == 4
    blocks = csv_rows(business, "flows/order-status-chat/blocks")
    share = next(row for row in blocks if row["block"] == "ask_order" and row["key"] == "nomatch"
                 and row["metric"] == "port")
    assert (share["count"], share["rate"]) == ("1", "0.3333")
    paths = csv_rows(business, "flows/order-status-chat/paths")
    assert sum(int(row["sessions"]) for row in paths) == 4
    funnel = csv_rows(business, "flows/order-status-chat/funnel", milestones="order_found")
    assert funnel == [{"step": "1", "milestone": "order_found", "sessions": "2", "rate": "0.5",
                       "rate_from_previous": "0.5"}]
    milestones = csv_rows(business, "flows/order-status-chat/milestones")
    assert {row["name"] for row in milestones} == {"order_found", "handoff"}


def test_bad_queries(business: Api) -> None:
    wrong = business.get("analytics/summary", query_string={"from": "2026-02-01T00:00:00Z",
                                                            "to": "2026-01-01T00:00:00Z"})
    assert wrong.status_code == 400 and "from" in wrong.json["error"]["details"]["fields"]
    assert business.get("analytics/summary?origin=staging").status_code == 400
    assert business.get("analytics/summary?format=xml").status_code == 400
    assert business.get("analytics/flows/x/funnel?milestones=,").status_code == 400


def test_status_shows_the_writer(admin: Api, recorded: Recorded) -> None:
    status = admin.get("analytics/status").json
    assert status["retention_days"] == 90
    writer = status["writer"]
    assert writer["dropped"] == 0 and writer["queued"] == 0 and writer["written"] >= 100
