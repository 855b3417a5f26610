"""The real Designer app on 127.0.0.1 (port 0) in a thread, with the built editor and test users.

Shared by the browser tests and `bench/bench_editor.py`. Both fail loudly when the editor build
or Chromium is missing: they never skip.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from werkzeug.security import generate_password_hash
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[3]
EDITOR_INDEX = ROOT / "designer_ui" / "static" / "editor" / "index.html"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "correct horse battery"
FAST_HASH = "pbkdf2:sha256:1000"


@dataclass(frozen=True)
class TestUser:
    username: str
    roles: tuple[str, ...]
    can_promote_live: bool = False


USERS = (
    TestUser("dana", ("developer",)),
    TestUser("devon", ("developer",)),
    TestUser("bea", ("business",), can_promote_live=True),
)


def require_build_and_browser() -> None:
    """Stop with a clear message when the editor is not built or Chromium is not installed."""
    if not EDITOR_INDEX.is_file():
        raise RuntimeError(f"The editor is not built ({EDITOR_INDEX} is missing): run "
                           "`cd designer_ui/frontend && npm ci && npm run build`.")
    if not CHROMIUM.exists():
        raise RuntimeError("Chromium is missing at /usr/bin/chromium: `apt-get install -y chromium`.")


def add_users(app: Any, users: tuple[TestUser, ...] = USERS) -> None:
    from designer_ui.extensions import db
    from designer_ui.models import User

    with app.app_context():
        for user in users:
            db.session.add(User(username=user.username, display_name=user.username.title(),
                                roles=list(user.roles), can_promote_live=user.can_promote_live,
                                active=True,
                                password_hash=generate_password_hash(PASSWORD, method=FAST_HASH)))
        db.session.commit()


@contextmanager
def serve_designer(instance: Path, **config: Any) -> Iterator[str]:
    """Run the Designer until the block ends; yields its base URL."""
    from designer_ui.app import create_app

    require_build_and_browser()
    app = create_app({"INSTANCE_PATH": str(instance), "SECRET_KEY": "browser-tests",
                      "TESTING": True, **config})
    add_users(app)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="designer-live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
