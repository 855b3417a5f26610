"""Callers ring the bank example through Kamailio and a pool of two media workers.

The flow's own timers (a 6 s no-input on the main menu) make some calls long, so every call of
this module is placed at once, in parallel, when the module starts; each test then checks one
call's audio, SIP messages and call detail record.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from runtime.voice import Supervisor
from runtime.voice.audio_files import duration_ms
from runtime.voice.tts import Synthesizer
from tests.runtime.voice.conftest import QUEUE_URI
from tests.runtime.voice.helpers import call, cdrs_of
from tests.runtime.voice.rtp_meter import RtpMeter, StreamStats
from tests.runtime.voice.sipp import Scenario, SippRun

POOL_PORT = 41000
WELCOME = "Thank you for calling Acme Bank."
MENU = ("For your account balance, press 1 or say balance. For card services, press 2. To speak "
        "with a banker, press 0.")
ASK_PIN = "For your security, please enter your four to six digit PIN, followed by the pound key."
VERIFIED_PATH = ["vip_lookup", "outage_check", "hours_check", "welcome", "main_menu",
                 "want_balance", "need_verify", "verify", "verify_outcome", "ms_verified",
                 "greet_customer", "by_intent", "get_balance", "say_balance", "ms_balance",
                 "anything_else", "say_goodbye", "end_done", "post_wrapup"]
ANI = {"greeting": "+15551230101", "pin": "+15551230102", "silence": "+15551230103",
       "info": "+15551230104", "hangup": "+15551230105"}


def prompt_ms(pool: Supervisor, *texts: str) -> int:
    synthesizer = Synthesizer(Path(pool.settings.cache_dir), pool.settings.tts_engine,
                              pool.settings.tts_rate)
    return sum(duration_ms(synthesizer.synthesize(text, "en-US")) for text in texts)


@pytest.fixture(scope="module")
def calls(bank_pool: Supervisor) -> dict[str, Any]:
    pin_wait = prompt_ms(bank_pool, ASK_PIN) + 1000
    scenarios: dict[str, tuple[Scenario, int, int]] = {
        "greeting": (Scenario("greeting", [("pause", 9000), ("bye",)], ani=ANI["greeting"],
                              audio_port="41500"), 41510, 41520),
        "pin": (Scenario("pin", [("pause", 1500), ("dtmf", "1"), ("pause", pin_wait),
                                 ("dtmf", "4321#"), ("pause", 2500), ("dtmf", "9"),
                                 ("wait_bye", 20000)], ani=ANI["pin"]), 41530, 41540),
        "silence": (Scenario("silence", [("wait_refer", 60000)], ani=ANI["silence"]),
                    41550, 41560),
        "info": (Scenario("info", [("pause", 1500), ("info", "2"), ("pause", pin_wait),
                                   ("info", "4321#"), ("pause", 2000), ("info", "1"),
                                   ("wait_refer", 30000)], ani=ANI["info"]), 41570, 41580),
        "hangup": (Scenario("hangup", [("pause", 1500), ("dtmf", "1"), ("pause", 1000),
                                       ("bye",)], ani=ANI["hangup"]), 41590, 41600),
    }
    meter = RtpMeter([41500])
    runners: dict[str, Callable[[], SippRun]] = {
        name: (lambda s=scenario, p=port, m=media: call(bank_pool, s, port=p, media_port=m,
                                                         timeout_s=90))
        for name, (scenario, port, media) in scenarios.items()}
    with ThreadPoolExecutor(len(runners)) as pool:
        futures = {name: pool.submit(runner) for name, runner in runners.items()}
        results: dict[str, Any] = {name: future.result() for name, future in futures.items()}
    results["audio"] = meter.stop()[41500]
    return results


def test_the_greeting_and_menu_are_heard(bank_pool: Supervisor, calls: dict[str, Any]) -> None:
    run: SippRun = calls["greeting"]
    assert run.returncode == 0, run.errors
    stats: StreamStats = calls["audio"]
    expected = prompt_ms(bank_pool, WELCOME, MENU)
    assert stats.packets > 300
    assert stats.max_gap_ms < 250  # a shared test machine; the benchmark holds 60 ms
    assert abs(stats.sound_ms - expected) < expected * 0.25, (stats.sound_ms, expected)
    assert stats.first_sound_at is not None and stats.first_at is not None
    assert stats.first_sound_at - stats.first_at < 0.3
    (record,) = cdrs_of(bank_pool, ANI["greeting"])
    assert record["path"] == ["vip_lookup", "outage_check", "hours_check", "welcome",
                              "main_menu", "post_wrapup"]
    assert record["disposition"] == "hangup"
    assert record["ended_by"] == "caller"
    assert record["answered_at"] >= record["started_at"]
    assert record["metrics"]["answer_to_audio_ms"] < 1000


def test_key_1_and_a_pin_reach_the_balance(bank_pool: Supervisor, calls: dict[str, Any]) -> None:
    run: SippRun = calls["pin"]
    assert run.returncode == 0, run.errors
    (record,) = cdrs_of(bank_pool, ANI["pin"])
    assert record["path"] == VERIFIED_PATH
    assert record["milestones"] == ["caller_verified", "balance_played"]
    assert record["dtmf"] == [{"block": "main_menu", "digits": "1"},
                              {"block": "ask_pin", "digits": "•••••"},
                              {"block": "anything_else", "digits": "9"}]
    assert record["disposition"] == "self_service"
    assert record["ended_by"] == "flow"
    assert max(record["metrics"]["dtmf_to_prompt_ms"]) < 200


def test_silence_takes_the_noinput_path_to_a_banker(bank_pool: Supervisor,
                                                     calls: dict[str, Any]) -> None:
    run: SippRun = calls["silence"]
    assert run.returncode == 0, run.errors
    assert f"REFER-TO {QUEUE_URI} IN" in run.log
    (record,) = cdrs_of(bank_pool, ANI["silence"])
    assert record["path"][4:] == ["main_menu", "menu_giveup", "attach_data", "ms_agent",
                                  "say_hold", "pick_queue", "route_banker", "post_wrapup"]
    assert record["dtmf"] == []
    (transfer,) = record["transfers"]
    assert transfer == {"block": "route_banker", "kind": "route", "uri": QUEUE_URI,
                        "mode": "refer", "status": "success", "sip_status": 200,
                        "target": "customer-service"}
    assert record["disposition"] == "routed"
    assert record["ended_by"] == "transfer"


def test_sip_info_keys_work_like_rfc_4733(bank_pool: Supervisor, calls: dict[str, Any]) -> None:
    run: SippRun = calls["info"]
    assert run.returncode == 0, run.errors
    (record,) = cdrs_of(bank_pool, ANI["info"])
    assert [entry["block"] for entry in record["dtmf"]] == ["main_menu", "ask_pin", "cards_menu"]
    assert record["path"][12:16] == ["cards_menu", "lost_card", "ms_lost_card", "say_lost_card"]
    assert record["path"][-4:] == ["say_hold", "pick_queue", "route_cards", "post_wrapup"]
    assert record["milestones"] == ["caller_verified", "lost_card_reported", "agent_requested"]
    assert record["transfers"][0]["target"] == "card-services"


def test_hanging_up_mid_call_runs_finalize(bank_pool: Supervisor, calls: dict[str, Any]) -> None:
    run: SippRun = calls["hangup"]
    assert run.returncode == 0, run.errors
    (record,) = cdrs_of(bank_pool, ANI["hangup"])
    assert record["path"][-1] == "post_wrapup"
    assert record["disposition"] == "hangup"
    assert record["ended_by"] == "caller"
    events = [json.loads(line) for line in
              Path(bank_pool.settings.analytics_path).read_text().splitlines()]
    mine = [event for event in events if event["session_id"] == record["id"]]
    kinds = [event["kind"] for event in mine]
    assert "hangup" in kinds
    assert {"phase": "finalize"} in [event.get("data") for event in mine]
    assert kinds[-1] == "session_end"
