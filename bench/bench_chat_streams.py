"""Open chat streams at scale: 5,000 Server-Sent-Event streams on one `designer runtime` node
(gunicorn, 2 gevent workers), while the REST API keeps answering and new messages reach their
streams.

The load generator is one asyncio process on the same 2 cores as the server (its own CPU use is
printed). It starts `--sessions` chats and opens `--per-session` streams on each (a visitor with
several tabs, an agent), then for `--seconds` posts messages to the sessions in turn (so every
stream is checked) and starts new chats now and then. A stream that the server ends (after
CHAT_STREAM_SECONDS) reconnects from its Last-Event-ID, as EventSource does.

Measured: REST p99 (posting a message, starting a chat) during that, and delivery latency from
sending the POST to the message's arrival on each of the session's streams. The meter checks
itself: every (message, stream) pair that did not arrive within `--grace` seconds is a failed
sample, printed and making the run fail. Targets: REST p99 < 100 ms, delivery p99 < 100 ms.
Run once on Redis and once on the SQLite session store (`--store`).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.chat_entry import publish_at_chat_entry

DESIGNER = Path(sys.executable).parent / "designer"
REDIS_URL = "redis://127.0.0.1:6379/0"
ENTRY = "streams"
TARGET_MS = 100.0
OPEN_CONCURRENCY = 200
START_CONCURRENCY = 16


def echo_flow() -> dict[str, Any]:
    """ask (text input) → say what was said → ask."""
    return {"format": "designer-flow", "format_version": 1, "id": "bench-streams",
            "name": "Stream bench", "channels": ["chat"], "languages": ["en-US"],
            "variables": {"said": {"type": "string", "default": None}},
            "phases": {"self_service": "ask"},
            "blocks": {
                "ask": {"type": "input", "props": {"prompts": [{"tts": "Say something."}],
                                                   "variable": "said", "grammar": "text",
                                                   "timeout_ms": 0},
                        "next": {"next": "say", "noinput": "ask", "nomatch": "ask"}},
                "say": {"type": "play_message", "props": {"prompts": [{"tts": "Got {{ said }}"}]},
                        "next": {"next": "ask"}}}}


def prepare(instance: Path) -> None:
    """The Designer database with the echo flow published at the `streams` chat entry."""
    publish_at_chat_entry(instance, echo_flow(), ENTRY)


def raise_open_files(wanted: int) -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return int(resource.getrlimit(resource.RLIMIT_NOFILE)[0])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(instance: Path, port: int, store: str) -> subprocess.Popen[bytes]:
    from cryptography.fernet import Fernet

    environment = {**os.environ, "DESIGNER_INSTANCE": str(instance), "SECRET_KEY": "bench",
                   "BOT_CREDENTIALS_KEY": Fernet.generate_key().decode(),
                   "SESSION_STORE": store, "CHAT_RATE_IP": "off", "CHAT_RATE_SESSION": "off",
                   "DESIGNER_ANALYTICS_ENABLED": "false"}
    return subprocess.Popen([str(DESIGNER), "runtime", "--port", str(port), "--workers", "2"],
                            env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)


def server_cpu_s(master: int) -> float:
    """CPU seconds (user + system) of the server's processes so far."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    pids = [master]
    with contextlib.suppress(OSError):
        pids += [int(pid) for pid in Path(f"/proc/{master}/task/{master}/children").read_text()
                 .split()]
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


async def request(port: int, method: str, path: str, body: Any = None,
                  timeout: float = 30.0) -> tuple[int, Any]:
    reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout)
    try:
        data = json.dumps(body).encode() if body is not None else b""
        writer.write(f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                     f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n"
                     .encode() + data)
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
    header, _, content = raw.partition(b"\r\n\r\n")
    return int(header.split(b" ", 2)[1]), json.loads(content) if content.strip() else None


