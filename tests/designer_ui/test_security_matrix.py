"""Who may call what: every endpoint for every role, as docs/api-v1.md states it.

The table is written out by hand from the API document, independently of the code; a test
checks that it names every endpoint the app has, so a new endpoint cannot ship without a rule.
Refused means 401 (anonymous) or 403; allowed means anything else (400, 404 and so on are fine:
the requests carry no useful body).
"""

from __future__ import annotations

import re

import pytest
from flask import Flask

from tests.designer_ui.conftest import add_user, add_users_with_tokens, login
from tests.designer_ui.helpers import Api
from tests.microapps_store.test_access import RULES as STORE_RULES

ANY = frozenset({"admin", "developer", "business", "business-live", "reviewer", "agent"})
DEV = frozenset({"admin", "developer"})
BIZ = frozenset({"admin", "business", "business-live"})
LIVE = frozenset({"admin", "business-live"})
ADMIN = frozenset({"admin"})
IDENTITIES = {"admin": ["admin"], "developer": ["developer"], "business": ["business"],
              "business-live": ["business"], "reviewer": ["reviewer"], "agent": ["agent"]}

RULES: list[tuple[str, str, frozenset[str]]] = [
    ("POST", "/auth/logout", ANY), ("GET", "/auth/me", ANY), ("POST", "/auth/password", ANY),
    ("GET", "/tokens", ANY), ("POST", "/tokens", ANY), ("DELETE", "/tokens/<int:token_id>", ANY),
    ("GET", "/users", ADMIN), ("POST", "/users", ADMIN), ("PATCH", "/users/<int:user_id>", ADMIN),
    ("GET", "/users/<int:user_id>/tokens", ADMIN), ("POST", "/users/<int:user_id>/tokens", ADMIN),
    ("DELETE", "/users/<int:user_id>/tokens/<int:token_id>", ADMIN),
    ("POST", "/users/<int:user_id>/password", ADMIN),
    ("GET", "/blocks", ANY), ("GET", "/schema", ANY), ("POST", "/expressions/check", ANY),
    ("GET", "/flows", ANY), ("POST", "/flows", DEV), ("GET", "/flows/<flow_id>", ANY),
    ("PUT", "/flows/<flow_id>", DEV | BIZ), ("DELETE", "/flows/<flow_id>", DEV),
    ("POST", "/flows/<flow_id>/validate", ANY), ("POST", "/flows/<flow_id>/lock", DEV),
    ("DELETE", "/flows/<flow_id>/lock", DEV), ("GET", "/flows/<flow_id>/versions", ANY),
    ("POST", "/flows/<flow_id>/versions", DEV),
    ("GET", "/flows/<flow_id>/versions/<int:number>", ANY), ("GET", "/flows/<flow_id>/diff", ANY),
    ("POST", "/flows/<flow_id>/versions/<int:number>/restore", DEV),
    ("GET", "/environments", ANY),
    ("PUT", "/environments/dev/flows/<flow_id>", DEV),
    ("PUT", "/environments/test/flows/<flow_id>", DEV),
    ("PUT", "/environments/live/flows/<flow_id>", LIVE),
    ("DELETE", "/environments/dev/flows/<flow_id>", DEV),
    ("DELETE", "/environments/live/flows/<flow_id>", LIVE),
    ("GET", "/entry-points", DEV), ("POST", "/entry-points", DEV),
    ("PUT", "/entry-points/<int:entry_id>", DEV), ("DELETE", "/entry-points/<int:entry_id>", DEV),
    ("GET", "/export", ANY), ("GET", "/flows/<flow_id>/export", ANY), ("POST", "/import", DEV),
    ("POST", "/flows/<flow_id>/import", DEV), ("GET", "/flows/<flow_id>/languages", ANY),
    ("POST", "/simulator/sessions", ANY), ("POST", "/simulator/sessions/<session_id>/events", ANY),
    ("POST", "/simulator/sessions/<session_id>/testcase", ANY),
    ("GET", "/flows/<flow_id>/tests", ANY), ("PUT", "/flows/<flow_id>/tests", DEV),
    ("POST", "/flows/<flow_id>/tests/run", ANY),
    *[(method, f"/business/{kind}{suffix}", allowed)
      for kind in ("hours", "special-days", "emergency", "tables", "announcements")
      for method, suffix, allowed in (("GET", "", ANY), ("GET", "/<name>", ANY),
                                      ("PUT", "/<name>", BIZ), ("DELETE", "/<name>", BIZ))],
    ("GET", "/business/tables/<name>/csv", ANY), ("PUT", "/business/tables/<name>/csv", BIZ),
    ("GET", "/prompts", ANY), ("GET", "/prompts/<name>", ANY), ("PUT", "/prompts/<name>", BIZ),
    ("DELETE", "/prompts/<name>", BIZ), ("GET", "/prompts/<name>/audio/<language>", ANY),
    ("PUT", "/prompts/<name>/audio/<language>", BIZ),
    ("DELETE", "/prompts/<name>/audio/<language>", BIZ),
    ("GET", "/audit", ADMIN),
    ("GET", "/calls", DEV | BIZ), ("GET", "/calls/<call_id>", DEV | BIZ),
    ("GET", "/legal-holds", ADMIN), ("POST", "/legal-holds", ADMIN),
    ("GET", "/legal-holds/<int:hold_id>", ADMIN), ("DELETE", "/legal-holds/<int:hold_id>", ADMIN),
    ("GET", "/bots", ANY), ("POST", "/bots", DEV), ("GET", "/bots/<name>", ANY),
    ("PUT", "/bots/<name>", DEV), ("DELETE", "/bots/<name>", DEV),
    ("POST", "/bots/<name>/test", DEV), ("GET", "/bots/<name>/intents", ANY),
    *[("GET", f"/analytics/{path}", DEV | BIZ)
      for path in ("summary", "series", "facets", "status", "sessions", "sessions/<session_id>",
                   "flows/<flow_id>/blocks", "flows/<flow_id>/paths", "flows/<flow_id>/funnel",
                   "flows/<flow_id>/milestones", "surveys")],
    ("GET", "/business/promotion", ANY), ("POST", "/business/promotion", DEV | BIZ),
    ("GET", "/grammars", ANY), ("GET", "/grammars/<name>/<language>", ANY),
    ("PUT", "/grammars/<name>/<language>", BIZ),
    ("DELETE", "/grammars/<name>/<language>", BIZ),
    ("GET", "/templates", ANY), ("POST", "/flows/from-template", DEV),
    ("POST", "/flows/<flow_id>/copy", DEV), ("GET", "/flow-search", ANY),
    ("GET", "/where-used", ANY),
]
DESK = frozenset({"admin", "agent"})
RULES += [(method, f"/chat/desk/{path}", DESK) for method, path in (
    ("GET", "queue"), ("GET", "mine"), ("GET", "sessions/<session_id>"),
    ("POST", "sessions/<session_id>/accept"), ("POST", "sessions/<session_id>/messages"),
    ("POST", "sessions/<session_id>/end"), ("GET", "sessions/<session_id>/events"))]
