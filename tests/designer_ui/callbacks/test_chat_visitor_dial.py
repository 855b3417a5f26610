"""A chat visitor's callback request dials a phone, end to end: the visitor talks to a flow
through the chat runtime's public API (as the widget does), the flow's `callback` block books
through the Designer's callback service, the serving Designer's dialer (`dialer_for`) orders
it, a media worker behind Kamailio calls a SIPp UAS standing in for the visitor's phone, the
visitor presses 1 and is bridged to a second UAS standing in for the queue's agent."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from designer_ui.app import create_app
from designer_ui.callbacks.dialer_loop import dialer_for, run_tick
from designer_ui.extensions import db
from designer_ui.models import CallbackAttempt, CallbackRequest, Queue
from runtime.voice import Supervisor
from tests.designer_ui.chat.conftest import say, start
from tests.designer_ui.chat.helpers import publish
from tests.runtime.voice.callback_pool import dialling_pool
from tests.runtime.voice.sipp import finish_agent, start_agent
from tests.runtime.voice.test_callback_dialer import (
    AGENT_HANGS_UP,
    CALLER_ID,
    OUTBOUND_FLOW,
    customer_xml,
    keys_pcap,
)

POOL_PORT = 63000
CUSTOMER_PORT = 63500
CUSTOMER_MEDIA = 63520
AGENT_PORT = 63600
AGENT_MEDIA = 63620
QUEUE = "support"
"""The queue the chat flow books in, and the one the outbound flow routes the customer to."""
FLOWS = {QUEUE: OUTBOUND_FLOW["id"]}


def chat_flow() -> dict[str, Any]:
    def say_(text: str) -> dict[str, Any]:
        return {"prompts": [{"tts": text}]}

    return {"format": "designer-flow", "format_version": 1, "id": "call-me-back",
            "name": "Call me back", "channels": ["chat"],
            "variables": {"n": {"type": "string", "default": ""}},
            "phases": {"self_service": "ask", "assisted_service": "attach"}, "blocks": {
                "ask": {"type": "input", "props": {"prompts": [{"tts": "Your number?"}],
                                                   "variable": "n", "grammar": "phone"}},
                "attach": {"type": "set_data", "props": {"data": {"reason": "'card blocked'"}},
                           "next": {"next": "book"}},
                "book": {"type": "callback", "props": {"mode": "immediate", "number": "n",
                                                       "queue": QUEUE},
                         "next": {"next": "booked", "error": "refused"}},
                "booked": {"type": "play_message",
                           "props": say_("We will call you back shortly.")},
                "refused": {"type": "play_message",
                            "props": say_("Sorry: {{ system.LastError.message }}")}}}


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Flask, Supervisor, Path]]:
    """The Designer (chat runtime, callbacks, dialer settings) and a one-worker voice pool
    dialling callbacks from its database."""
    app = create_app({"INSTANCE_PATH": str(tmp_path / "designer"), "SECRET_KEY": "test-secret",
                      "TESTING": True, "CALLBACK_CALLER_ID": CALLER_ID,
                      "CALLBACK_FLOWS": FLOWS})
    with app.app_context():
        db.session.add(Queue(name=QUEUE, channels=["chat", "voice"], hours=None))
        db.session.commit()
    publish(app, chat_flow(), "call-me-back")
    try:
        with dialling_pool(app, tmp_path, OUTBOUND_FLOW, FLOWS, base=POOL_PORT,
                           rtp_base=POOL_PORT + 100, customer_port=CUSTOMER_PORT,
                           agent_port=AGENT_PORT) as pool:
            yield app, pool, tmp_path
    finally:
        with app.app_context():
            db.engine.dispose()


def callback_of(app: Flask, session_id: str) -> tuple[CallbackRequest, list[CallbackAttempt]]:
    with app.app_context():
        row = db.session.execute(sa.select(CallbackRequest).where(
            CallbackRequest.session_id == session_id)).scalar_one()
        attempts = db.session.execute(sa.select(CallbackAttempt).where(
            CallbackAttempt.callback_id == row.id)).scalars().all()
        db.session.expunge_all()
        return row, list(attempts)


def test_a_chat_visitors_callback_request_dials_their_phone(
        served: tuple[Flask, Supervisor, Path]) -> None:
    import time

    app, _pool, folder = served
    visitor = app.test_client()
    session_id = start(visitor, "call-me-back")["session"]["id"]
    turn = say(visitor, session_id, text="+1 415 555 0123")
    assert turn.status_code == 200, turn.json
    assert "We will call you back shortly." in [
        message["text"] for message in turn.json["messages"] if message["author"] == "flow"]
    row, attempts = callback_of(app, session_id)
    assert (row.number, row.state, row.origin, row.queue, attempts) == (
        "+14155550123", "queued", "flow", QUEUE, [])
    assert row.data["reason"] == "card blocked"  # the conversation's attached data

    sipp = folder / "sipp"
    agent = start_agent(AGENT_HANGS_UP, "agent", sipp, port=AGENT_PORT,
                        media_port=AGENT_MEDIA, timeout_s=60)
    keys = keys_pcap("1", folder / "keys.pcap", 0)
    phone = start_agent(customer_xml("phone", keys), "phone", sipp, port=CUSTOMER_PORT,
                        media_port=CUSTOMER_MEDIA, timeout_s=60)
    try:
        assert run_tick(app, dialer_for(app, "serving")).ordered == 1
        phone_run = finish_agent(phone, "phone", sipp, timeout_s=60)
        agent_run = finish_agent(agent, "agent", sipp, timeout_s=60)
    finally:
        for process in (phone, agent):
            if process.poll() is None:
                process.kill()
                process.communicate()
    assert phone_run.returncode == 0, phone_run.stdout + phone_run.errors
    assert agent_run.returncode == 0, agent_run.stdout + agent_run.errors
    assert "sip:+14155550123@" in phone_run.log  # the visitor's number was dialled
    assert f"CALLER <sip:{CALLER_ID}@" in phone_run.log.replace("CALLER  ", "CALLER ")
    assert "card blocked" in agent_run.log  # the chat's attached data, as X-Reason
    deadline = time.monotonic() + 30
    while True:
        row, attempts = callback_of(app, session_id)
        if row.state == "completed" or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert (row.state, row.reason) == ("completed", "")
    assert [(a.result, a.sip_code) for a in attempts] == [("connected", 200)]
