"""The application factory: `create_app()` builds a Designer (REST API, editor, docs).

Production runs it under gunicorn (`gunicorn -w 4 'designer_ui.app:create_app()'`); the CLI's
`designer serve` and the tests call it with a config mapping. Settings come from defaults, then
the environment, then the mapping (see `designer_ui.config`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from designer_ui import bots, errors, headers, input_guards
from designer_ui.analytics import init_analytics
from designer_ui.api import register_api
from designer_ui.callbacks import init_callbacks
from designer_ui.chat import init_chat
from designer_ui.config import instance_path_from, load_config
from designer_ui.database import startup_lock, upgrade_database
from designer_ui.extensions import init_extensions
from designer_ui.queues import init_queues
from designer_ui.retention import init_retention
from designer_ui.security import init_security
from designer_ui.store_host import mount_store
from designer_ui.web import editor


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask("designer_ui", instance_path=instance_path_from(config),
                instance_relative_config=True)
    load_config(app, config)
    init_extensions(app)
    init_security(app)
    errors.init_app(app)
    input_guards.init_app(app)
    headers.init_app(app)
    register_api(app)
    init_callbacks(app)
    init_analytics(app)
    init_retention(app)
    bots.init_app(app)
    mount_store(app)
    app.register_blueprint(editor.blueprint)
    if app.config["AUTO_MIGRATE"] or app.config["LOAD_EXAMPLES"]:
        with app.app_context(), startup_lock(app):
            upgrade_database()
            if app.config["LOAD_EXAMPLES"]:
                from designer_ui.services.examples import load_examples

                load_examples(app)
                from microapps_store.builtins import publish_builtins

                publish_builtins(app)
    init_chat(app)
    init_queues(app)
    return app
