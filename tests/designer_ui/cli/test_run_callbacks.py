"""`designer run` answers a callback as the live service would: a number it refuses is refused
with the same reason, and any other callback's answer is asked at the console (no longer
accepted by itself)."""

from __future__ import annotations

from designer_ui.cli.simulate import world_event
from interpreter.engine.effects import Callback
from interpreter.engine.events import CallbackResult


def test_a_refused_number_is_refused_without_asking() -> None:
    asked: list[str] = []
    answer = world_event(Callback("offer", "immediate", "+19005551234", None, "support"),
                         lambda question: asked.append(question) or "success")
    assert answer == CallbackResult(
        "failed", "+19005551234 is a premium-rate number; callbacks do not dial it.")
    assert asked == []


def test_any_other_callback_is_asked_and_not_assumed() -> None:
    effect = Callback("offer", "immediate", "+14155550123", None, "support")
    assert world_event(effect, lambda question: "success") == CallbackResult("success")
    refused = world_event(effect, lambda question: "")
    assert isinstance(refused, CallbackResult) and refused.status == "failed"
