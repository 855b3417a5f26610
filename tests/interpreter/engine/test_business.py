"""Blocks that read business resources, language and attached data."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from interpreter.engine.events import Input
from interpreter.host import BusinessHours, StaticHost
from tests.interpreter.engine.harness import CHANNELS, Driver, flow_document

HOURS = flow_document(
    {
        "storm": {"type": "emergency", "props": {"flag": "storm"},
                  "next": {"on": "closed_msg", "off": "hours"}},
        "hours": {"type": "business_hours", "props": {"hours": "main"},
                  "next": {"open": "vip", "closed": "closed_msg", "holiday": "holiday_msg"}},
        "vip": {"type": "data_table", "props": {"table": "vip", "key": "system.ANI",
                                                "columns": {"tier": "tier"}},
                "next": {"next": "open_msg", "notfound": "open_msg"}},
        "open_msg": {"type": "play_message", "props": {"prompts": [{"tts": "Open {{ tier }}"}]}},
        "closed_msg": {"type": "play_message", "props": {"prompts": [{"tts": "Closed"}]}},
        "holiday_msg": {"type": "play_message", "props": {"prompts": [{"tts": "Holiday"}]}},
    },
    variables={"tier": {"type": "string", "default": "standard"}})


def host(now: datetime, storm: bool = False) -> StaticHost:
    return StaticHost(
        clock=now, seed="t",
        hours={"main": BusinessHours({"mon-fri": "08:00-18:00", "timezone": "America/New_York"},
                                     ["2026-12-25"])},
        flags={"storm": storm},
        tables={"vip": StaticHost.rows_by_key([{"ani": "+1555", "tier": "gold"}])})


@pytest.mark.parametrize("now, storm, ani, said", [
    (datetime(2026, 11, 25, 15, 0, tzinfo=UTC), False, "+1555", "Open gold"),
    (datetime(2026, 11, 25, 15, 0, tzinfo=UTC), False, "+1999", "Open standard"),
    (datetime(2026, 11, 25, 15, 0, tzinfo=UTC), True, "+1555", "Closed"),
    (datetime(2026, 11, 25, 2, 0, tzinfo=UTC), False, "+1555", "Closed"),
    (datetime(2026, 12, 25, 15, 0, tzinfo=UTC), False, "+1555", "Holiday"),
])
def test_business_controls(now: datetime, storm: bool, ani: str, said: str) -> None:
    driver = Driver(HOURS, "chat", host=host(now, storm))
    driver.start(system={"ANI": ani})
    assert driver.said() == [said]


def test_missing_resource_is_a_clear_error() -> None:
    driver = Driver(HOURS, "chat", host=StaticHost(clock=datetime(2026, 1, 1, tzinfo=UTC)))
    driver.start()
    assert driver.state["system"]["LastError"]["message"] == \
        "there is no emergency flag named 'storm'"


LANG = flow_document(
    {
        "spanish": {"type": "menu", "props": {"prompts": [{"prompt": "welcome"}],
                                              "options": [{"key": "1"}, {"key": "2"}]},
                    "next": {"2": "switch", "1": "greet"}},
        "switch": {"type": "set_language", "props": {"language": "'es-US'"},
                   "next": {"next": "greet"}},
        "greet": {"type": "play_message", "props": {"prompts": [{"prompt": "welcome"}]}},
    },
    languages=["en-US", "es-US"],
    prompts={"welcome": {"en-US": {"tts": "Welcome"}, "es-US": {"tts": "Bienvenido"}}})


@pytest.mark.parametrize("channel", CHANNELS)
def test_set_language_switches_library_prompts(channel: str) -> None:
    driver = Driver(LANG, channel)
    driver.start()
    driver.send(Input("dtmf" if channel == "voice" else "text", "2"))
    assert driver.said() == ["Welcome", "Bienvenido"]
    assert driver.state["system"]["Language"] == "es-US"


def test_math_random_is_deterministic_across_reloads() -> None:
    document = flow_document(
        {"roll": {"type": "assign", "props": {"assignments": [
            {"variable": "a", "expression": "Math.random()"}]}, "next": {"next": "wait"}},
         "wait": {"type": "menu", "props": {"prompts": [{"tts": "?"}], "options": [{"key": "1"}]},
                  "next": {"1": "roll2"}},
         "roll2": {"type": "assign", "props": {"assignments": [
             {"variable": "b", "expression": "Math.random()"}]}}},
        variables={"a": {"type": "number"}, "b": {"type": "number"}})
    results = []
    for _ in range(2):
        driver = Driver(document, "voice")
        driver.start()
        driver.send(Input("dtmf", "1"))
        results.append((driver.variable("a"), driver.variable("b")))
    assert results[0] == results[1]
    assert results[0][0] != results[0][1]
