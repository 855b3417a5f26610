"""Server CPU per chat message turn, measured in one process, so the figure hardly moves with
the machine's other load (wall-clock throughput does).

Builds the Designer app with the Redis session store (a private key prefix, removed at the
end) or SQLite, and analytics on, publishes the `bench/bench_chat.py` flow, and drives
conversations (start, 5 messages, end) by calling the WSGI application directly, one request
after another. It reports CPU milliseconds per message turn split like the benchmark
(framework, session store, engine, analytics — in the request and in the writer thread —, and
the rest of the process: this harness's own request building, the timer loop), and with
`--profile` the top functions by own time under cProfile.

    .venv/bin/python bench/profile_chat_turn.py [--rounds 5 --conversations 100] [--store sqlite]
        [--fast-path on|off|both] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_chat import ENTRY, MESSAGES_PER_CONVERSATION, REDIS_URL, prepare

WARMUP_CONVERSATIONS = 20

Wsgi = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class Caller:
    """Calls a WSGI application the way gunicorn would, with a JSON body."""

    def __init__(self, app: Wsgi):
        self.app = app

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, bytes]:
        payload = json.dumps(body).encode() if body is not None else b""
        environ = {
            "REQUEST_METHOD": method, "PATH_INFO": path, "SCRIPT_NAME": "", "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": "127.0.0.1",
            "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(len(payload)),
            "wsgi.version": (1, 0), "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(payload),
            "wsgi.errors": sys.stderr, "wsgi.multithread": True, "wsgi.multiprocess": False,
            "wsgi.run_once": False,
        }
        status: list[str] = []

        def start_response(line: str, headers: list[tuple[str, str]], exc_info: Any = None
                           ) -> Callable[[bytes], None]:
            status.append(line)
            return lambda data: None

        result = self.app(environ, start_response)
        try:
            data = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        code = int(status[0].split()[0])
        if code >= 400:
            raise RuntimeError(f"{method} {path}: {status[0]} {data[:300]!r}")
        return code, data


def conversation(caller: Caller) -> None:
    _, data = caller.call("POST", f"/api/v1/chat/{ENTRY}/sessions", {})
    session = json.loads(data)["session"]["id"]
    for number in range(MESSAGES_PER_CONVERSATION):
        caller.call("POST", f"/api/v1/chat/sessions/{session}/messages",
                    {"text": f"hello {number}", "client_message_id": f"c{number}"})
    caller.call("DELETE", f"/api/v1/chat/sessions/{session}")


def build_app(instance: Path, store: str, prefix: str, fast_path: str = "on") -> Any:
    from designer_ui.app import create_app

    session_store = (f"{REDIS_URL}?prefix={prefix}" if store == "redis"
                     else str(instance / "chat-sessions.db"))
    return create_app({"INSTANCE_PATH": str(instance), "SECRET_KEY": "bench",
                       "SESSION_STORE": session_store, "CHAT_RATE_IP": "off",
                       "CHAT_RATE_SESSION": "off", "ANALYTICS_ENABLED": True,
                       "CHAT_TIMER_LOOP": "off", "CHAT_FAST_PATH": fast_path})


def measure(apps: dict[str, Any], conversations: int, rounds: int, profile: bool
            ) -> dict[str, dict[str, Any]]:
    """`rounds` rounds of `conversations` each, per app, the apps taking turns round by round
    (so a comparison meets the same machine load); the cheapest round of each is reported,
    since other load on the machine can only add CPU time (cache misses, frequency), never
    remove it."""
    from designer_ui.analytics import running_writer

    callers = {name: Caller(app) for name, app in apps.items()}
    for name, app in apps.items():
        for _ in range(WARMUP_CONVERSATIONS):
            conversation(callers[name])
        writer = running_writer(app)
        if writer is not None:
            writer.flush(30)
    profiler = cProfile.Profile(time.process_time) if profile else None
    results: dict[str, list[dict[str, Any]]] = {name: [] for name in apps}
    for _ in range(rounds):
        for name, app in apps.items():
            results[name].append(_one_round(app, callers[name], conversations, profiler))
    best = {}
    for name, found in results.items():
        best[name] = min(found, key=lambda result: result["cpu_s"])
        best[name]["profiler"] = profiler
        best[name]["rounds"] = [result["cpu_s"] * 1000 / result["turns"] for result in found]
    return best


def _one_round(app: Any, caller: Caller, conversations: int,
               profiler: cProfile.Profile | None) -> dict[str, Any]:
    from designer_ui.analytics import running_writer
    from designer_ui.chat.service import chat_service

    split = chat_service(app).cpu_split
    assert split is not None
    writer = running_writer(app)
    before = split.snapshot()
    began_cpu, began_wall = time.process_time(), time.perf_counter()
    if profiler is not None:
        profiler.enable()
    for _ in range(conversations):
        conversation(caller)
    if writer is not None:
        writer.flush(60)
    if profiler is not None:
        profiler.disable()
    cpu, wall = time.process_time() - began_cpu, time.perf_counter() - began_wall
    after = split.snapshot()
    parts = {name: value - before["parts"].get(name, 0.0)
             for name, value in after["parts"].items()}
    return {"cpu_s": cpu, "wall_s": wall, "parts": parts,
            "turns": conversations * MESSAGES_PER_CONVERSATION,
            "requests": after["requests"] - before["requests"]}


def report(result: dict[str, Any], store: str, top: int) -> None:
    turns = result["turns"]
    parts = result["parts"]
    request = parts.get("request", 0.0)
    store_s, engine, analytics = (parts.get(name, 0.0) for name in ("store", "engine", "analytics"))
    writer = parts.get("analytics writer", 0.0)
    named = {"framework": request - store_s - engine - analytics, "store": store_s,
             "engine": engine, "analytics": analytics + writer,
             "outside requests": result["cpu_s"] - request - writer}
    print(f"{store}: cheapest round of {turns} message turns ({result['requests']} requests), "
          f"{result['cpu_s'] * 1000 / turns:.2f} ms process CPU per turn "
          f"({result['wall_s'] * 1000 / turns:.2f} ms wall)")
    print("  rounds (ms per turn): " + ", ".join(f"{value:.2f}" for value in result["rounds"]))
    print("  CPU ms per turn  " + "  ".join(f"{name} {value * 1000 / turns:.2f}"
                                            for name, value in named.items()))
    profiler = result["profiler"]
    if profiler is not None:
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(top)
        print(text.getvalue())


def drop_prefix(prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
        for start in range(0, len(keys), 1000):
            client.delete(*keys[start:start + 1000])
    finally:
        client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=100, help="per round")
    parser.add_argument("--rounds", type=int, default=5, help="the cheapest round is reported")
    parser.add_argument("--store", choices=("redis", "sqlite"), default="redis")
    parser.add_argument("--profile", action="store_true", help="add a cProfile top list")
    parser.add_argument("--fast-path", choices=("on", "off", "both"), default="on",
                        help="the visitor API's short way through the server (CHAT_FAST_PATH); "
                             "both: two apps, measured round by round in turn")
    parser.add_argument("--top", type=int, default=35)
    args = parser.parse_args()
    if not os.environ.get("BOT_CREDENTIALS_KEY"):
        from cryptography.fernet import Fernet

        os.environ["BOT_CREDENTIALS_KEY"] = Fernet.generate_key().decode()
    settings = ("on", "off") if args.fast_path == "both" else (args.fast_path,)
    prefixes = {setting: f"cfd-profile-{uuid.uuid4().hex[:8]}:" for setting in settings}
    with tempfile.TemporaryDirectory(prefix="profile-chat-") as folder:
        cpu_dir = Path(folder) / "cpu"
        cpu_dir.mkdir()
        os.environ["CHAT_BENCH_CPU_DIR"] = str(cpu_dir)
        apps = {}
        for setting in settings:
            instance = Path(folder) / f"instance-{setting}"
            instance.mkdir()
            prepare(instance)
            apps[setting] = build_app(instance, args.store, prefixes[setting], setting)
        try:
            results = measure(apps, args.conversations, args.rounds, args.profile)
        finally:
            for setting, app in apps.items():
                close(app)
                if args.store == "redis":
                    drop_prefix(prefixes[setting])
    for setting, result in results.items():
        report(result, f"{args.store}, fast path {setting}", args.top)


def close(app: Any) -> None:
    from designer_ui.analytics import running_writer
    from designer_ui.chat.service import chat_service

    service = chat_service(app)
    if service.cpu_split is not None:
        service.cpu_split.stop()
    writer = running_writer(app)
    if writer is not None:
        writer.stop()
    service.close()

if __name__ == "__main__":
    main()
