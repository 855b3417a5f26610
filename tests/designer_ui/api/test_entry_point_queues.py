"""Entry points that name a queue: created and changed with `queue` instead of `flow_id`,
refused clearly (unknown queue 404, a queue without the entry point's channel 422, both or
neither 400), listed with the queue's name, keeping their queue from deletion (409), and
telling the workers when their queue is renamed."""

from __future__ import annotations

from flask import Flask

from designer_ui.extensions import db
from designer_ui.models.routing import read_routing_revision
from tests.designer_ui.helpers import Api, hello_flow


def _queue(business: Api, name: str, channels: list[str]) -> int:
    made = business.post("queues", json={"name": name, "channels": channels})
    assert made.status_code == 201, made.json
    return int(made.json["id"])


def test_an_entry_point_leads_straight_into_a_queue(developer: Api, business: Api) -> None:
    support = _queue(business, "support", ["voice", "chat"])
    created = developer.post("entry-points", json={"kind": "phone", "address": "+18005550700",
                                                    "queue": "support"})
    assert created.status_code == 201, created.json
    assert (created.json["queue"], created.json["flow_id"]) == ("support", None)
    listed = developer.get("entry-points").json
    assert [(e["address"], e["queue"]) for e in listed] == [("+18005550700", "support")]
    in_use = business.delete(f"queues/{support}")
    assert in_use.status_code == 409 and "+18005550700" in in_use.json["error"]["message"]
    developer.create_flow(hello_flow())
    to_flow = developer.put(f"entry-points/{created.json['id']}",
                            json={"kind": "phone", "address": "+18005550700", "flow_id": "hello"})
    assert to_flow.status_code == 200 and to_flow.json["queue"] is None
    assert business.delete(f"queues/{support}").status_code == 204


def test_a_bad_queue_is_refused_clearly(developer: Api, business: Api) -> None:
    _queue(business, "chat-only", ["chat"])
    unknown = developer.post("entry-points", json={"kind": "chat", "address": "web",
                                                    "queue": "nope"})
    assert unknown.status_code == 404 and unknown.json["error"]["code"] == "unknown_queue"
    assert "no queue named 'nope'" in unknown.json["error"]["message"]
    wrong = developer.post("entry-points", json={"kind": "phone", "address": "+18005550701",
                                                  "queue": "chat-only"})
    assert wrong.status_code == 422 and wrong.json["error"]["code"] == "wrong_channel"
    for body in ({"queue": "chat-only", "flow_id": "hello"}, {}):
        both = developer.post("entry-points", json={"kind": "chat", "address": "web", **body})
        assert both.status_code == 400, body
        assert "give exactly one" in str(both.json["error"]["details"])
    assert developer.post("entry-points", json={"kind": "chat", "address": "web",
                                                "queue": "chat-only"}).status_code == 201


def test_renaming_a_queue_entry_points_lead_into_reaches_the_workers(
        app: Flask, developer: Api, business: Api) -> None:
    support = _queue(business, "renamed-support", ["chat"])
    assert developer.post("entry-points", json={"kind": "chat", "address": "renamed",
                                                "queue": "renamed-support"}).status_code == 201

    def revision() -> int:
        with app.app_context():
            return read_routing_revision(db.session.connection())

    before = revision()
    assert business.patch(f"queues/{support}", json={"rona_seconds": 20}).status_code == 200
    assert revision() == before  # nothing an entry point reads changed
    renamed = business.patch(f"queues/{support}", json={"name": "care-desk"})
    assert renamed.status_code == 200
    assert revision() == before + 1
    assert developer.get("entry-points").json[0]["queue"] == "care-desk"
