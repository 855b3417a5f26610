"""A Designer on SQLite for the voice tests whose pool reads flows from it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Flask

from designer_ui.app import create_app
from designer_ui.extensions import db


@contextmanager
def sqlite_designer(folder: Path, secret_key: str, **config: Any) -> Iterator[Flask]:
    """A Designer app in `folder` with its database in `folder/designer.db`; `config` adds
    settings. Its database connections are closed when the block ends."""
    app = create_app({"INSTANCE_PATH": str(folder), "SECRET_KEY": secret_key, "TESTING": True,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'designer.db'}",
                      **config})
    try:
        yield app
    finally:
        with app.app_context():
            db.engine.dispose()


def designer_source(app: Flask, folder: Path, **options: Any) -> dict[str, Any]:
    """The pool's flow source reading `app`'s database, with its own files under `folder`;
    `options` are further source options."""
    return {"factory": "designer_ui.voice_source:open_designer_source", "options": {
        "database_url": app.config["SQLALCHEMY_DATABASE_URI"],
        "instance_path": str(folder / "designer"), "audio_cache": str(folder / "audio"),
        **options}}
