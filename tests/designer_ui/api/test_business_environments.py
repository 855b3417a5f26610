"""Business Controls per environment, announcements, and copying controls between
environments with the difference shown first, under the flow-promotion role rules."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from designer_ui.extensions import db
from designer_ui.models import AuditEntry
from tests.designer_ui.helpers import Api

HOLIDAYS = [{"date": "2026-12-25", "name": "Christmas"}, {"date": "2027-01-01", "name": "New Year"}]


def test_each_environment_holds_its_own_value(business: Api) -> None:
    assert business.put("business/emergency/storm?environment=test",
                        json={"on": True}).status_code == 200
    assert business.get("business/emergency/storm?environment=live").status_code == 404
    assert business.put("business/emergency/storm", json={"on": False}).json["environment"] == \
        "live"
    assert business.get("business/emergency/storm?environment=test").json["on"] is True
    assert business.get("business/emergency/storm").json["on"] is False
    listed = business.get("business/emergency?environment=dev").json
    assert listed == []
    wrong = business.get("business/emergency?environment=prod")
    assert wrong.status_code == 400 and "no environment 'prod'" in str(wrong.json)


def test_announcements_are_validated_and_versioned(business: Api) -> None:
    url = "business/announcements/holiday-notice?environment=test"
    assert business.put(url, json={}).status_code == 400
    assert business.put(url, json={"texts": {"english": "Hi"}}).status_code == 400
    backwards = business.put(url, json={"texts": {"en-US": "Hi"},
                                        "starts_at": "2026-12-24T00:00:00Z",
                                        "ends_at": "2026-12-20T00:00:00Z"})
    assert backwards.status_code == 400
    first = business.put(url, json={"texts": {"en-US": "Closed on the 25th."},
                                    "recordings": {"en-US": "holiday-audio"},
                                    "starts_at": "2026-12-01T00:00:00Z"}).json
    assert first["version"] == 1 and first["recordings"] == {"en-US": "holiday-audio"}
    assert first["starts_at"] == "2026-12-01T00:00:00Z" and first["ends_at"] is None
    second = business.put(url, json={"texts": {"en-US": "Closed on the 25th and 26th."}}).json
    assert second["version"] == 2
    assert business.put(url, json={"texts": {"en-US": "x" * 10_001}}).status_code == 400


def test_promotion_shows_the_difference_then_copies(app: Flask, business: Api,
                                                    as_role: Callable[..., Api]) -> None:
    for environment, rows in (("test", HOLIDAYS), ("live", HOLIDAYS[:1])):
        changed = [dict(row) for row in rows]
        if environment == "test":
            changed[0]["name"] = "Christmas Day"
        assert business.put(f"business/tables/holidays?environment={environment}",
                            json={"key": "date", "rows": changed}).status_code == 200
    assert business.put("business/emergency/storm?environment=test",
                        json={"on": True}).status_code == 200
    assert business.put("business/announcements/holiday-notice?environment=test",
                        json={"texts": {"en-US": "Closed."}}).status_code == 200

    diff = business.get("business/promotion?from=test&to=live").json
    assert diff["summary"] == ("test -> live: 2 rows changed in `holidays`, emergency `storm` "
                               "on, new announcement `holiday-notice`")
    assert diff["applied"] is False
    assert {(c["kind"], c["name"], c["change"]) for c in diff["changes"]} == {
        ("tables", "holidays", "changed"), ("emergency", "storm", "added"),
        ("announcements", "holiday-notice", "added")}
    assert business.get("business/emergency/storm?environment=live").status_code == 404

    # the flow-promotion rules: live needs an admin or a business user allowed to promote
    assert business.post("business/promotion", json={"from": "test", "to": "live"}
                         ).status_code == 403
    assert business.post("business/promotion", json={"from": "dev", "to": "test"}
                         ).status_code == 403
    assert business.post("business/promotion", json={"from": "test", "to": "test"}
                         ).status_code == 400
    promoter = as_role("business", can_promote_live=True)
    done = promoter.post("business/promotion", json={"from": "test", "to": "live"}).json
    assert done["applied"] is True and done["summary"] == diff["summary"]
    assert business.get("business/emergency/storm?environment=live").json["on"] is True
    assert business.get("business/tables/holidays?environment=live").json["rows"][0][
        "name"] == "Christmas Day"
    assert business.get("business/promotion?from=test&to=live").json["summary"] == \
        "test -> live: no changes"
    with app.app_context():
        entry = db.session.execute(db.select(AuditEntry).where(
            AuditEntry.action == "business.promote")).scalar_one()
        assert entry.details["summary"] == diff["summary"]
        assert entry.username == "business-live"
