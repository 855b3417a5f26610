"""The gunicorn application behind `designer runtime`, apart from the command so that a fresh
interpreter can start it after gevent has patched the standard library (`GEVENT_BOOT`).

gevent must patch sockets, ssl and threading before any library takes a reference to them;
the `designer` command has imported most of the project (and ssl) by the time it parses its
options, so under the gevent worker class it re-executes Python with this boot code.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

GEVENT_BOOT = ("from gevent import monkey; monkey.patch_all(); import sys; "
               "from designer_ui.cli.runtime_server import ServerOptions, serve; "
               "serve(ServerOptions.from_json(sys.argv[1]))")


@dataclass(frozen=True, slots=True)
class ServerOptions:
    bind: str
    workers: int
    worker_class: str
    connections: int
    threads: int
    examples: bool

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> ServerOptions:
        return cls(**json.loads(text))


def serve(options: ServerOptions) -> None:
    """Run gunicorn with these options until it is stopped."""
    from gunicorn.app.base import BaseApplication

    class RuntimeServer(BaseApplication):
        def load_config(self) -> None:
            settings = {"bind": options.bind, "workers": options.workers,
                        "threads": options.threads, "worker_class": options.worker_class,
                        "worker_connections": options.connections, "timeout": 120,
                        "graceful_timeout": 10, "keepalive": 5,
                        "post_worker_init": _start_timers, "accesslog": None,
                        "errorlog": "-", "loglevel": "warning"}
            for name, value in settings.items():
                self.cfg.set(name, value)

        def load(self) -> Any:
            from designer_ui.app import create_app

            return create_app({"LOAD_EXAMPLES": options.examples})

    RuntimeServer().run()


def _start_timers(worker: Any) -> None:
    from designer_ui.chat import chat_service

    chat_service(worker.wsgi).start_timers()