QUEUE_READERS = DEV | BIZ | {"agent"}
AGENT_SELF = frozenset({"admin", "agent"})
RULES += [
    ("GET", "/queues", QUEUE_READERS), ("POST", "/queues", BIZ),
    ("GET", "/queues/<int:queue_id>", QUEUE_READERS),
    ("PATCH", "/queues/<int:queue_id>", BIZ), ("DELETE", "/queues/<int:queue_id>", BIZ),
    ("GET", "/queues/<int:queue_id>/realtime", QUEUE_READERS),
    ("GET", "/queues/<int:queue_id>/intervals", QUEUE_READERS),
    ("GET", "/agents", BIZ), ("GET", "/agents/me", AGENT_SELF),
    ("GET", "/agents/me/softphone", AGENT_SELF),
    ("PUT", "/agents/<int:user_id>/state", BIZ),  # agents: only their own (user 1 is not)
    ("PUT", "/agents/<int:user_id>/profile", BIZ),
    ("POST", "/agents/me/offers/<int:interaction_id>/accept", AGENT_SELF),
    ("POST", "/agents/me/offers/<int:interaction_id>/decline", AGENT_SELF),
]
CALLBACK_USERS = frozenset({"admin", "business", "business-live", "developer", "agent"})
RULES += [
    ("GET", "/callbacks", CALLBACK_USERS), ("POST", "/callbacks", CALLBACK_USERS),
    ("GET", "/callbacks/availability", CALLBACK_USERS),
    ("GET", "/callbacks/<int:callback_id>", CALLBACK_USERS),
    ("PATCH", "/callbacks/<int:callback_id>", CALLBACK_USERS),
    ("DELETE", "/callbacks/<int:callback_id>", CALLBACK_USERS),
    ("GET", "/callbacks/rules/<name>", CALLBACK_USERS), ("PUT", "/callbacks/rules/<name>", BIZ),
    ("GET", "/analytics/callbacks", DEV | BIZ),
]
RULES += [(method, rule, allowed | {"business-live"} if "business" in allowed else allowed)
          for method, rule, allowed in STORE_RULES]
