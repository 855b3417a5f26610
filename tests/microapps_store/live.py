"""Designer instances for the command-line tests: built in a folder, served on 127.0.0.1 (port
0) in a thread, with users holding API tokens."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask
from werkzeug.serving import make_server

from designer_ui.app import create_app
from designer_ui.extensions import db
from tests.designer_ui.conftest import add_users_with_tokens


def instance(folder: Path, users: dict[str, list[str]]) -> tuple[Flask, dict[str, str]]:
    app = create_app({"INSTANCE_PATH": str(folder), "SECRET_KEY": "microapps-tests",
                      "TESTING": True})
    return app, add_users_with_tokens(app, users)


@contextmanager
def served(app: Flask) -> Iterator[str]:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="microapps-store", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with app.app_context():
            db.engine.dispose()
