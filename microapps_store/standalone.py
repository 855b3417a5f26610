"""The store on its own (`designer microapp store`): a Flask app with the store's API only, its
own database, API-token users and an audit log written to the `microapps_store.audit` logger.
It imports nothing of the Designer; Designers use it as a remote store (`MICROAPPS_STORE_URL`).

Settings (config mapping, or environment variables of the same name):
`MICROAPPS_STORE_DATABASE_URL` (default: SQLite `store.sqlite` in the instance folder),
`MICROAPPS_STORE_USERS` (JSON: API token → {"username", "roles"}), `MICROAPPS_PACKAGE_MAX_BYTES`
(10 MB) and `MICROAPPS_STORE_JSON_MAX_BYTES` (64 KB) for every other request body.
"""

from __future__ import annotations

import hmac
import json
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask, Response, current_app, request
from sqlalchemy.orm import Session, scoped_session, sessionmaker
from werkzeug.exceptions import HTTPException

from microapps_store.errors import StoreError
from microapps_store.host import StoreHost, StoreUser
from microapps_store.web import DEFAULTS, STORE_METADATA, init_store
from microapps_store.web.common import error_body

AUDIT_LOG = logging.getLogger("microapps_store.audit")
SETTINGS = ("MICROAPPS_STORE_DATABASE_URL", "MICROAPPS_STORE_USERS",
            "MICROAPPS_PACKAGE_MAX_BYTES", "MICROAPPS_STORE_JSON_MAX_BYTES", "EXAMPLES_DIR")
JSON_MAX_BYTES = 64 * 1024
BUNDLED_EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@dataclass(frozen=True)
class TokenUser:
    username: str
    roles: tuple[str, ...]

    def has_role(self, *roles: str) -> bool:
        return "admin" in self.roles or any(role in self.roles for role in roles)


def parse_users(value: Any) -> dict[str, TokenUser]:
    """`{"token": {"username": "ann", "roles": ["developer"]}}` (a mapping or its JSON)."""
    data = json.loads(value) if isinstance(value, str) else (value or {})
    if not isinstance(data, dict):
        raise ValueError("MICROAPPS_STORE_USERS must map API tokens to users.")
    users = {}
    for token, entry in data.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("username"), str) \
                or len(str(token)) < 16:
            raise ValueError("Each MICROAPPS_STORE_USERS entry needs a token of 16 characters "
                             "or more and a 'username'.")
        users[str(token)] = TokenUser(entry["username"], tuple(entry.get("roles", ())))
    return users


def token_user() -> StoreUser:
    header = request.headers.get("Authorization", "")
    token = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else ""
    users: dict[str, TokenUser] = current_app.extensions["microapps_store.users"]
    for known, user in users.items():
        if token and hmac.compare_digest(known.encode(), token.encode()):
            return user
    raise StoreError(401, "unauthorized", "Send an API token: 'Authorization: Bearer <token>'.")


def log_audit(action: str, obj: str = "", *, username: str | None = None,
              **details: Any) -> None:
    AUDIT_LOG.info("%s %s by %s %s", action, obj, username or "-",
                   json.dumps(details, sort_keys=True, default=str))


def _settings(app: Flask, config: Mapping[str, Any] | None) -> None:
    app.config.update(DEFAULTS)
    app.config.update(MICROAPPS_STORE_DATABASE_URL=None, MICROAPPS_STORE_USERS={},
                      MICROAPPS_STORE_JSON_MAX_BYTES=JSON_MAX_BYTES,
                      EXAMPLES_DIR=str(BUNDLED_EXAMPLES))
    for key in SETTINGS:
        if key in os.environ:
            app.config[key] = os.environ[key]
    app.config.update(config or {})
    for key in ("MICROAPPS_PACKAGE_MAX_BYTES", "MICROAPPS_STORE_JSON_MAX_BYTES"):
        app.config[key] = int(app.config[key])


def _apply_body_limit() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    key = getattr(view, "body_limit", "MICROAPPS_STORE_JSON_MAX_BYTES")
    request.max_content_length = int(current_app.config[key])


def _http_error(exc: HTTPException) -> Response:
    status = exc.code or 500
    return error_body(status, (exc.name or "error").lower().replace(" ", "_"),
                      exc.description or exc.name, {})


def create_store_app(config: Mapping[str, Any] | None = None,
                     instance_path: str | None = None) -> Flask:
    app = Flask("microapps_store", instance_path=instance_path)
    _settings(app, config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    url = app.config["MICROAPPS_STORE_DATABASE_URL"] or \
        f"sqlite:///{Path(app.instance_path) / 'store.sqlite'}"
    engine = sa.create_engine(url)
    STORE_METADATA.create_all(engine)
    sessions: scoped_session[Session] = scoped_session(sessionmaker(engine))
    app.extensions["microapps_store.engine"] = engine
    app.extensions["microapps_store.users"] = parse_users(app.config["MICROAPPS_STORE_USERS"])
    init_store(app, StoreHost(session=sessions, audit=log_audit, current_user=token_user))
    app.before_request(_apply_body_limit)
    app.register_error_handler(HTTPException, _http_error)
    app.teardown_appcontext(lambda _exc: sessions.remove())
    return app
