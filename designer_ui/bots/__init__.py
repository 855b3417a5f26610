"""The Bot Registry in the Designer: stored bots (credentials encrypted), their REST API, the
pinning of native bots to published flow versions, and the connector hosts use to reach them.

`init_app(app)` mounts the API under `/api/v1`; `bot_connector(app)` gives the chat runtime and
the simulator a `BotConnector` that answers any `BotTurn` through the registry.
"""

from __future__ import annotations

from flask import Flask

from designer_ui.bots.source import bot_connector
from designer_ui.outbound import outbound_policy


def init_app(app: Flask) -> None:
    from designer_ui.bots.api import blueprint
    from designer_ui.bots.crypto import check_key_source
    from designer_ui.bots.pins import listen_for_publishing

    check_key_source(app)
    outbound_policy(app)  # a malformed OUTBOUND_ALLOWLIST stops start-up, not a later request
    app.register_blueprint(blueprint, url_prefix="/api/v1")
    listen_for_publishing()


__all__ = ["bot_connector", "init_app"]
