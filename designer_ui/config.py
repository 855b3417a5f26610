"""Where the application's settings come from: defaults, then the environment, then the caller.

`designer serve`, gunicorn and the tests all build the app with `create_app`; this module gives
each of them the same rules, so a setting means the same thing everywhere.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent

DEFAULTS: dict[str, Any] = {
    "LOAD_EXAMPLES": False,
    "EXAMPLES_DIR": None,
    "AUTO_MIGRATE": True,
    "SQLALCHEMY_ENGINE_OPTIONS": {},
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_NAME": "designer_session",
    "PERMANENT_SESSION_LIFETIME": 12 * 60 * 60,
    "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
    "JSON_BODY_LIMIT": 1024 * 1024,
    "FLOW_BODY_LIMIT": 20 * 1024 * 1024,
    "AUDIO_MAX_BYTES": 5 * 1024 * 1024,
    "AUDIO_UPLOAD_LIMIT": 6 * 1024 * 1024,
    "EDIT_LOCK_SECONDS": 300,
    "LOGIN_MAX_FAILURES": 5,
    "LOGIN_MAX_FAILURES_PER_ADDRESS": 30,
    "LOGIN_MAX_FAILURES_PER_ACCOUNT": 100,
    "LOGIN_FIRST_DELAY_SECONDS": 2,
    "LOGIN_MAX_DELAY_SECONDS": 900,
    "LOGIN_ACCOUNT_MAX_DELAY_SECONDS": 60,
    "LOGIN_FAILURE_WINDOW_SECONDS": 24 * 60 * 60,
    "LOGIN_MAX_SESSIONS_PER_USER": 20,
    "TRUSTED_PROXY_HOPS": 0,
    "PASSWORD_MIN_SCORE": 3,
    "API_TOKEN_DEFAULT_DAYS": 90,
    "AUDIT_CSV_MAX_ROWS": 100_000,
    "BOT_CREDENTIALS_KEY_REQUIRED": True,
    "SIMULATOR_SESSION_HOURS": 24,
    "FLOW_DOCUMENT_MAX_BYTES": 2 * 1024 * 1024,
    "SIMULATOR_MAX_SESSIONS_PER_USER": 5,
    "SIMULATOR_HISTORY_ENTRIES": 500,
    "SIMULATOR_HISTORY_MAX_BYTES": 512 * 1024,
    "SIMULATOR_STEP_BUDGET": 5000,
    "FLOW_SEARCH_MAX_RESULTS": 200,
    "WHERE_USED_MAX_RESULTS": 500,
    "DEMO_PASSWORD": None,
}


def instance_path_from(config: Mapping[str, Any] | None) -> str | None:
    """The instance folder: the caller's INSTANCE_PATH, else $DESIGNER_INSTANCE, else Flask's."""
    if config and config.get("INSTANCE_PATH"):
        return str(Path(config["INSTANCE_PATH"]).resolve())
    from_env = os.environ.get("DESIGNER_INSTANCE")
    return str(Path(from_env).resolve()) if from_env else None


def load_config(app: Flask, overrides: Mapping[str, Any] | None) -> None:
    app.config.update(DEFAULTS)
    app.config.from_prefixed_env("DESIGNER")
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    if os.environ.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    if os.environ.get("DESIGNER_DEMO_PASSWORD"):
        app.config["DEMO_PASSWORD"] = os.environ["DESIGNER_DEMO_PASSWORD"]
    if overrides:
        app.config.update(overrides)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    uri = app.config.get("SQLALCHEMY_DATABASE_URI") or default_database_uri(app)
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_uri(uri)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(Path(app.instance_path))
    if app.config["EXAMPLES_DIR"] is None:
        bundled = PROJECT_ROOT / "examples"
        app.config["EXAMPLES_DIR"] = str(bundled if bundled.is_dir() else Path.cwd() / "examples")


def default_database_uri(app: Flask) -> str:
    return f"sqlite:///{Path(app.instance_path) / 'designer.sqlite3'}"


def normalise_database_uri(uri: str) -> str:
    """PostgreSQL URLs without a driver use psycopg 3, the driver the project ships with."""
    for prefix in ("postgres://", "postgresql://"):
        if uri.startswith(prefix):
            return "postgresql+psycopg://" + uri[len(prefix):]
    return uri


def instance_secret_key(folder: Path) -> str:
    """A key kept in the instance folder, so every worker process signs sessions alike."""
    path = folder / "secret_key"
    if not path.exists():
        temporary = folder / f".secret_key.{os.getpid()}.{secrets.token_hex(4)}"
        temporary.write_text(secrets.token_hex(32))
        temporary.chmod(0o600)
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    return path.read_text().strip()
