"""The paths report names blocks by their labels (the draft's, else the newest version's that
still has the block), so the Analytics page reads like the canvas; the path itself keeps ids."""

from __future__ import annotations

import json
from typing import Any

from tests.designer_ui.analytics.conftest import Recorded
from tests.designer_ui.analytics.scenarios import EXAMPLES
from tests.designer_ui.helpers import Api

EVERYTHING = {"from": "2026-11-01T00:00:00Z", "to": "2030-01-01T00:00:00Z"}


def paths(api: Api) -> Any:
    response = api.get("analytics/flows/order-status-chat/paths", query_string=EVERYTHING)
    assert response.status_code == 200, response.json
    return response.json


def test_paths_carry_block_labels_from_the_draft_then_from_published_versions(
        developer: Api, business: Api, recorded: Recorded) -> None:
    assert paths(business)["labels"] == {}  # no such flow in this Designer: ids only
    document = json.loads((EXAMPLES / "order-status-chat.json").read_text())
    assert developer.post("flows", json={"document": document}).status_code == 201
    assert developer.post("flows/order-status-chat/versions", json={"comment": "v1"}).status_code == 201

    report = paths(business)
    assert [p["path"][:2] for p in report["paths"]] == [["greet", "ask_order"]] * 4
    visited = {block for p in report["paths"] for block in p["path"]}
    assert report["labels"] == {block: document["blocks"][block]["label"] for block in visited}
    assert report["labels"]["ask_order"] == "Ask order number"

    # Renamed in the draft: the draft's label wins; removed from the draft: the version's label.
    draft = developer.get("flows/order-status-chat")
    changed = draft.json["document"]
    changed["blocks"]["greet"]["label"] = "Welcome"
    del changed["blocks"]["ms_handoff"]
    changed["blocks"]["attach_order"]["next"] = {"next": "say_connecting"}
    saved = developer.put("flows/order-status-chat", json={"document": changed},
                          headers={"If-Match": draft.headers["ETag"]})
    assert saved.status_code == 200, saved.json
    labels = paths(business)["labels"]
    assert labels["greet"] == "Welcome"
    assert labels["ms_handoff"] == "Handed to care team"
