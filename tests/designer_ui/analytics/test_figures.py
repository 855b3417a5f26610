"""The figures the API reports for chat sessions (the real chat host) and voice calls through
the examples: counts, containment and per-port shares exactly as the sessions went."""

from __future__ import annotations

from typing import Any

import pytest

from tests.designer_ui.analytics.conftest import Recorded
from tests.designer_ui.analytics.scenarios import CHAT_EXPECTED, VOICE_EXPECTED
from tests.designer_ui.helpers import Api

EVERYTHING = {"from": "2026-11-01T00:00:00Z", "to": "2030-01-01T00:00:00Z"}


def get(api: Api, path: str, **params: Any) -> Any:
    response = api.get(f"analytics/{path}", query_string={**EVERYTHING, **params})
    assert response.status_code == 200, response.json
    return response.json


def test_dashboard_counts_and_containment(business: Api, recorded: Recorded) -> None:
    for channel, expected in (("chat", CHAT_EXPECTED), ("voice", VOICE_EXPECTED)):
        summary = get(business, "summary", channel=channel)
        for key in ("sessions", "ended", "contained", "routed", "abandoned"):
            assert summary[key] == expected[key], (channel, key, summary)
        assert summary["containment_rate"] == round(expected["contained"] / expected["ended"], 4)
    both = get(business, "summary")
    assert both["sessions"] == 7 and both["contained"] == 2 and both["unrouted"] == 1
    assert both["errors"] == 0 and both["active"] == 0
    sessions = get(business, "sessions", limit=100)["sessions"]
    durations = sorted(session["duration_s"] for session in sessions)
    assert both["avg_duration_s"] == pytest.approx(sum(durations) / len(durations), abs=0.01)
    voice = get(business, "summary", channel="voice")
    assert voice["avg_duration_s"] == pytest.approx(
        sum(s["duration_s"] for s in sessions if s["channel"] == "voice") / 3, abs=0.01)
    assert voice["p90_duration_s"] == pytest.approx(max(s["duration_s"] for s in sessions
                                                        if s["channel"] == "voice"), rel=0.1)


def test_filters_and_origin(business: Api, recorded: Recorded) -> None:
    assert get(business, "summary", entry_point="support-chat")["sessions"] == 4
    assert get(business, "summary", flow="store-hotline", version="1")["sessions"] == 3
    assert get(business, "summary", flow="store-hotline", version="2")["sessions"] == 0
    assert get(business, "summary", environment="live")["sessions"] == 7
    assert get(business, "summary", origin="simulator")["sessions"] == 0
    assert get(business, "summary", origin="all")["sessions"] == 7
    series = get(business, "series", channel="chat", bucket=1440)
    assert series["bucket_minutes"] == 1440
    assert sum(point["sessions"] for point in series["points"]) == 4
    assert sum(point["contained"] for point in series["points"]) == 1
    facets = business.get("analytics/facets").json
    assert {flow["flow_id"] for flow in facets["flows"]} == {"order-status-chat", "store-hotline"}
    assert facets["channels"] == ["chat", "voice"]


def test_canvas_overlay_per_block_and_port(business: Api, recorded: Recorded) -> None:
    chat = get(business, "flows/order-status-chat/blocks")
    assert chat["sessions"] == 4 and chat["outcomes"] == {"abandoned": 1, "contained": 1,
                                                          "routed": 1, "unrouted": 1}
    ask = chat["blocks"]["ask_order"]
    expected = CHAT_EXPECTED["ask_order"]
    assert ask["visits"] == expected["visits"]
    assert ask["ports"] == expected["ports"]
    assert ask["port_share"] == {"next": round(2 / 3, 4), "nomatch": round(1 / 3, 4)}
    assert ask["inputs"] == expected["inputs"]
    assert (ask["match_rate"], ask["nomatch_rate"], ask["noinput_rate"]) == (0.4, 0.6, 0.0)
    assert ask["dropoff"] == 1 and ask["dropoff_rate"] == 0.25
    menu = chat["blocks"]["next_step"]
    assert menu["ports"] == CHAT_EXPECTED["next_step"]["ports"]
    assert menu["port_share"] == {"agent": 0.5, "done": 0.5}
    assert chat["blocks"]["greet"]["visits"] == 4 and chat["max_visits"] == 4
    voice = get(business, "flows/store-hotline/blocks")
    assert voice["blocks"]["more_help"]["visits"] == VOICE_EXPECTED["more_help"]["visits"]
    assert voice["blocks"]["more_help"]["port_share"] == {"2": 1.0}
    assert voice["blocks"]["more_help"]["dropoff"] == 1
    assert voice["blocks"]["assistant"]["intents"] == {"OrderStatus": 1, "StoreHours": 2}
    waited = voice["blocks"]["more_help"]["time"]
    assert waited["visits"] == 2 and waited["total_s"] == 20.0


def test_paths_funnel_and_milestones(business: Api, recorded: Recorded) -> None:
    paths = get(business, "flows/order-status-chat/paths", limit=10)
    assert paths["sessions"] == 4 and len(paths["paths"]) == 4
    assert {tuple(p["path"][:2]) for p in paths["paths"]} == {("greet", "ask_order")}
    assert sum(p["sessions"] for p in paths["paths"]) == 4
    left = next(p for p in paths["paths"] if p["path"] == ["greet", "ask_order"])
    assert left["outcomes"] == {"abandoned": 1} and left["share"] == 0.25
    funnel = get(business, "flows/order-status-chat/funnel", milestones="order_found,handoff")
    assert [(s["milestone"], s["sessions"]) for s in funnel["steps"]] == [("order_found", 2),
                                                                          ("handoff", 1)]
    assert funnel["steps"][1]["rate_from_previous"] == 0.5
    report = get(business, "flows/order-status-chat/milestones")
    found = {m["name"]: m for m in report["milestones"]}
    assert {name: m["sessions"] for name, m in found.items()} == CHAT_EXPECTED["milestones"]
    assert found["handoff"]["blocks"] == {"ms_handoff": 2} and found["handoff"]["share"] == 0.5
