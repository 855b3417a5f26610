"""Calls to the bank example show up in the Designer's analytics, exactly as the callers went.

The pool's workers report with `runtime.analytics.voice:database_sink` into a Designer
database (SQLite, built by `create_app`, so its migrations ran). Four callers ring at once:
two hang up while the main menu plays (abandoned there), one presses 1, enters the PIN and
then 9 (the balance, self-service: contained), one presses 0 (a banker: routed, a REFER).
When the pool has stopped (each worker's writer writes what it still holds before the process
exits), the Designer's API must count exactly these sessions, outcomes, visits and ports, each
session with its environment (`files`) and entry point (the number plan's number).

The bank's test world runs on the live clock here, so the figures land in the dashboard's
default range (the last 24 hours); its business hours become 24 hours a day without holidays,
so the flow takes the same path whatever day the test runs.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from designer_ui.app import create_app
from designer_ui.extensions import db
from runtime.flowtests.yaml_source import parse_yaml
from runtime.voice import Supervisor
from tests.designer_ui.conftest import add_token, add_user
from tests.designer_ui.helpers import Api
from tests.runtime.voice.conftest import BANK, QUEUE_URI, ROOT, bank_settings
from tests.runtime.voice.helpers import call, cdrs_of, prompt_ms
from tests.runtime.voice.sipp import Scenario, SippRun

POOL_PORT = 48000
CALLER_PORT = 48510
WORLD = ROOT / "examples" / "tests" / "bank-ivr.flowtest.yaml"
ASK_PIN = "For your security, please enter your four to six digit PIN, followed by the pound key."

START = [("vip_lookup", "notfound"), ("outage_check", "off"), ("hours_check", "open"),
         ("welcome", "next")]
WRAPUP = [("post_wrapup", "next")]
ROUTES: dict[str, list[tuple[str, str | None]]] = {
    # (block, port taken); None: the call left the block without a port (hang-up, end, route)
    "hangup_early": [*START, ("main_menu", None), *WRAPUP],
    "hangup_late": [*START, ("main_menu", None), *WRAPUP],
    "balance": [*START, ("main_menu", "1"), ("want_balance", "next"), ("need_verify", "default"),
                ("verify", "next"), ("verify_outcome", "verified"), ("ms_verified", "next"),
                ("greet_customer", "next"), ("by_intent", "default"), ("get_balance", "next"),
                ("say_balance", "next"), ("ms_balance", "next"), ("anything_else", "9"),
                ("say_goodbye", "next"), ("end_done", None), *WRAPUP],
    "banker": [*START, ("main_menu", "0"), ("want_agent", "next"), ("attach_data", "next"),
               ("ms_agent", "next"), ("say_hold", "next"), ("pick_queue", "default"),
               ("route_banker", None), *WRAPUP],
}
OUTCOMES = {"hangup_early": ("abandoned", "hangup"), "hangup_late": ("abandoned", "hangup"),
            "balance": ("contained", "self_service"), "banker": ("routed", "routed")}
ANI = {"hangup_early": "+15551250001", "hangup_late": "+15551250002",
       "balance": "+15551250003", "banker": "+15551250004"}


def live_world(folder: Path) -> Path:
    """The bank's test world, open around the clock and without holidays (for the live clock)."""
    raw = parse_yaml(WORLD.read_text(encoding="utf-8"))
    business = raw["given"]["business"]
    business["hours"]["contact-center"] = {"mon-sun": "24h", "timezone": "America/New_York"}
    business.pop("special_days", None)
    raw["flow"] = str(ROOT / "examples" / "flows" / "bank-ivr.json")
    path = folder / "bank-ivr-live.flowtest.yaml"
    path.write_text(json.dumps(raw), encoding="utf-8")
    return path


def scenarios(pool: Supervisor) -> dict[str, Scenario]:
    pin_wait = prompt_ms(pool, ASK_PIN) + 1000  # keys during the PIN prompt are dropped
    steps: dict[str, list[tuple]] = {
        "hangup_early": [("pause", 2000), ("bye",)],
        "hangup_late": [("pause", 4000), ("bye",)],  # before the menu's 6 s no-input
        "balance": [("pause", 1500), ("dtmf", "1"), ("pause", pin_wait), ("dtmf", "4321#"),
                    ("pause", 2500), ("dtmf", "9"), ("wait_bye", 20000)],
        "banker": [("pause", 1500), ("dtmf", "0"), ("wait_refer", 20000)],
    }
    return {name: Scenario(f"analytics-{name}", caller, ani=ANI[name])
            for name, caller in steps.items()}


@pytest.fixture(scope="module")
def designer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    app = create_app({"INSTANCE_PATH": str(tmp_path_factory.mktemp("designer")),
                      "SECRET_KEY": "voice-analytics-test", "TESTING": True})
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def api(designer: Flask) -> Api:
    return Api(designer.test_client(),
               token=add_token(designer, add_user(designer, "analyst", ["business"])))


