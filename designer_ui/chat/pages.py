"""The web chat widget's script (`/widget/chat.js`) and a demo page (`/chat-demo`) that embeds
it the way a customer's site would: one script tag and one call to `DesignerChat.init`."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template, request, send_from_directory

blueprint = Blueprint("chat_pages", __name__, template_folder="templates")
ENTRY_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$")
DEFAULT_DEMO_ENTRY = "order-status"
DEMO_THEME = {"accent": "#1f6f5c", "accentText": "#ffffff", "radius": "14px"}


def widget_dir() -> Path:
    return Path(current_app.static_folder or "static") / "widget"


@blueprint.get("/widget/chat.js")
def widget_script() -> Any:
    if not (widget_dir() / "chat.js").is_file():
        abort(404, "The chat widget is not built: run `npm run build` in designer_ui/frontend.")
    response = send_from_directory(widget_dir(), "chat.js", max_age=300)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _demo_entry() -> str:
    entry = request.args.get("entry", DEFAULT_DEMO_ENTRY)
    return entry if ENTRY_KEY.match(entry) else DEFAULT_DEMO_ENTRY


@blueprint.get("/chat-demo")
def demo_page() -> Any:
    return render_template("chat_demo.html", entry=_demo_entry(),
                           built=(widget_dir() / "chat.js").is_file())


@blueprint.get("/chat-demo/init.js")
def demo_init() -> Response:
    """The page's one call to `DesignerChat.init`; a file, as the page's CSP allows no inline
    script."""
    config = {"server": request.host_url.rstrip("/"), "entry": _demo_entry(),
              "title": "Northwind help", "theme": DEMO_THEME}
    body = f"window.DesignerChat.init({json.dumps(config)});\n"
    response = Response(body, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-store"
    return response