@dataclass
class Stream:
    """One EventSource-like client: reconnects from its last id; when each text arrived."""

    port: int
    session_id: str
    last_id: int = 0
    arrived: dict[str, float] = field(default_factory=dict)
    reconnects: int = 0
    errors: int = 0
    opened: asyncio.Event = field(default_factory=asyncio.Event)

    async def run(self) -> None:
        while True:
            try:
                await self._once()
            except (OSError, asyncio.IncompleteReadError, ValueError):
                self.errors += 1
                await asyncio.sleep(1.0)
            self.reconnects += 1

    async def _once(self) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        try:
            writer.write(f"GET /api/v1/chat/sessions/{self.session_id}/events HTTP/1.1\r\n"
                         f"Host: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                         f"Last-Event-ID: {self.last_id}\r\n\r\n".encode())
            await writer.drain()
            status = await reader.readline()
            if b" 200 " not in status:
                raise ValueError(status.decode(errors="replace"))
            self.opened.set()
            event = ""
            while line := await reader.readline():
                if line.startswith(b"id: "):
                    self.last_id = int(line[4:])
                elif line.startswith(b"event: "):
                    event = line[7:].strip().decode()
                elif line.startswith(b"data: ") and event == "message":
                    text = json.loads(line[6:]).get("text") or ""
                    self.arrived.setdefault(text, time.monotonic())
        finally:
            writer.close()


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def timed(port: int, method: str, path: str, body: Any, into: list[float]) -> Any:
    started = time.monotonic()
    status, answer = await request(port, method, path, body)
    into.append((time.monotonic() - started) * 1000)
    if status >= 300:
        raise RuntimeError(f"{method} {path} answered {status}: {answer}")
    return answer


async def start_sessions(port: int, count: int) -> list[str]:
    gate = asyncio.Semaphore(START_CONCURRENCY)
    ignored: list[float] = []

    async def one() -> str:
        async with gate:
            answer = await timed(port, "POST", f"/api/v1/chat/{ENTRY}/sessions", {}, ignored)
            return str(answer["session"]["id"])

    return list(await asyncio.gather(*(one() for _ in range(count))))


async def drive(port: int, master: int, args: argparse.Namespace) -> dict[str, Any]:
    sessions = await start_sessions(port, args.sessions)
    streams = [Stream(port, session) for session in sessions for _ in range(args.per_session)]
    tasks = []
    for batch in range(0, len(streams), OPEN_CONCURRENCY):
        group = streams[batch:batch + OPEN_CONCURRENCY]
        tasks += [asyncio.create_task(stream.run()) for stream in group]
        await asyncio.wait_for(asyncio.gather(*(stream.opened.wait() for stream in group)), 60)
    by_session: dict[str, list[Stream]] = {}
    for stream in streams:
        by_session.setdefault(stream.session_id, []).append(stream)

    rest_ms: list[float] = []
    sent: list[tuple[str, str, float]] = []
    generator_cpu = time.process_time()
    server_cpu = server_cpu_s(master)
    started = time.monotonic()
    interval = 1.0 / args.rate
    pending: set[asyncio.Task[Any]] = set()
    index = 0
    while time.monotonic() - started < args.seconds:
        session = sessions[index % len(sessions)]
        marker = f"m{index}-{uuid.uuid4().hex[:6]}"
        sent.append((session, marker, time.monotonic()))
        pending.add(asyncio.create_task(timed(
            port, "POST", f"/api/v1/chat/sessions/{session}/messages",
            {"text": marker, "client_message_id": marker}, rest_ms)))
        if index % 10 == 0:
            pending.add(asyncio.create_task(timed(
                port, "POST", f"/api/v1/chat/{ENTRY}/sessions", {}, rest_ms)))
        index += 1
        await asyncio.sleep(max(0.0, started + index * interval - time.monotonic()))
    elapsed = time.monotonic() - started
    await asyncio.gather(*pending)
    generator_cpu = time.process_time() - generator_cpu
    server_cpu = server_cpu_s(master) - server_cpu
    await asyncio.sleep(args.grace)

    delivery_ms: list[float] = []
    failed = 0
    checked: set[int] = set()
    for session, marker, at in sent:
        for stream in by_session[session]:
            checked.add(id(stream))
            arrived = stream.arrived.get(marker)
            if arrived is None or arrived - at > args.grace:
                failed += 1
            else:
                delivery_ms.append((arrived - at) * 1000)
    for task in tasks:
        task.cancel()
    return {"streams": len(streams), "streams_checked": len(checked), "messages": len(sent),
            "samples": len(delivery_ms), "failed_samples": failed, "rest_calls": len(rest_ms),
            "rest_p50_ms": percentile(rest_ms, 0.5), "rest_p99_ms": percentile(rest_ms, 0.99),
            "delivery_p50_ms": percentile(delivery_ms, 0.5),
            "delivery_p99_ms": percentile(delivery_ms, 0.99),
            "delivery_max_ms": max(delivery_ms, default=float("nan")),
            "reconnects": sum(stream.reconnects for stream in streams),
            "stream_errors": sum(stream.errors for stream in streams),
            "seconds": elapsed, "generator_cpu_pct": 100 * generator_cpu / elapsed,
            "server_cpu_pct": 100 * server_cpu / elapsed}


def run(store: str, args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-streams-") as folder:
        instance = Path(folder)
        prepare(instance)
        prefix = f"cfd-bench-streams-{uuid.uuid4().hex[:8]}:"
        url = f"{REDIS_URL}?prefix={prefix}" if store == "redis" else str(instance / "s.db")
        port = free_port()
        server = start_server(instance, port, url)
        try:
            asyncio.run(wait_ready(port, server))
            return asyncio.run(drive(port, server.pid, args))
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(10)
            if store == "redis":
                _drop_prefix(prefix)


async def wait_ready(port: int, server: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            error = server.stderr.read().decode()[-2000:] if server.stderr else ""
            raise RuntimeError(f"the runtime exited: {error}")
        try:
            if (await request(port, "GET", "/api/v1/chat/sessions/none", timeout=2))[0] == 404:
                return
        except OSError:
            await asyncio.sleep(0.2)
    raise RuntimeError("the runtime did not start in time")


def _drop_prefix(prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
        for start in range(0, len(keys), 1000):
            client.delete(*keys[start:start + 1000])
    finally:
        client.close()


def report(store: str, figures: dict[str, Any]) -> None:
    def verdict(value: float) -> str:
        return "ok" if value < TARGET_MS else "OVER the target"

    print(f"{store}: {figures['streams']:,} open streams ({figures['streams_checked']:,} "
          f"checked), {figures['messages']:,} messages in {figures['seconds']:.0f} s, "
          f"{figures['reconnects']:,} reconnects, {figures['stream_errors']} stream errors")
    print(f"  REST p99            {figures['rest_p99_ms']:8.1f} ms  (p50 "
          f"{figures['rest_p50_ms']:.1f}, {figures['rest_calls']:,} calls; target < "
          f"{TARGET_MS:.0f}: {verdict(figures['rest_p99_ms'])})")
    print(f"  delivery p99        {figures['delivery_p99_ms']:8.1f} ms  (p50 "
          f"{figures['delivery_p50_ms']:.1f}, max {figures['delivery_max_ms']:.0f}, "
          f"{figures['samples']:,} samples; target < {TARGET_MS:.0f}: "
          f"{verdict(figures['delivery_p99_ms'])})")
    print(f"  failed samples      {figures['failed_samples']:8d}     (not delivered within "
          "the grace period)")
    print(f"  CPU                 server {figures['server_cpu_pct']:.0f} %, generator "
          f"{figures['generator_cpu_pct']:.0f} % of one core (same 2 cores)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--per-session", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--rate", type=float, default=40.0, help="messages per second")
    parser.add_argument("--grace", type=float, default=5.0)
    parser.add_argument("--store", choices=("redis", "sqlite", "both"), default="both")
    args = parser.parse_args()
    wanted = args.sessions * args.per_session + 1024
    limit = raise_open_files(wanted)
    if limit < wanted:
        print(f"warning: only {limit:,} open files allowed (ulimit -Hn)", file=sys.stderr)
    print(f"chat streams: `designer runtime` (gunicorn, 2 gevent workers), "
          f"{args.sessions:,} chats x {args.per_session} streams, {args.rate:.0f} messages/s")
    failed = False
    for store in (("redis", "sqlite") if args.store == "both" else (args.store,)):
        figures = run(store, args)
        report(store, figures)
        failed = failed or figures["failed_samples"] > 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
