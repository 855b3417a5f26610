"""Serves the editor that Vite builds into `static/editor/`: `index.html` at `/` and for every
`/editor/...` route (the editor routes in the browser), assets as files. Until it is built, a
page says how to build it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template, send_from_directory

blueprint = Blueprint("editor", __name__)


def editor_dir() -> Path:
    return Path(current_app.static_folder or "static") / "editor"


def _index() -> Any:
    index = editor_dir() / "index.html"
    if not index.is_file():
        return render_template("editor_missing.html"), 503
    response = Response(index.read_bytes(), mimetype="text/html")
    response.headers["Cache-Control"] = "no-cache"
    return response


@blueprint.get("/")
def home() -> Any:
    return _index()


@blueprint.get("/editor/")
@blueprint.get("/editor/<path:path>")
def editor(path: str = "") -> Any:
    if path and (editor_dir() / path).is_file():
        return send_from_directory(editor_dir(), path)
    if path.startswith("assets/") or Path(path).suffix in (".js", ".css", ".map", ".svg", ".png"):
        abort(404)
    return _index()


@blueprint.get("/assets/<path:path>")
def assets(path: str) -> Any:
    return send_from_directory(editor_dir() / "assets", path, max_age=60 * 60 * 24 * 365)
