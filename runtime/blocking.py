"""Run a blocking call without stalling an event loop.

`designer runtime` serves from gevent workers: one OS thread runs every request of a worker as
a green thread, and gevent makes sockets, sleeps and locks cooperative. A database driver's C
code is not: a SQLite statement waiting for another process's write lock (for up to its busy
timeout, seconds) or a large commit holds that one thread, and with it every request, stream
and Redis connection of the worker. Background jobs that write to a database (the analytics
writer, purges) therefore hand their database work to `run_blocking`, which runs it in a real
OS thread of gevent's thread pool while the calling green thread waits cooperatively. In a
process gevent has not patched (thread workers, the voice workers, tests) it simply calls the
function.

Some of that offloaded work must come back: a background round that reads the session store
(Redis, through gevent's cooperative sockets and the worker's shared connection pool) may not use
those sockets from the OS thread — gevent would try to switch greenlets across threads. Such
calls go through `run_on_hub`, which runs them as a green thread of the worker's own hub while
the OS thread waits, and simply calls them everywhere else.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


_home = threading.local()
"""In an OS thread `run_blocking` started: the hub it came from (`_home.hub`)."""


def run_blocking(function: Callable[..., T], *args: Any) -> T:
    """`function(*args)`, in an OS thread when this thread runs a gevent hub."""
    hub = _running_hub()
    if hub is None:
        return function(*args)
    result: T = hub.threadpool.apply(_away_from, (hub, function, args))
    return result


def _away_from(hub: Any, function: Callable[..., T], args: tuple[Any, ...]) -> T:
    _home.hub = hub
    try:
        return function(*args)
    finally:
        _home.hub = None


def run_on_hub(function: Callable[..., T], *args: Any) -> T:
    """`function(*args)` as a green thread of the hub whose `run_blocking` started this OS
    thread, waiting here for its result (or exception); a direct call anywhere else."""
    hub = getattr(_home, "hub", None)
    if hub is None:
        return function(*args)
    import gevent
    from gevent.monkey import get_original

    done = get_original("threading", "Event")()
    outcome: dict[str, Any] = {}

    def call() -> None:
        try:
            outcome["value"] = function(*args)
        except BaseException as exc:  # handed to the waiting thread, raised there
            outcome["error"] = exc
        finally:
            done.set()

    hub.loop.run_callback_threadsafe(lambda: gevent.spawn(call))
    done.wait()
    if "error" in outcome:
        raise outcome["error"]
    value: T = outcome["value"]
    return value


def offloads_blocking_calls() -> bool:
    """True when `run_blocking` would use an OS thread here (gevent has patched threading)."""
    return _running_hub() is not None


def _running_hub() -> Any:
    monkey = sys.modules.get("gevent.monkey")
    if monkey is None or not monkey.is_module_patched("threading"):
        return None
    from gevent._hub_local import get_hub_if_exists

    return get_hub_if_exists()
