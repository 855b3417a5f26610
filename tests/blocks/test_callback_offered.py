"""The `callback` block reports `callback_offered` (with its queue and mode) when a flow offers a
callback, on both channels and after the session state is saved and reloaded, so the Callbacks
report can count offers; the customer's number never reaches the event."""

from __future__ import annotations

import pytest

from interpreter.engine.effects import Callback
from interpreter.engine.events import CallbackResult
from runtime.analytics.context import AnalyticsContext
from runtime.analytics.records import event_records
from tests.interpreter.engine.harness import CHANNELS, Driver, flow_document

OFFER = flow_document(
    {
        "tag": {"type": "set_data", "props": {"data": {"tier": "'gold'"}}},
        "offer": {"type": "callback", "props": {"number": "system.ANI", "queue": "billing"},
                  "next": {"next": "ok", "error": "bad"}},
        "ok": {"type": "milestone", "props": {"name": "callback"}},
        "bad": {"type": "milestone", "props": {"name": "no_callback"}},
    },
    phases={"self_service": "tag", "assisted_service": "offer"})
IN_QUEUE = flow_document(
    {
        "tag": {"type": "set_data", "props": {"data": {"tier": "'gold'"}}},
        "offer": {"type": "callback", "props": {"number": "system.ANI"},
                  "next": {"next": "ok", "error": "bad"}},
        "ok": {"type": "milestone", "props": {"name": "callback"}},
        "bad": {"type": "milestone", "props": {"name": "no_callback"}},
    },
    phases={"self_service": "tag", "assisted_service": "offer"})


@pytest.mark.parametrize("channel", CHANNELS)
def test_the_offer_is_reported_with_queue_and_mode(channel: str) -> None:
    driver = Driver(OFFER, channel)
    step = driver.start(system={"ANI": "+15551234567"})
    assert isinstance(step.effects[-1], Callback)
    offers = [event for event in driver.events if event.kind == "callback_offered"]
    assert [(event.block, event.data) for event in offers] == [
        ("offer", {"queue": "billing", "mode": "immediate"})]
    driver.send(CallbackResult("success", "7"))
    assert driver.path[-1] == "ok"
    assert len([event for event in driver.events if event.kind == "callback_offered"]) == 1


def test_an_in_queue_flow_offer_names_the_queue_it_waits_in() -> None:
    driver = Driver(IN_QUEUE, "voice")
    driver.start(system={"ANI": "+15551234567", "Routing": {"queue": "support"}})
    offer = next(event for event in driver.events if event.kind == "callback_offered")
    assert offer.data == {"queue": "support", "mode": "immediate"}


def test_the_stored_event_keeps_only_queue_and_mode() -> None:
    driver = Driver(OFFER, "chat")
    driver.start(system={"ANI": "+15551234567"})
    context = AnalyticsContext("s-1", "offer-flow", "1", "chat")
    stored = [record for record in event_records(driver.events, context)
              if record.kind == "callback_offered"]
    assert [record.data for record in stored] == [{"queue": "billing", "mode": "immediate"}]
    assert "+1555" not in repr(stored)
