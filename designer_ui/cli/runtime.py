"""`designer runtime`: the chat runtime (and the rest of the app) under gunicorn, as one node.

Run any number of these behind a load balancer with the same `DATABASE_URL` (PostgreSQL) and
`SESSION_STORE` (Redis): a conversation continues on whichever node gets its next request.
Workers are threaded (`gthread`) because every open chat stream holds a thread; each worker
starts its own timer loop, so no-input and queue timers fire even on a node nobody talks to.
"""

from __future__ import annotations

from typing import Any

import click


@click.command("runtime")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8090, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int, help="Worker processes.")
@click.option("--threads", default=32, show_default=True, type=int,
              help="Threads per worker (each open chat stream holds one).")
@click.option("--examples/--no-examples", default=False, help="Load the example flows.")
def runtime_command(host: str, port: int, workers: int, threads: int, examples: bool) -> None:
    """Serve chats with gunicorn (production server)."""
    from gunicorn.app.base import BaseApplication

    class RuntimeServer(BaseApplication):
        def load_config(self) -> None:
            settings = {"bind": f"{host}:{port}", "workers": workers, "threads": threads,
                        "worker_class": "gthread", "timeout": 120, "graceful_timeout": 10,
                        "keepalive": 5, "post_worker_init": _start_timers,
                        "accesslog": None, "errorlog": "-", "loglevel": "warning"}
            for name, value in settings.items():
                self.cfg.set(name, value)

        def load(self) -> Any:
            from designer_ui.app import create_app

            return create_app({"LOAD_EXAMPLES": examples})

    click.echo(f"Chat runtime on http://{host}:{port}/ ({workers} workers, {threads} threads each)")
    RuntimeServer().run()


def _start_timers(worker: Any) -> None:
    from designer_ui.chat import chat_service

    chat_service(worker.wsgi).start_timers()
