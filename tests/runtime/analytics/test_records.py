"""The stored form of events: only allow-listed data is kept, so values never reach analytics."""

from __future__ import annotations

import json

import pytest

from interpreter.engine.effects import AnalyticsEvent
from runtime.analytics.context import AnalyticsContext
from runtime.analytics.records import ALLOWED_DATA, EventRecord, event_record
from tests.runtime.analytics.helpers import context


def test_data_fields_outside_the_allow_list_are_dropped() -> None:
    ctx = context("s-1")
    error = event_record(AnalyticsEvent(7, "error", "lookup", 10.0,
                                        {"type": "HttpError", "message": "GET /pin/4321 failed"}), ctx)
    assert error.data == {"type": "HttpError"}
    bot = event_record(AnalyticsEvent(8, "bot_intent", "bot", 10.0,
                                      {"bot": "b", "intent": "Pay", "slots": {"card": "4111"},
                                       "confidence": 0.9, "state": "fulfilled"}), ctx)
    assert bot.data == {"bot": "b", "intent": "Pay", "confidence": 0.9, "state": "fulfilled"}
    unknown = event_record(AnalyticsEvent(9, "something_new", "x", 1.0, {"value": "secret"}), ctx)
    assert unknown.data is None
    route = event_record({"seq": 3, "kind": "route_result", "block": "r", "ts": 2.0,
                          "data": {"status": "success", "agent": "ann"}}, ctx)
    assert route.data == {"status": "success"}


def test_module_is_kept_apart_and_the_id_is_session_and_seq() -> None:
    record = event_record(AnalyticsEvent(4, "port_taken", "ask", 1.0,
                                         {"port": "next", "module": "pin-check@3"}), context("abc"))
    assert record.module == "pin-check@3"
    assert record.data == {"port": "next"}
    assert record.event_id == "abc:4"
    assert EventRecord.from_json(json.loads(json.dumps(record.to_json()))) == record


def test_every_engine_event_kind_is_known() -> None:
    documented = {"session_start", "phase", "block_entered", "port_taken", "milestone", "error",
                  "input_outcome", "bot_intent", "route_result", "transfer_result",
                  "module_call", "module_return", "hangup", "session_end", "survey_answer",
                  "callback_offered", "callback_accepted", "callback_scheduled",
                  "callback_dialed", "callback_connected", "callback_failed",
                  "callback_abandoned"}
    assert documented == set(ALLOWED_DATA)


def test_callback_events_keep_no_number_or_attached_data() -> None:
    record = event_record({"seq": 1, "kind": "callback_failed", "block": None, "ts": 1.0,
                           "data": {"queue": "support", "callback_id": 7, "number": "+1415555",
                                    "reason": "SIP 404 Not Found after 1 attempt(s)",
                                    "sip_code": 404, "data": {"account": "1234"}}},
                          context("callback-7"))
    assert record.data == {"queue": "support", "callback_id": 7, "sip_code": 404,
                           "reason": "SIP 404 Not Found after 1 attempt(s)"}


def test_context_from_a_voice_worker_mapping() -> None:
    ctx = AnalyticsContext.from_mapping({"session_id": "s", "call_id": "c", "flow": "f",
                                         "version": 3, "channel": "voice"})
    assert (ctx.flow_id, ctx.flow_version, ctx.origin, ctx.environment) == ("f", "3", "live", "")
    with pytest.raises(ValueError, match="origin"):
        AnalyticsContext("s", "f", "1", "chat", origin="staging")
    with pytest.raises(ValueError, match="id of their session"):
        AnalyticsContext("", "f", "1", "chat")
    assert len(AnalyticsContext("s", "f", "1", "chat", entry_point="x" * 300).entry_point) == 200
