"""The audit log's filters (user, object, action, period) and its CSV export."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

from flask import Flask

from designer_ui.extensions import db
from designer_ui.models import AuditEntry
from tests.designer_ui.helpers import Api


def _entries(app: Flask) -> None:
    now = datetime.now(UTC)
    rows = [
        (now - timedelta(days=10), "ann", "user.create", "user:bea", {"roles": ["business"]}),
        (now - timedelta(days=5), "ann", "user.update", "user:bea", {"changed": ["roles"]}),
        (now - timedelta(days=2), "bob", "entry_point.create", "entry_point:1",
         {"address": "=HYPERLINK(1)"}),
        (now - timedelta(hours=1), "bob", "flow.save", "flow:hello", {}),
        (now - timedelta(minutes=5), "bob", "flow.save", "flow:hello_2", {}),
    ]
    with app.app_context():
        for at, user, action, obj, details in rows:
            db.session.add(AuditEntry(at=at, username=user, action=action, object=obj,
                                      details=details))
        db.session.commit()


def _actions(response: object) -> list[str]:
    return [entry["action"] for entry in response.json]  # type: ignore[attr-defined]


def test_filters_by_user_object_action_and_period(app: Flask, admin: Api) -> None:
    _entries(app)
    assert _actions(admin.get("audit?user=ann")) == ["user.update", "user.create"]
    assert len(admin.get("audit?object=user:bea").json) == 2
    assert _actions(admin.get("audit?object=entry_point:")) == ["entry_point.create"]
    assert [e["object"] for e in admin.get("audit?object=flow:hello").json] == ["flow:hello"]
    assert len(admin.get("audit?object=flow:").json) == 2
    assert _actions(admin.get("audit?action=user.")) == ["user.update", "user.create"]
    assert admin.get("audit?object=flow_").json == []
    start = (datetime.now(UTC) - timedelta(days=6)).isoformat()
    end = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    period = admin.get("audit", query_string={"from": start, "to": end})
    assert _actions(period) == ["entry_point.create", "user.update"]
    paged = admin.get("audit?user=bob&limit=1&offset=1").json
    assert [e["object"] for e in paged] == ["flow:hello"]


def test_bad_filters_are_refused(admin: Api) -> None:
    backwards = admin.get("audit", query_string={"from": "2024-02-01T00:00:00Z",
                                                 "to": "2024-01-01T00:00:00Z"})
    assert backwards.status_code == 400 and "from" in backwards.json["error"]["details"]["fields"]
    assert admin.get("audit?from=yesterday").status_code == 400
    assert admin.get("audit?limit=5000").status_code == 400
    assert admin.get("audit?format=xml").status_code == 400
    assert admin.get("audit?object=" + "x" * 300).status_code == 400


def test_csv_export_with_filters(app: Flask, admin: Api) -> None:
    _entries(app)
    response = admin.get("audit?user=bob&format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "audit-log.csv" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [row["object"] for row in rows] == ["flow:hello_2", "flow:hello", "entry_point:1"]
    assert rows[0]["user"] == "bob" and rows[0]["at"].endswith("Z")
    details = rows[2]["details"]
    assert json.loads(details) == {"address": "=HYPERLINK(1)"}


def test_csv_export_is_capped(app: Flask, admin: Api) -> None:
    _entries(app)
    app.config["AUDIT_CSV_MAX_ROWS"] = 2
    try:
        text = admin.get("audit?format=csv").get_data(as_text=True)
    finally:
        app.config["AUDIT_CSV_MAX_ROWS"] = 100_000
    assert len(list(csv.DictReader(io.StringIO(text)))) == 2


def test_only_admins_read_the_log(developer: Api) -> None:
    assert developer.get("audit?format=csv").status_code == 403
