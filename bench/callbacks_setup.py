"""What both callback benches need: a PostgreSQL schema of their own in database `test`, and
the Designer migrated on it with a bench user, its API token and an always-open queue."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.postgres_access import postgres_user

QUEUE = "support"
CALLER_ID = "+18005550100"
TOKEN = "dsg_bench_callbacks_" + "x" * 24


@contextmanager
def bench_schema(prefix: str) -> Iterator[str]:
    """A schema of its own in database `test`; the URL that works in it."""
    import psycopg

    user = postgres_user()
    schema = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(host="127.0.0.1", dbname="test", user=user, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield (f"postgresql+psycopg://{user}@127.0.0.1:5432/test"
               f"?options=-csearch_path%3D{schema}")
    finally:
        _drop(user, schema)


def _drop(user: str, schema: str) -> None:
    """Drop the schema; a lock another session still holds on it is waited out."""
    import psycopg

    for attempt in range(5):
        try:
            with psycopg.connect(host="127.0.0.1", dbname="test", user=user,
                                 autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
            return
        except psycopg.errors.DeadlockDetected:
            time.sleep(1 + attempt)
    raise RuntimeError(f"schema {schema} could not be dropped")


def designer_app(url: str, folder: Path, **config: Any) -> Any:
    """The Designer on `url` (migrated), with a bench user and its API token (no bot keys
    are stored, so it needs no `BOT_CREDENTIALS_KEY`)."""
    import logging

    from designer_ui.app import create_app
    from designer_ui.extensions import db
    from designer_ui.models import ApiToken, Queue, User
    from designer_ui.models.users import hash_token

    logging.getLogger("alembic").setLevel(logging.WARNING)
    app = create_app({"INSTANCE_PATH": str(folder), "SECRET_KEY": "bench-callbacks",
                      "SQLALCHEMY_DATABASE_URI": url, "CALLBACK_DIALER": "off",
                      "QUEUE_DISTRIBUTOR": "off", "BOT_CREDENTIALS_KEY_REQUIRED": False,
                      "CALLBACK_CALLER_ID": CALLER_ID, **config})
    with app.app_context():
        if db.session.query(User).filter_by(username="bench").first() is None:
            user = User(username="bench", display_name="Bench", roles=["business"],
                        active=True, password_hash="-")
            db.session.add(user)
            db.session.flush()
            db.session.add(ApiToken(user_id=user.id, name="bench", prefix=TOKEN[:10],
                                    token_hash=hash_token(TOKEN)))
            db.session.add(Queue(name=QUEUE, channels=["voice", "chat"], hours=None))
            db.session.commit()
    return app


def release(app: Any) -> None:
    """Write the application's pending analytics and close its connections (before its schema
    is dropped, or another process takes over the database)."""
    from designer_ui.analytics.sink import running_writer
    from designer_ui.extensions import db

    writer = running_writer(app)
    if writer is not None:
        writer.stop()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}
