"""The chat runtime in the Designer: the visitor API (HTTP + Server-Sent Events), the agent
desk API, the web chat widget and its demo page, on top of `runtime.chat`.

`init_chat(app)` mounts it all; the runtime itself (store, host, timer loop) is built on first
use in each process (see `designer_ui.chat.service`).
"""

from __future__ import annotations

from flask import Flask

from designer_ui.chat import desk_api, fast_path, pages, visitor_api
from designer_ui.chat.cookieless import skip_cookie_session
from designer_ui.chat.cpu_split import cpu_split_from_env
from designer_ui.chat.service import EXTENSION, ChatService, chat_service
from designer_ui.chat.settings import ChatWebSettings

API_PREFIX = "/api/v1"


def init_chat(app: Flask) -> None:
    settings = ChatWebSettings.for_app(app)
    app.config.setdefault("CHAT_BODY_LIMIT", settings.body_limit)
    fast_path.install(app)
    cpu_split = cpu_split_from_env()
    if cpu_split is not None:
        app.wsgi_app = cpu_split.wsgi(app.wsgi_app)  # type: ignore[method-assign]
    app.extensions[EXTENSION] = ChatService(app, settings, cpu_split)
    skip_cookie_session(app)
    app.register_blueprint(visitor_api.blueprint, url_prefix=API_PREFIX)
    app.register_blueprint(desk_api.blueprint, url_prefix=API_PREFIX)
    app.register_blueprint(pages.blueprint)
    if settings.timer_loop == "eager":
        app.extensions[EXTENSION].start_timers()


__all__ = ["ChatService", "ChatWebSettings", "chat_service", "init_chat"]