PUBLIC = [("POST", "/auth/login"), ("GET", "/auth/session"), ("GET", "/openapi.json"),
          ("POST", "/chat/<entry>/sessions"), ("GET", "/chat/sessions/<session_id>"),
          ("POST", "/chat/sessions/<session_id>/messages"),
          ("GET", "/chat/sessions/<session_id>/messages"),
          ("GET", "/chat/sessions/<session_id>/events"),
          ("DELETE", "/chat/sessions/<session_id>")]
VALUES = {"flow_id": "hello", "name": "main", "session_id": "abc", "language": "en-US",
          "env": "dev", "publisher": "acme", "version": "1.0.0", "call_id": "abc"}


def concrete(rule: str) -> str:
    def value(match: re.Match[str]) -> str:
        converter, name = match.group(1), match.group(2)
        return "1" if converter == "int" else VALUES[name]

    return "/api/v1" + re.sub(r"<(?:(\w+):)?(\w+)>", value, rule)


def as_flask_rule(rule: str) -> str:
    return "/api/v1" + re.sub(r"/environments/(dev|test|live)/", "/environments/<env>/", rule)


def test_the_table_covers_every_endpoint(session_app: Flask) -> None:
    actual = {(method, rule.rule) for rule in session_app.url_map.iter_rules()
              if rule.rule.startswith("/api/v1/")
              for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}}
    table = {(method, as_flask_rule(rule)) for method, rule, _ in RULES}
    table |= {(method, "/api/v1" + rule) for method, rule in PUBLIC}
    assert actual == table


@pytest.mark.parametrize(("method", "rule", "allowed"), RULES,
                         ids=[f"{m} {r}" for m, r, _ in RULES])
def test_roles(app: Flask, method: str, rule: str, allowed: frozenset[str]) -> None:
    url = concrete(rule)
    anonymous = app.test_client().open(url, method=method, json={})
    assert anonymous.status_code == 401, (url, anonymous.json)
    tokens = add_users_with_tokens(app, IDENTITIES)
    for identity in IDENTITIES:
        api = Api(app.test_client(), token=tokens[identity])
        response = api.open(method, url, json={})
        refused = response.status_code in (401, 403)
        assert refused == (identity not in allowed), (identity, method, url, response.status_code,
                                                      response.json)


@pytest.mark.parametrize(("method", "rule"), [(m, r) for m, r, _ in RULES if m != "GET"],
                         ids=[f"{m} {r}" for m, r, _ in RULES if m != "GET"])
def test_cookie_sessions_need_the_csrf_header(app: Flask, method: str, rule: str) -> None:
    add_user(app, "root", ["admin"])
    session = login(app, "root")
    response = session.client.open(concrete(rule), method=method, json={})
    assert response.status_code == 403 and response.json["error"]["code"] == "csrf_failed"


def test_public_endpoints(app: Flask) -> None:
    client = app.test_client()
    assert client.get("/api/v1/openapi.json").status_code == 200
    assert client.post("/api/v1/auth/login", json={}).status_code == 400