@pytest.fixture(scope="module")
def calls(designer: Flask, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Start a pool that reports into the Designer database, place the calls, stop the pool."""
    folder = tmp_path_factory.mktemp("voice-analytics")
    settings = bank_settings(folder, POOL_PORT, analytics="runtime.analytics.voice:database_sink")
    options = {**settings.flow_source["options"], "world": str(live_world(folder)),
               "live_clock": True}
    pool = Supervisor(replace(settings, flow_source={**settings.flow_source, "options": options}))
    with pytest.MonkeyPatch.context() as env:  # the workers inherit it when they start
        env.setenv("ANALYTICS_DATABASE_URL", designer.config["SQLALCHEMY_DATABASE_URI"])
        env.setenv("ANALYTICS_SPOOL_DIR", str(folder / "analytics-spool"))
        pool.start()
    try:
        runners: dict[str, Callable[[], SippRun]] = {
            name: partial(call, pool, scenario, port=CALLER_PORT + 20 * index,
                          media_port=CALLER_PORT + 20 * index + 10, timeout_s=40)
            for index, (name, scenario) in enumerate(scenarios(pool).items())}
        with ThreadPoolExecutor(len(runners)) as threads:
            futures = {name: threads.submit(runner) for name, runner in runners.items()}
            results: dict[str, Any] = {name: future.result() for name, future in futures.items()}
        # a call's record is saved when its session is over, after its last analytics events
        records = cdrs_of(pool, wait_s=15, count=len(ROUTES))
    finally:
        pool.stop()
    results["cdrs"] = {name: next((r for r in records if r["ani"] == ani), None)
                       for name, ani in ANI.items()}
    results["exit_codes"] = [child.process.returncode if child.process else None
                             for child in pool.workers]
    return results


def figures(api: Api, path: str, **query: str) -> dict[str, Any]:
    response = api.get(f"analytics/{path}", query_string=query)
    assert response.status_code == 200, response.json
    body = response.json
    assert isinstance(body, dict)
    return body


def test_the_calls_ran_as_scripted(calls: dict[str, Any]) -> None:
    for name, route in ROUTES.items():
        run: SippRun = calls[name]
        assert run.returncode == 0, (name, run.errors)
        record = calls["cdrs"][name]
        assert record is not None, name
        assert record["path"] == [block for block, _ in route], name
    assert f"REFER-TO {QUEUE_URI} IN" in calls["banker"].log
    assert calls["exit_codes"] == [0, 0]  # a clean stop: each writer wrote what it held


def test_the_summary_counts_each_call_once(calls: dict[str, Any], api: Api) -> None:
    summary = figures(api, "summary", channel="voice", origin="all")
    outcomes = Counter(outcome for outcome, _ in OUTCOMES.values())
    assert {key: summary[key] for key in ("sessions", "active", "ended", "contained", "routed",
                                          "abandoned", "unrouted", "errors", "error_events")} == {
        "sessions": 4, "active": 0, "ended": 4, "contained": outcomes["contained"],
        "routed": outcomes["routed"], "abandoned": outcomes["abandoned"], "unrouted": 0,
        "errors": 0, "error_events": 0}
    assert summary["avg_duration_s"] > 1.0  # the live clock: real call lengths
    assert figures(api, "summary")["sessions"] == 4  # the worker reports as `live`
    filtered = figures(api, "summary", channel="voice", environment="files", entry_point=BANK)
    assert (filtered["sessions"], filtered["abandoned"]) == (4, 2)
    assert figures(api, "summary", entry_point=BANK.lstrip("+"))["sessions"] == 0
    assert figures(api, "summary", environment="live")["sessions"] == 0
    assert figures(api, "summary", channel="chat")["sessions"] == 0
    facets = figures(api, "facets")
    assert (facets["environments"], facets["entry_points"], facets["channels"]) == (
        ["files"], [BANK], ["voice"])


def test_each_session_matches_its_call(calls: dict[str, Any], api: Api) -> None:
    listed = figures(api, "sessions", origin="all")
    assert listed["total"] == 4
    sessions = {record["session_id"]: record for record in listed["sessions"]}
    for name, route in ROUTES.items():
        session = sessions[calls["cdrs"][name]["id"]]  # the CDR's id is the session's
        outcome, end_reason = OUTCOMES[name]
        assert {key: session[key] for key in ("outcome", "end_reason", "path", "flow_id",
                                              "channel", "environment", "entry_point",
                                              "origin", "reached_assisted", "error_count")} == {
            "outcome": outcome, "end_reason": end_reason, "path": [b for b, _ in route],
            "flow_id": "bank-ivr", "channel": "voice", "environment": "files",
            "entry_point": BANK, "origin": "live", "reached_assisted": name == "banker",
            "error_count": 0}, name
    assert Counter(record["outcome"] for record in listed["sessions"]) == Counter(
        outcome for outcome, _ in OUTCOMES.values())


def test_blocks_count_the_visits_and_ports_of_the_calls(api: Api) -> None:
    overlay = figures(api, "flows/bank-ivr/blocks", channel="voice", environment="files",
                      entry_point=BANK)
    assert (overlay["sessions"], overlay["ended"]) == (4, 4)
    assert overlay["outcomes"] == dict(Counter(outcome for outcome, _ in OUTCOMES.values()))
    visits = Counter(block for route in ROUTES.values() for block, _ in route)
    ports: dict[str, Counter[str]] = {block: Counter() for block in visits}
    for route in ROUTES.values():
        for block, port in route:
            if port is not None:
                ports[block][port] += 1
    blocks = overlay["blocks"]
    assert {block: (shown["visits"], shown["ports"]) for block, shown in
            blocks.items()} == {block: (visits[block], dict(ports[block])) for block in visits}
    menu = blocks["main_menu"]
    assert (menu["dropoff"], menu["hangups"], menu["inputs"]) == (2, {"caller": 2},
                                                                  {"match": 2})
    assert menu["port_share"] == {"0": 0.5, "1": 0.5}
    assert blocks["anything_else"]["inputs"] == {"match": 1}
    assert blocks["route_banker"]["routes"] == {"success": 1}
    assert {block: shown["milestones"] for block, shown in blocks.items()
            if shown["milestones"]} == {"ms_verified": {"caller_verified": 1},
                                           "ms_balance": {"balance_played": 1},
                                           "ms_agent": {"agent_requested": 1}}
    assert sum(shown["dropoff"] for shown in blocks.values()) == 2
    assert menu["time"]["total_s"] > 0
