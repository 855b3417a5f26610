"""The agent's softphone credential: only agents get one, it is for their own address, expires,
and is signed the way Kamailio's auth_ephemeral checks it."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Callable

from flask import Flask

from tests.designer_ui.helpers import Api

SECRET = "a-softphone-secret-for-tests"


def test_an_agent_gets_a_short_lived_credential_for_their_own_address(
        app: Flask, as_role: Callable[..., Api]) -> None:
    agent = as_role("agent", username="ann")
    assert agent.get("agents/me/softphone").status_code == 404
    app.config.update(SOFTPHONE_SECRET=SECRET, SOFTPHONE_WS_URL="ws://127.0.0.1:8088",
                      SOFTPHONE_DOMAIN="pbx.example", SOFTPHONE_CREDENTIAL_TTL_S=600)
    response = agent.get("agents/me/softphone")
    assert response.status_code == 200
    body = response.json
    assert body["sip_uri"] == "sip:agent-ann@pbx.example"
    assert body["ws_url"] == "ws://127.0.0.1:8088"
    expiry, user = body["username"].split(":")
    assert user == "agent-ann" and int(expiry) == body["expires_at"]
    assert 590 <= body["expires_at"] - time.time() <= 610
    expected = base64.b64encode(hmac.new(SECRET.encode(), body["username"].encode(),
                                         hashlib.sha1).digest()).decode()
    assert body["password"] == expected
    assert as_role("developer").get("agents/me/softphone").status_code == 403


def test_the_credential_lifetime_is_bounded(app: Flask, as_role: Callable[..., Api]) -> None:
    app.config.update(SOFTPHONE_SECRET=SECRET, SOFTPHONE_WS_URL="ws://127.0.0.1:8088",
                      SOFTPHONE_CREDENTIAL_TTL_S=10 ** 9)
    body = as_role("agent", username="bob").get("agents/me/softphone").json
    assert body["expires_at"] - time.time() <= 24 * 3600 + 5
