"""Pick the session store from one URL, as `SESSION_STORE` gives it.

`redis://host:port/db` (or `rediss://`, `unix://`) opens the Redis store; an optional
`prefix=` query parameter sets its key prefix. `sqlite:///path/to/file.db`, `sqlite:relative.db`
or a plain file path opens the SQLite store.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from runtime.sessions.store import SessionStore

REDIS_SCHEMES = ("redis", "rediss", "unix")
DEFAULT_SQLITE_PATH = Path("instance") / "chat-sessions.db"


def open_session_store(url: str | Path | None = None, *, redis_pool_size: int | None = None,
                       redis_pool_timeout_s: float | None = None,
                       **options: float) -> SessionStore:
    """The store the URL names (the default SQLite file when it is empty). The `redis_pool_*`
    options size the Redis store's connection pool; other stores ignore them."""
    text = str(url or "").strip()
    if not text:
        from runtime.sessions.sqlite_store import SQLiteSessionStore

        return SQLiteSessionStore(DEFAULT_SQLITE_PATH, **options)
    scheme = text.partition(":")[0].lower() if "://" in text or text.startswith("sqlite:") else ""
    if scheme in REDIS_SCHEMES:
        from runtime.sessions.redis_store import DEFAULT_PREFIX, RedisSessionStore

        parts = urlsplit(text)
        query = parse_qsl(parts.query)
        prefix = next((value for key, value in query if key == "prefix"), DEFAULT_PREFIX)
        rest = urlencode([(key, value) for key, value in query if key != "prefix"])
        settings: dict[str, Any] = dict(options)
        if redis_pool_size:
            settings["pool_size"] = redis_pool_size
        if redis_pool_timeout_s:
            settings["pool_timeout_s"] = redis_pool_timeout_s
        return RedisSessionStore.from_url(urlunsplit(parts._replace(query=rest)), prefix=prefix,
                                          **settings)
    if scheme == "sqlite":
        from runtime.sessions.sqlite_store import SQLiteSessionStore

        path = text[len("sqlite:"):]
        if path.startswith("///"):
            path = path[2:]
        elif path.startswith("//"):
            raise ValueError(f"'{text}': a SQLite URL is sqlite:///absolute/path or "
                             "sqlite:relative/path")
        return SQLiteSessionStore(path, **options)
    if scheme:
        raise ValueError(f"SESSION_STORE '{text}' is neither a redis:// URL, a sqlite: URL nor "
                         "a file path")
    from runtime.sessions.sqlite_store import SQLiteSessionStore

    return SQLiteSessionStore(text, **options)
