"""`undefined` in variables and attached data survives a save through the stores' serialiser.

Session state keeps `undefined` as the tag {"$js": "undefined"} (top level, inside objects and
inside arrays), so a reloaded session reads exactly what it saved; attached data leaves the
engine in its JSON.stringify form (undefined members left out, null inside arrays).
"""

from __future__ import annotations

import pytest

from interpreter.engine.effects import Route
from interpreter.engine.events import Input
from interpreter.expressions import UNDEFINED
from interpreter.expressions.plain_json import attached_data, to_plain_json
from runtime.sessions.codec import dump_json, load_json, round_trip
from tests.interpreter.engine.harness import CHANNELS, Driver, flow_document

UNDEFINED_EVERYWHERE = flow_document(
    {
        "make": {"type": "assign", "props": {"assignments": [
            {"variable": "missing", "expression": "order.status"},
            {"variable": "holder", "expression": "({a: undefined, b: [undefined, 1], "
                                                  "c: {d: undefined}})"},
        ]}, "next": {"next": "attach"}},
        "attach": {"type": "set_data", "props": {"data": {
            "status": "order.status", "holder": "holder", "kept": "'yes'"}},
            "next": {"next": "ask"}},
        "ask": {"type": "menu", "props": {"prompts": [{"tts": "Press 1"}],
                                          "options": [{"key": "1", "label": "One"}]},
                "next": {"1": "check"}},
        "check": {"type": "assign", "props": {"assignments": [
            {"variable": "report", "expression":
             "[typeof missing, 'a' in holder, typeof holder.a, typeof holder.b[0], "
             "holder.b.length, 'd' in holder.c, Object.keys(holder).join(',')].join('|')"},
        ]}, "next": {"next": "agent"}},
        "agent": {"type": "route", "props": {"target": {"type": "queue", "value": "care"}}},
    },
    phases={"self_service": "make", "assisted_service": "check"},
    variables={"order": {"type": "object", "default": {"error": "down"}},
               "missing": {"type": "any", "default": None},
               "holder": {"type": "any", "default": None},
               "report": {"type": "string", "default": ""}},
)


@pytest.mark.parametrize("channel", CHANNELS)
def test_undefined_round_trips_through_the_store_serialiser(channel: str) -> None:
    driver = Driver(UNDEFINED_EVERYWHERE, channel)
    driver.start()
    saved = load_json(dump_json(driver.state))
    assert saved["vars"]["missing"] == {"$js": "undefined"}
    assert saved["vars"]["holder"] == {"a": {"$js": "undefined"},
                                       "b": [{"$js": "undefined"}, 1],
                                       "c": {"d": {"$js": "undefined"}}}
    assert saved["data"]["status"] == {"$js": "undefined"}
    driver.state = saved
    driver.send(Input("dtmf" if channel == "voice" else "text", "1"))
    assert driver.variable("report") == "undefined|true|undefined|undefined|2|true|a,b,c"
    assert round_trip(driver.state)["data"]["status"] == {"$js": "undefined"}


@pytest.mark.parametrize("channel", CHANNELS)
def test_attached_data_leaves_the_engine_as_plain_json(channel: str) -> None:
    driver = Driver(UNDEFINED_EVERYWHERE, channel)
    driver.start()
    driver.send(Input("dtmf" if channel == "voice" else "text", "1"))
    route = next(effect for effect in driver.effects if isinstance(effect, Route))
    assert route.data == {"holder": {"b": [None, 1], "c": {}}, "kept": "yes"}
    assert round_trip(route.to_json())["data"] == route.data


def test_plain_json_follows_json_stringify() -> None:
    assert to_plain_json({"a": UNDEFINED, "b": [UNDEFINED, float("nan"), float("inf"), -0.0],
                          "c": 2.0, "d": 2.5, "e": None, "f": "x"}) == \
        {"b": [None, None, None, 0], "c": 2, "d": 2.5, "e": None, "f": "x"}
    assert to_plain_json(UNDEFINED) is None
    assert attached_data({"gone": UNDEFINED, "n": 1.0}) == {"n": 1}
