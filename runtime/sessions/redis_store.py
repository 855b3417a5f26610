"""The session store for several runtime nodes: Redis (`SESSION_STORE=redis://…`).

Each session is a hash (version, status, last update, the record as JSON), its transcript a
sorted set scored by sequence number, its client message ids a hash; sorted sets index due
timers, active sessions by last update (idle expiry), ended sessions (retention) and the
sessions of each status (the agent desk's queue).
Every write goes through one Lua script (see `redis_scripts`), so the version check and all
these writes are a single atomic step.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import redis

from runtime.sessions.codec import dump_json
from runtime.sessions.errors import (
    DuplicateMessageError,
    SessionExistsError,
    SessionNotFoundError,
    StaleSessionError,
)
from runtime.sessions.health import StoreUnavailable
from runtime.sessions.records import (
    STATUSES,
    Message,
    SessionRecord,
    check_status,
    number_messages,
)
from runtime.sessions.redis_scripts import PURGE, SAVE
from runtime.sessions.store import SWEEP_BATCH, Saved, SessionStore

DEFAULT_PREFIX = "cfd:chat:"
DEFAULT_POOL_SIZE = 64
"""Redis connections per process (`CHAT_REDIS_POOL_SIZE`; `designer runtime` sizes it from its
thread count): every request thread, the timer loop and the news listener may hold one."""
DEFAULT_POOL_TIMEOUT_S = 2.0
"""How long a thread waits for a free connection (`CHAT_REDIS_POOL_TIMEOUT_S`)."""


def _dump(value: object) -> str:
    return dump_json(value)


class RedisSessionStore(SessionStore):
    unavailable_errors = (redis.ConnectionError, redis.TimeoutError)

    def __init__(self, client: redis.Redis, *, prefix: str = DEFAULT_PREFIX, **options: float):
        self.client = client
        super().__init__(**options)
        self.prefix = prefix
        self.news_channel = f"{prefix}news"
        """Every save is announced here as `saved:<session id>` (in the same atomic step)."""
        self._save = client.register_script(SAVE)
        self._purge = client.register_script(PURGE)

    @classmethod
    def from_url(cls, url: str, *, prefix: str = DEFAULT_PREFIX,
                 pool_size: int = DEFAULT_POOL_SIZE,
                 pool_timeout_s: float = DEFAULT_POOL_TIMEOUT_S,
                 **options: float) -> RedisSessionStore:
        """A store on a blocking pool of at most `pool_size` connections: a thread that finds
        them all busy waits up to `pool_timeout_s`, then gets a ConnectionError (a 503 for
        chat clients) instead of opening connections without bound."""
        pool = redis.BlockingConnectionPool.from_url(
            url, max_connections=int(pool_size), timeout=pool_timeout_s,
            decode_responses=True, socket_timeout=10, socket_connect_timeout=5)
        return cls(redis.Redis.from_pool(pool), prefix=prefix, **options)

    def describe(self) -> str:
        kwargs = self.client.connection_pool.connection_kwargs
        if "path" in kwargs:
            return f"unix://{kwargs['path']}"
        return f"redis://{kwargs.get('host', 'localhost')}:{kwargs.get('port', 6379)}/" \
               f"{kwargs.get('db', 0)}"

    def check(self) -> None:
        try:
            self.client.ping()
        except redis.RedisError as exc:
            raise StoreUnavailable(f"the session store {self.describe()} does not answer "
                                   f"({type(exc).__name__}: {exc})") from None

    def close(self) -> None:
        self.client.close()

    # -- keys --------------------------------------------------------------------------------

    def _session_keys(self, session_id: str) -> list[str]:
        base = f"{self.prefix}s:{session_id}"
        return [base, f"{base}:m", f"{base}:c", f"{self.prefix}timers", f"{self.prefix}active",
                f"{self.prefix}ended"]

    def _status_key(self, status: str) -> str:
        return f"{self.prefix}status:{status}"

    def _status_keys(self, first: str) -> list[str]:
        """The status indexes, the given status's first (where a save adds the session)."""
        return [self._status_key(first),
                *(self._status_key(status) for status in STATUSES if status != first)]

    # -- sessions ----------------------------------------------------------------------------

    def create(self, record: SessionRecord, messages: Sequence[Message] = ()) -> Saved:
        if record.version != 0:
            raise ValueError("a new session record has version 0")
        return self._write(record, messages)

    def load(self, session_id: str) -> SessionRecord:
        body = self.client.hget(self._session_keys(session_id)[0], "record")
        if body is None:
            raise SessionNotFoundError(f"there is no session '{session_id}'")
        return SessionRecord.from_json(json.loads(str(body)))

    def load_with_client_message(self, session_id: str, client_message_id: str
                                 ) -> tuple[SessionRecord, Message | None]:
        keys = self._session_keys(session_id)
        pipeline = self.client.pipeline(transaction=False)
        pipeline.hget(keys[0], "record")
        pipeline.hget(keys[2], client_message_id)
        body, earlier = pipeline.execute()
        if body is None:
            raise SessionNotFoundError(f"there is no session '{session_id}'")
        record = SessionRecord.from_json(json.loads(str(body)))
        return record, Message.from_json(json.loads(str(earlier))) if earlier is not None else None

    def save(self, record: SessionRecord, messages: Sequence[Message] = ()) -> Saved:
        if record.version < 1:
            raise ValueError("a saved session record has a version of 1 or more")
        return self._write(record, messages)

    def _write(self, record: SessionRecord, messages: Sequence[Message]) -> Saved:
        check_status(record.status)
        numbered = number_messages(record, list(messages))
        stored = replace(record, version=record.version + 1,
                         last_seq=record.last_seq + len(numbered))
        args: list[Any] = [record.version, stored.version, stored.status, repr(stored.updated_at),
                           repr(stored.timer.due_at) if stored.timer else "",
                           _dump(stored.to_json()), stored.id, len(numbered)]
        for message in numbered:
            args += [message.client_message_id or "", message.seq, _dump(message.to_json())]
        args.append(self.news_channel)
        keys = self._session_keys(record.id) + self._status_keys(stored.status)
        outcome = str(self._save(keys=keys, args=args))
        if outcome == "ok":
            return Saved(stored, numbered)
        if outcome == "exists":
            raise SessionExistsError(f"session '{record.id}' already exists")
        if outcome == "missing":
            raise SessionNotFoundError(f"there is no session '{record.id}'")
        if outcome == "duplicate":
            raise DuplicateMessageError("a message with this client_message_id is already in "
                                        f"session '{record.id}'")
        current = outcome.partition(":")[2]
        raise StaleSessionError(f"session '{record.id}' is at version {current}, not "
                                f"{record.version}: it was saved meanwhile")

    # -- transcript --------------------------------------------------------------------------

    def messages_after(self, session_id: str, after_seq: int = 0,
                       limit: int | None = None) -> list[Message]:
        key = self._session_keys(session_id)[1]
        if limit is None:
            bodies = self.client.zrangebyscore(key, f"({after_seq}", "+inf")
        else:
            bodies = self.client.zrangebyscore(key, f"({after_seq}", "+inf", start=0, num=limit)
        return [Message.from_json(json.loads(body)) for body in _strings(bodies)]

    def find_client_message(self, session_id: str, client_message_id: str) -> Message | None:
        body = self.client.hget(self._session_keys(session_id)[2], client_message_id)
        return Message.from_json(json.loads(str(body))) if body is not None else None

    # -- sweeps ------------------------------------------------------------------------------

    def due_timers(self, now: float, limit: int = SWEEP_BATCH) -> list[str]:
        return self._ids(f"{self.prefix}timers", now, limit, inclusive=True)

    def idle_sessions(self, idle_since: float, limit: int = SWEEP_BATCH) -> list[str]:
        return self._ids(f"{self.prefix}active", idle_since, limit, inclusive=False)

    def sessions_with_status(self, status: str, limit: int = SWEEP_BATCH) -> list[SessionRecord]:
        check_status(status)
        ids = _strings(self.client.zrange(self._status_key(status), 0, limit - 1))
        if not ids:
            return []
        pipeline = self.client.pipeline(transaction=False)
        for session_id in ids:
            pipeline.hget(self._session_keys(session_id)[0], "record")
        records = [SessionRecord.from_json(json.loads(str(body)))
                   for body in pipeline.execute() if body is not None]
        return [record for record in records if record.status == status]

    def purge_ended(self, ended_before: float, limit: int = SWEEP_BATCH) -> int:
        candidates = self._ids(f"{self.prefix}ended", ended_before, limit, inclusive=False)
        purged = 0
        for session_id in candidates:
            keys = self._session_keys(session_id) + self._status_keys("ended")
            purged += int(self._purge(keys=keys, args=[repr(ended_before), session_id]))
        return purged

    def ended_ids(self, ended_before: float, limit: int = SWEEP_BATCH, skip: int = 0
                  ) -> list[str]:
        return self._ids(f"{self.prefix}ended", ended_before, limit, inclusive=False, skip=skip)

    def purge_sessions(self, session_ids: Sequence[str], ended_before: float) -> int:
        purged = 0
        for session_id in session_ids:  # the same atomic script as purge_ended, per session
            keys = self._session_keys(session_id) + self._status_keys("ended")
            purged += int(self._purge(keys=keys, args=[repr(ended_before), session_id]))
        return purged

    def _ids(self, key: str, upto: float, limit: int, *, inclusive: bool,
             skip: int = 0) -> list[str]:
        bound = repr(upto) if inclusive else f"({upto!r}"
        found = self.client.zrangebyscore(key, "-inf", bound, start=skip, num=limit)
        return _strings(found)


def _strings(reply: Any) -> list[str]:
    return [str(item) for item in reply]
