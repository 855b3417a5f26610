"""`designer runtime`: the chat runtime (and the rest of the app) under gunicorn, as one node.

Run any number of these behind a load balancer with the same `DATABASE_URL` (PostgreSQL) and
`SESSION_STORE` (Redis): a conversation continues on whichever node gets its next request.
Workers run an event loop (gunicorn's `gevent` worker class): an open chat stream is a green
thread waiting for news, not an OS thread, so thousands of streams and the REST API share a
worker. `--worker-class gthread` keeps the thread-per-request workers (each open stream then
holds a thread). Each worker starts its own timer loop, so no-input and queue timers fire even
on a node nobody talks to. The command refuses to start when the session store does not answer.
"""

from __future__ import annotations

import os
import resource
import sys

import click

from designer_ui.cli.runtime_server import GEVENT_BOOT, ServerOptions, serve

POOL_HEADROOM = 8
"""Redis connections per worker beyond one per thread: the timer loop, the news listener,
rate-limit counters. The pool is CHAT_REDIS_POOL_SIZE when set, threads + this otherwise."""
GEVENT_REDIS_POOL_SIZE = 64
"""Redis connections per gevent worker unless CHAT_REDIS_POOL_SIZE says otherwise. Green
threads hold a connection only for one command (streams wait on the one pub/sub connection),
so a few dozen serve thousands of streams; a burst beyond waits CHAT_REDIS_POOL_TIMEOUT_S."""
FD_HEADROOM = 1024
"""Open files per worker beyond one per connection: database, Redis, logs, libraries."""


@click.command("runtime")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8090, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int, help="Worker processes.")
@click.option("--worker-class", "worker_class", default="gevent", show_default=True,
              type=click.Choice(["gevent", "gthread"]),
              help="gevent: an event loop per worker; gthread: a thread per request.")
@click.option("--connections", default=10_000, show_default=True, type=click.IntRange(1),
              help="Open connections (chat streams included) per gevent worker.")
@click.option("--threads", default=32, show_default=True, type=int,
              help="Threads per gthread worker (each open chat stream holds one).")
@click.option("--examples/--no-examples", default=False, help="Load the example flows.")
def runtime_command(host: str, port: int, workers: int, worker_class: str, connections: int,
                    threads: int, examples: bool) -> None:
    """Serve chats with gunicorn (production server)."""
    if worker_class == "gevent":
        os.environ.setdefault("CHAT_REDIS_POOL_SIZE", str(GEVENT_REDIS_POOL_SIZE))
        capacity = f"{connections:,} connections each"
    else:
        os.environ.setdefault("CHAT_REDIS_POOL_SIZE", str(threads + POOL_HEADROOM))
        capacity = f"{threads} threads each"
    _check_session_store()
    raise_open_files_limit(connections + FD_HEADROOM if worker_class == "gevent"
                           else threads + FD_HEADROOM)
    click.echo(f"Chat runtime on http://{host}:{port}/ ({workers} {worker_class} workers, "
               f"{capacity})")
    options = ServerOptions(f"{host}:{port}", workers, worker_class, connections, threads,
                            examples)
    if worker_class == "gevent":
        sys.stdout.flush()
        # A fresh interpreter that patches the standard library before anything imports ssl,
        # socket or threading (this process already has); same process id, so signals reach it.
        os.execv(sys.executable, [sys.executable, "-c", GEVENT_BOOT, options.to_json()])
    serve(options)


def raise_open_files_limit(wanted: int) -> int:
    """Raise this process's soft limit of open files towards `wanted` (workers inherit it),
    up to the hard limit; warn when the hard limit is lower. The limit now in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    ceiling = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < ceiling:
        resource.setrlimit(resource.RLIMIT_NOFILE, (ceiling, hard))
        soft = ceiling
    if soft != resource.RLIM_INFINITY and soft < wanted:
        click.echo(f"warning: at most {soft:,} open files per process (hard limit); fewer "
                   f"than {wanted:,} connections fit. Raise `ulimit -Hn`.", err=True)
    return int(soft)


def _check_session_store() -> None:
    """Refuse to start against a session store that does not answer (a closed Redis port)."""
    from runtime.chat.config import ChatSettings
    from runtime.sessions.health import StoreUnavailable

    try:
        store = ChatSettings.from_env().open_store()
    except ValueError as exc:
        raise click.ClickException(f"SESSION_STORE: {exc}") from None
    try:
        store.check()
    except StoreUnavailable as exc:
        raise click.ClickException(f"{exc}. Start it, or point SESSION_STORE at one that runs, "
                                   "and try again.") from None
    finally:
        store.close()
