"""Roll-ups kept at two grains give the same figures as counting the sessions one by one, for
ranges that cut through hours and days."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from flask import Flask

from designer_ui.analytics.tables import TABLES
from designer_ui.analytics.tiers import split
from designer_ui.extensions import db
from runtime.analytics.sql_store import SqlAnalyticsStore
from tests.designer_ui.helpers import Api
from tests.runtime.analytics.helpers import SessionScript

DAY0 = datetime(2026, 3, 2, tzinfo=UTC).timestamp()


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat().replace("+00:00", "Z")


def test_split_into_whole_coarse_slots_and_ragged_ends() -> None:
    assert split(0, 119, 60) == ((0, 1), [])
    assert split(30, 200, 60) == ((1, 2), [(30, 59), (180, 200)])
    assert split(61, 100, 60) == (None, [(61, 100)])
    assert split(0, 59, 60) == ((0, 0), [])
    assert split(24, 71, 24) == ((1, 2), [])


def test_figures_match_a_session_by_session_count(app: Flask, business: Api) -> None:
    rng = random.Random(7)
    starts = sorted(DAY0 + rng.uniform(0, 3 * 86400) for _ in range(120))
    with app.app_context():
        store = SqlAnalyticsStore(db.engine, TABLES)
        records = []
        for index, start in enumerate(starts):
            script = SessionScript(f"t{index}", start).add("session_start").visit("menu", "1")
            outcome = "hangup" if index % 3 == 0 else "completed"
            records += script.at(start + 20).add("session_end", reason=outcome).records()
        store.write(records)
    for _ in range(12):
        low, high = sorted(rng.uniform(DAY0 - 3600, DAY0 + 3 * 86400 + 3600) for _ in range(2))
        summary = business.get("analytics/summary",
                               query_string={"from": iso(low), "to": iso(high)}).json
        first, last = int(low // 60), -(-high // 60)
        expected = [s for s in starts if first * 60 <= s < last * 60]
        assert summary["sessions"] == len(expected), (iso(low), iso(high))
        abandoned = sum(1 for index, s in enumerate(starts)
                        if first * 60 <= s < last * 60 and index % 3 == 0)
        assert summary["abandoned"] == abandoned
        overlay = business.get("analytics/flows/demo/blocks",
                               query_string={"from": iso(low), "to": iso(high)}).json
        hours = (int(low // 3600) * 3600, -(-high // 3600) * 3600)
        in_hours = [s for s in starts if hours[0] <= s < hours[1]]
        assert overlay["blocks"].get("menu", {}).get("visits", 0) == len(in_hours)
