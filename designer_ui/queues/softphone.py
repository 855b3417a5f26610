"""The agent's softphone credential (`GET /api/v1/agents/me/softphone`).

A logged-in agent's browser needs to register with Kamailio as `sip:agent-<username>@<domain>`
without the agent ever holding a long-lived SIP password: the Designer signs a credential that
expires (`SOFTPHONE_CREDENTIAL_TTL_S`), in the format Kamailio's auth_ephemeral module checks
(username `<expiry>:agent-<username>`, password base64 HMAC-SHA1 under `SOFTPHONE_SECRET`, the
same secret the voice pool's Kamailio is configured with). Kamailio also checks that the
username matches the address being registered, so one agent cannot register as another.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, current_app, jsonify
from marshmallow import Schema, fields

from designer_ui.api.docs import documented
from designer_ui.errors import ApiError
from designer_ui.security import current_user, requires

blueprint = Blueprint("softphone", __name__)
DEFAULT_TTL_S = 8 * 3600
"""An agent's shift: the desk fetches a fresh credential when it reloads."""
MAX_TTL_S = 24 * 3600
AGENT_PREFIX = "agent-"


@dataclass(frozen=True)
class SoftphoneCredential:
    ws_url: str
    sip_uri: str
    username: str
    password: str
    expires_at: int


def agent_aor(username: str, domain: str) -> str:
    """The address an agent's phones register at (and voice queueing dials)."""
    return f"sip:{AGENT_PREFIX}{username}@{domain}"


def sign(secret: str, username: str) -> str:
    digest = hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def issue(secret: str, agent: str, *, ws_url: str, domain: str, ttl_s: int,
          now: float | None = None) -> SoftphoneCredential:
    expires_at = int(now if now is not None else time.time()) + ttl_s
    username = f"{expires_at}:{AGENT_PREFIX}{agent}"
    return SoftphoneCredential(ws_url, agent_aor(agent, domain), username,
                               sign(secret, username), expires_at)


class SoftphoneOut(Schema):
    ws_url = fields.String(metadata={"description": "Kamailio's WebSocket (ws:// or wss://)"})
    sip_uri = fields.String(metadata={"description": "sip:agent-<username>@<domain>"})
    username = fields.String(metadata={"description": "<expiry>:agent-<username>"})
    password = fields.String(metadata={"description": "HMAC credential, valid until expiry"})
    expires_at = fields.Integer(metadata={"description": "Unix time the credential ends"})


@blueprint.get("/agents/me/softphone")
@requires("agent")
@documented("This agent's softphone: WebSocket address, SIP address and a short-lived "
            "credential", response=SoftphoneOut, errors=(404,),
            description="404 when the voice channel has no softphones (SOFTPHONE_SECRET and "
                        "SOFTPHONE_WS_URL unset).")
def my_softphone() -> Any:
    config = current_app.config
    secret = str(config.get("SOFTPHONE_SECRET") or "")
    ws_url = str(config.get("SOFTPHONE_WS_URL") or "")
    if not secret or not ws_url:
        raise ApiError(404, "Softphones are not configured on this Designer.",
                       code="softphone_off")
    ttl_s = min(max(int(config.get("SOFTPHONE_CREDENTIAL_TTL_S", DEFAULT_TTL_S)), 60), MAX_TTL_S)
    credential = issue(secret, current_user().username, ws_url=ws_url,
                       domain=str(config.get("SOFTPHONE_DOMAIN") or "127.0.0.1"), ttl_s=ttl_s)
    return jsonify(SoftphoneOut().dump(credential))
