"""Chat message turns per second and their latency, through the real chat runtime, driven by an
external closed-loop load generator.

Two cases:

- production shape: `designer runtime --workers 2` (gunicorn) with the Redis session store,
  200 concurrent visitors; target at least 1,000 message turns/s with p99 under 100 ms;
- single node: `designer runtime --workers 1` with the SQLite session store, 50 visitors;
  target p99 under 200 ms.

Every visitor runs conversations back to back: start a chat, send 5 messages, end it (7
requests; each message is a "message turn" that enters 20 blocks: the answer resumes an input
block, 16 assignments and a segmentation run, a message is sent, the input block waits again).
Analytics are on, as shipped. The generator is one asyncio process speaking HTTP/1.1 on kept-
alive connections (`--generate`, started by this script); it shares the machine's cores with
the server, so its own CPU is printed too. The server's CPU per turn is read from /proc and
split by where it goes: each worker times its requests' thread CPU by part (framework, session
store, engine, analytics; see `designer_ui.chat.cpu_split`, enabled by CHAT_BENCH_CPU_DIR) and
its background threads; what remains is gunicorn (HTTP parsing, the master) outside the app.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.chat_entry import publish_at_chat_entry

DESIGNER = Path(sys.executable).parent / "designer"
REDIS_URL = "redis://127.0.0.1:6379/0"
ASSIGNMENTS = 16
MESSAGES_PER_CONVERSATION = 5
ENTRY = "bench"


@dataclass(frozen=True)
class Case:
    name: str
    workers: int
    visitors: int
    min_turns_per_s: float | None
    max_p99_ms: float
    redis: bool


CASES = {
    "redis": Case("2 workers + Redis", 2, 200, 1000.0, 100.0, redis=True),
    "sqlite": Case("single node, SQLite", 1, 50, None, 200.0, redis=False),
}


def turn_flow() -> dict[str, Any]:
    """ask (input) → 16 assignments → segmentation → say → ask: 20 blocks per turn."""
    chain = [f"a{i}" for i in range(ASSIGNMENTS)]
    blocks: dict[str, Any] = {
        "ask": {"type": "input", "props": {"prompts": [{"tts": "Say something."}],
                                           "variable": "said", "grammar": "text",
                                           "timeout_ms": 0},
                "next": {"next": chain[0], "noinput": "ask", "nomatch": "ask"}},
        "check": {"type": "segmentation", "props": {"conditions": [
            {"name": "many", "expression": "n > 1000000"}]},
            "next": {"many": "say", "default": "say"}},
        "say": {"type": "play_message", "props": {"prompts": [{"tts": "Turn {{ n }}: {{ said }}"}]},
                "next": {"next": "ask"}},
    }
    for index, name in enumerate(chain):
        following = chain[index + 1] if index + 1 < len(chain) else "check"
        blocks[name] = {"type": "assign", "props": {"assignments": [
            {"variable": "n", "expression": "n + 1"}]}, "next": {"next": following}}
    return {"format": "designer-flow", "format_version": 1, "id": "bench-chat",
            "name": "Chat bench", "channels": ["chat"], "languages": ["en-US"],
            "variables": {"n": {"type": "number", "default": 0},
                          "said": {"type": "string", "default": None}},
            "phases": {"self_service": "ask"}, "blocks": blocks}


def prepare(instance: Path) -> None:
    """The Designer database with the bench flow published at the `bench` chat entry."""
    publish_at_chat_entry(instance, turn_flow(), ENTRY)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# -- the load generator (its own process) ------------------------------------------------------


class Connection:
    """A kept-alive HTTP/1.1 connection for JSON requests (answers carry Content-Length)."""

    def __init__(self, port: int):
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def call(self, method: str, path: str, body: Any = None) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        payload = json.dumps(body).encode() if body is not None else b""
        head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n")
        self.writer.write(head.encode() + payload)
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("the server closed the connection")
        status = int(status_line.split()[1])
        length, close = 0, False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            name = name.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "connection" and value.strip().lower() == "close":
                close = True
        data = await self.reader.readexactly(length) if length else b""
        if close:
            self.close()
        return status, data

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


class Visitor:
    """Conversations back to back; latencies of the requests that began in the window."""

    def __init__(self, port: int, start_at: float, stop_at: float, results: dict[str, Any]):
        self.connection = Connection(port)
        self.start_at, self.stop_at = start_at, stop_at
        self.results = results

    async def run(self) -> None:
        while time.time() < self.stop_at:
            try:
                await self.conversation()
            except (OSError, ValueError, IndexError, asyncio.IncompleteReadError,
                    RuntimeError) as exc:
                self.results["errors"] += 1
                self.results["last_error"] = repr(exc)[:300]
                self.connection.close()

    async def conversation(self) -> None:
        started = json.loads(await self.request("start", "POST",
                                                f"/api/v1/chat/{ENTRY}/sessions", {}))
        session = started["session"]["id"]
        for number in range(MESSAGES_PER_CONVERSATION):
            answer = await self.request(
                "message", "POST", f"/api/v1/chat/sessions/{session}/messages",
                {"text": f"hello {number}", "client_message_id": f"c{number}"})
            # The instrument checks itself: a 200 without the flow's reply ("Turn N: hello 3")
            # is a turn the engine never ran, counted as an error, not as a fast turn.
            if f': hello {number}"'.encode() not in answer:
                said = [message.get("text") for message in json.loads(answer)["messages"]
                        if message.get("author") != "visitor"]
                raise RuntimeError(f"message {number}: the flow did not answer; it said {said}")
        await self.request("end", "DELETE", f"/api/v1/chat/sessions/{session}")

    async def request(self, kind: str, method: str, path: str, body: Any = None) -> bytes:
        began = time.time()
        status, data = await self.connection.call(method, path, body)
        if status >= 400:
            raise RuntimeError(f"{method} {path}: {status} {data[:200]!r}")
        if self.start_at <= began < self.stop_at:
            self.results["latencies"].append(time.time() - began)
            self.results["counts"][kind] = self.results["counts"].get(kind, 0) + 1
        return data


async def generate(port: int, visitors: int, start_at: float, stop_at: float) -> dict[str, Any]:
    results: dict[str, Any] = {"latencies": [], "counts": {}, "errors": 0, "last_error": ""}
    await asyncio.gather(*(Visitor(port, start_at, stop_at, results).run()
                           for _ in range(visitors)))
    return results


def generator_main(args: argparse.Namespace) -> None:
    results = asyncio.run(generate(args.port, args.visitors, args.start_at, args.stop_at))
    json.dump(results, sys.stdout)


# -- the server and its CPU -------------------------------------------------------------------


def start_server(case: Case, instance: Path, port: int, prefix: str, cpu_dir: Path | None,
                 worker_class: str, log: Path, fast_path: str = "on") -> subprocess.Popen[bytes]:
    store = (f"{REDIS_URL}?prefix={prefix}" if case.redis
             else str(instance / "chat-sessions.db"))
    environment = {**os.environ, "DESIGNER_INSTANCE": str(instance), "SECRET_KEY": "bench",
                   "SESSION_STORE": store, "CHAT_RATE_IP": "off", "CHAT_RATE_SESSION": "off",
                   "DESIGNER_ANALYTICS_ENABLED": "true", "CHAT_FAST_PATH": fast_path}
    if cpu_dir is not None:  # without it the server pays nothing for the split
        environment["CHAT_BENCH_CPU_DIR"] = str(cpu_dir)
    # The server's stderr goes to a file: a pipe nobody reads fills up and then blocks it.
    with log.open("wb") as errors:
        return subprocess.Popen([str(DESIGNER), "runtime", "--port", str(port), "--workers",
                                 str(case.workers), "--worker-class", worker_class],
                                env=environment, stdout=subprocess.DEVNULL, stderr=errors,
                                start_new_session=True)


def wait_ready(port: int, server: subprocess.Popen[bytes], log: Path, timeout: float = 60.0
               ) -> None:
    import http.client

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the runtime exited: {log.read_text()[-2000:]}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/api/v1/chat/sessions/none")
            if connection.getresponse().status == 404:
                connection.close()
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the runtime did not start in time")


def process_cpu_s(pid: int, *, children: bool = False) -> float:
    """CPU seconds used so far by a process (and its direct children), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    pids = [str(pid)]
    if children:
        try:
            pids += Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            return float("nan")
    total = 0.0
    for one in pids:
        try:
            fields = Path(f"/proc/{one}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def read_split(cpu_dir: Path) -> dict[int, dict[str, Any]]:
    found = {}
    for path in cpu_dir.glob("*.json"):
        try:
            snapshot = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        found[int(snapshot["pid"])] = snapshot
    return found


def split_delta(before: dict[int, dict[str, Any]], after: dict[int, dict[str, Any]]
                ) -> dict[str, float]:
    """CPU seconds per part spent between two snapshots, summed over the workers."""
    parts: dict[str, float] = {}

    def add(name: str, value: float) -> None:
        parts[name] = parts.get(name, 0.0) + value

    for pid, later in after.items():
        earlier = before.get(pid, {"parts": {}, "requests": 0})
        for name, value in later["parts"].items():
            add(name, value - earlier["parts"].get(name, 0.0))
        add("requests", later["requests"] - earlier["requests"])
    return parts


# -- one measured run -------------------------------------------------------------------------


def run_case(case: Case, args: argparse.Namespace) -> dict[str, Any]:
    prefix = f"cfd-bench-{uuid.uuid4().hex[:8]}:"
    visitors = args.visitors or case.visitors
    with tempfile.TemporaryDirectory(prefix="bench-chat-") as folder:
        instance, cpu_dir = Path(folder) / "instance", Path(folder) / "cpu"
        instance.mkdir()
        cpu_dir.mkdir()
        prepare(instance)
        port = free_port()
        log = Path(args.server_log) if args.server_log else Path(folder) / "server.log"
        server = start_server(case, instance, port, prefix, None if args.no_split else cpu_dir,
                              args.worker_class, log, args.fast_path)
        try:
            wait_ready(port, server, log)
            start_at = time.time() + args.warmup
            stop_at = start_at + args.seconds
            generator = subprocess.Popen(
                [sys.executable, __file__, "--generate", "--port", str(port), "--visitors",
                 str(visitors), "--start-at", str(start_at), "--stop-at", str(stop_at)],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            time.sleep(max(0.0, start_at - time.time()))
            server_before = process_cpu_s(server.pid, children=True)
            generator_before = process_cpu_s(generator.pid)
            split_before = read_split(cpu_dir)
            time.sleep(max(0.0, stop_at - time.time()))
            server_used = process_cpu_s(server.pid, children=True) - server_before
            generator_used = process_cpu_s(generator.pid) - generator_before
            time.sleep(1.2)  # the workers' next CPU-split dump covers the window's end
            split = split_delta(split_before, read_split(cpu_dir))
            out, err = generator.communicate(timeout=60)
            if generator.returncode != 0:
                raise RuntimeError(f"the load generator failed: {err.decode()[-2000:]}")
            results = json.loads(out)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(20)
            if case.redis:
                _drop_prefix(prefix)
    return figures(case, visitors, args.seconds, results, server_used, generator_used, split)


def figures(case: Case, visitors: int, seconds: float, results: dict[str, Any],
            server_cpu: float, generator_cpu: float, split: dict[str, float]) -> dict[str, Any]:
    ms = sorted(value * 1000 for value in results["latencies"])

    def pct(share: float) -> float:
        return ms[min(len(ms) - 1, int(len(ms) * share))] if ms else float("nan")

    turns = results["counts"].get("message", 0)
    return {"case": case, "visitors": visitors, "turns": turns, "turns_per_s": turns / seconds,
            "requests_per_s": len(ms) / seconds, "errors": results["errors"],
            "last_error": results["last_error"],
            "p50_ms": statistics.median(ms) if ms else float("nan"), "p95_ms": pct(0.95),
            "p99_ms": pct(0.99), "max_ms": ms[-1] if ms else float("nan"),
            "server_cpu_s": server_cpu, "generator_cpu_s": generator_cpu, "seconds": seconds,
            "requests": len(ms), "split": split}


def report(result: dict[str, Any]) -> None:
    case: Case = result["case"]
    turns, requests = max(result["turns"], 1), max(result["requests"], 1)
    meets_rate = case.min_turns_per_s is None or result["turns_per_s"] >= case.min_turns_per_s
    meets = meets_rate and result["p99_ms"] < case.max_p99_ms and result["errors"] == 0
    target = (f">= {case.min_turns_per_s:.0f} turns/s, " if case.min_turns_per_s else "") + \
        f"p99 < {case.max_p99_ms:.0f} ms"
    print(f"{case.name}, {result['visitors']} visitors ({target}): "
          f"{'MEETS' if meets else 'misses'} the target")
    print(f"  message turns/s {result['turns_per_s']:8.0f}   requests/s "
          f"{result['requests_per_s']:.0f}   errors {result['errors']} {result['last_error']}")
    print(f"  latency ms      p50 {result['p50_ms']:.1f}  p95 {result['p95_ms']:.1f}  "
          f"p99 {result['p99_ms']:.1f}  max {result['max_ms']:.1f}")
    server_ms = result["server_cpu_s"] * 1000
    print(f"  server CPU      {server_ms / turns:.2f} ms per message turn, "
          f"{server_ms / requests:.2f} ms per request ({result['server_cpu_s'] / result['seconds']:.2f}"
          f" cores); generator CPU {result['generator_cpu_s'] * 1000 / requests:.2f} ms per "
          f"request ({result['generator_cpu_s'] / result['seconds']:.2f} cores)")
    split = dict(result["split"])
    if os.environ.get("BENCH_CHAT_RAW"):
        print(f"  raw CPU split (s): {split}")
    if not split:
        print("  CPU ms per turn (no split: the server ran without its per-part timers)")
        return
    request = split.get("request", 0.0)
    store, engine, analytics = (split.get(name, 0.0) for name in ("store", "engine", "analytics"))
    writer = split.get("analytics writer", 0.0)
    named = {"framework": request - store - engine - analytics, "store": store,
             "engine": engine, "analytics": analytics + writer,
             "outside requests": result["server_cpu_s"] - request - writer}
    parts = "  ".join(f"{name} {value * 1000 / turns:.2f}" for name, value in named.items())
    print(f"  CPU ms per turn {parts}")


def _drop_prefix(prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=12.0, help="measured time per case")
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--case", choices=("both", *CASES), default="both")
    parser.add_argument("--visitors", type=int, default=0, help="override the case's visitors")
    parser.add_argument("--worker-class", choices=("gevent", "gthread"), default="gevent",
                        help="the `designer runtime` worker class")
    parser.add_argument("--server-log", default="", help="keep the server's stderr in this file")
    parser.add_argument("--fast-path", choices=("on", "off"), default="on",
                        help="the visitor API's short way through the server (CHAT_FAST_PATH)")
    parser.add_argument("--no-split", action="store_true",
                        help="no per-part CPU timers in the server (total CPU only)")
    parser.add_argument("--generate", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--start-at", type=float, default=0.0, help=argparse.SUPPRESS)
    parser.add_argument("--stop-at", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        generator_main(args)
        return
    if not os.environ.get("BOT_CREDENTIALS_KEY"):  # production-shaped apps refuse to start
        from cryptography.fernet import Fernet

        os.environ["BOT_CREDENTIALS_KEY"] = Fernet.generate_key().decode()
    print(f"chat: start + {MESSAGES_PER_CONVERSATION} messages (20 blocks each) + end per "
          f"conversation, closed loop, analytics on; {args.seconds:.0f} s measured per case; "
          f"{os.cpu_count()} CPUs shared by server, generator and whatever else runs")
    for name in (CASES if args.case == "both" else (args.case,)):
        report(run_case(CASES[name], args))


if __name__ == "__main__":
    main()
