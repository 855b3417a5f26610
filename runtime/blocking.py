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
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def run_blocking(function: Callable[..., T], *args: Any) -> T:
    """`function(*args)`, in an OS thread when this thread runs a gevent hub."""
    hub = _running_hub()
    if hub is None:
        return function(*args)
    result: T = hub.threadpool.apply(function, args)
    return result


def offloads_blocking_calls() -> bool:
    """True when `run_blocking` would use an OS thread here (gevent has patched threading)."""
    return _running_hub() is not None


def _running_hub() -> Any:
    monkey = sys.modules.get("gevent.monkey")
    if monkey is None or not monkey.is_module_patched("threading"):
        return None
    from gevent._hub_local import get_hub_if_exists

    return get_hub_if_exists()
