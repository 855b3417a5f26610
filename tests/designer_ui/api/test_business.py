"""Business Controls: hours, special days, emergency flags, data tables (JSON and CSV)."""

from __future__ import annotations

from tests.designer_ui.helpers import Api


def test_hours_are_checked_and_stored(business: Api, developer: Api) -> None:
    schedule = {"mon-fri": "08:00-18:00", "timezone": "America/New_York"}
    saved = business.put("business/hours/main", json={"schedule": schedule})
    assert saved.status_code == 200 and saved.json["updated_by"] == "business"
    assert developer.get("business/hours/main").json["schedule"] == schedule
    assert [item["name"] for item in developer.get("business/hours").json] == ["main"]
    bad = business.put("business/hours/main", json={"schedule": {"mon": "25:00-26:00"}})
    assert bad.status_code == 400 and bad.json["error"]["details"]["problems"]
    assert developer.put("business/hours/main", json={"schedule": schedule}).status_code == 403
    assert business.get("business/hours/none").status_code == 404
    assert business.put("business/hours/..bad", json={"schedule": schedule}).status_code == 400
    assert business.delete("business/hours/main").status_code == 204


def test_special_days_and_emergency(business: Api) -> None:
    days = ["2026-12-25", {"date": "2026-12-24", "name": "Eve", "hours": "08:00-12:00"}]
    assert business.put("business/special-days/main", json={"days": days}).status_code == 200
    assert business.get("business/special-days/main").json["days"] == days
    assert business.put("business/special-days/main",
                        json={"days": ["not a date"]}).status_code == 400
    assert business.put("business/emergency/storm", json={"on": True}).json["on"] is True
    assert business.get("business/emergency/storm").json["on"] is True
    assert business.put("business/emergency/storm", json={"on": "maybe"}).status_code == 400


def test_tables_json_and_csv(business: Api) -> None:
    rows = [{"ani": "+1555", "tier": "gold"}, {"ani": "+1666", "tier": "=cmd()"}]
    saved = business.put("business/tables/vip", json={"rows": rows})
    assert saved.status_code == 200
    assert saved.json["key"] == "ani" and saved.json["columns"] == ["ani", "tier"]
    exported = business.get("business/tables/vip/csv")
    assert exported.mimetype == "text/csv"
    assert exported.data.decode().splitlines() == ["ani,tier", "+1555,gold", "+1666,'=cmd()"]
    round_trip = business.put("business/tables/copy/csv", data=exported.data,
                              headers={"Content-Type": "text/csv"})
    assert round_trip.json["rows"] == rows
    csv_text = "tier,ani\ngold,+1777\nsilver,+1888\n"
    imported = business.put("business/tables/vip/csv?key=ani", data=csv_text.encode(),
                            headers={"Content-Type": "text/csv"})
    assert imported.status_code == 200, imported.json
    assert imported.json["key"] == "ani" and len(imported.json["rows"]) == 2
    duplicate = business.put("business/tables/vip", json={"rows": [{"k": "1"}, {"k": "1"}]})
    assert duplicate.status_code == 400 and "repeats" in duplicate.json["error"]["message"]
    no_key = business.put("business/tables/vip", json={"key": "id", "rows": [{"name": "x"}]})
    assert no_key.status_code == 400
    assert business.put("business/tables/vip/csv", data=b"a,b\n1,2,3\n",
                        headers={"Content-Type": "text/csv"}).status_code == 400
    assert business.put("business/tables/vip/csv", data=b"a",
                        headers={"Content-Type": "application/pdf"}).status_code == 415
