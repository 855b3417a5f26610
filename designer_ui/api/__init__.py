"""The REST API (`/api/v1`), one blueprint per area, as docs/api-v1.md describes it."""

from __future__ import annotations

from flask import Flask, request

from designer_ui.api import (
    audit,
    auth,
    business,
    calls,
    catalog,
    docs,
    entry_points,
    flow_languages,
    flow_library,
    flows,
    flowtests,
    grammars,
    legal_holds,
    prompts,
    simulator,
    transfer,
    user_admin,
    users,
    versions,
)
from designer_ui.api.http import apply_body_limit

BLUEPRINTS = (auth, users, user_admin, catalog, flows, flow_library, versions, entry_points,
              transfer, business, prompts, simulator, flowtests, audit, calls, legal_holds,
              grammars, flow_languages)


def _limit_api_bodies() -> None:
    if request.path.startswith("/api/"):
        apply_body_limit()


def register_api(app: Flask) -> None:
    app.before_request(_limit_api_bodies)
    for module in BLUEPRINTS:
        app.register_blueprint(module.blueprint, url_prefix="/api/v1")
    app.register_blueprint(docs.blueprint)
