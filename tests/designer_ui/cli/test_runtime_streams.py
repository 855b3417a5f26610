"""Many open chat streams do not starve the REST API of `designer runtime`, and a message
reaches every open stream quickly: with Redis (pub/sub) and with the SQLite session store
(its news feed, across the two worker processes). The plain gunicorn command of
docs/designer.md (sync workers) keeps answering while streams are open too."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest
from cryptography.fernet import Fernet

from designer_ui.app import create_app
from designer_ui.extensions import db
from tests.designer_ui.chat.helpers import desk_flow, publish
from tests.runtime.sessions.stores import REDIS_URL, drop_prefix, require_redis

T = TypeVar("T")

BIN = Path(sys.executable).parent
STREAMS = 300
"""Well above the 64 threads that `designer runtime` had by default (2 workers x 32)."""
REST_LIMIT_S = 2.0
DELIVERY_LIMIT_S = 2.0
GREETING = "Hello <b>visitor</b>."


def run_apart(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run the client on its own event loop in its own thread: another test's Playwright
    session may own an event loop on this thread, where asyncio.run() is refused."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()



def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """A server process group on a free port, started with `command`."""

    def __init__(self, command: list[str], environment: dict[str, str], log: Path):
        self.port = free_port()
        self.log_path = log
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [part.replace("{port}", str(self.port)) for part in command], env=environment,
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log_path.read_text()[-3000:]
            try:
                if run_apart(request(self.port, "GET", "/api/v1/chat/sessions/none"))[0] == 404:
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"the server did not start: {self.log_path.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        self.log.close()


async def request(port: int, method: str, path: str, body: Any = None,
                  timeout: float = 30.0) -> tuple[int, Any]:
    """One HTTP/1.1 request on its own connection: status and decoded JSON body."""
    reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout)
    try:
        data = json.dumps(body).encode() if body is not None else b""
        head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n")
        writer.write(head.encode() + data)
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
    header, _, content = raw.partition(b"\r\n\r\n")
    status = int(header.split(b" ", 2)[1])
    return status, json.loads(content) if content.strip() else None


class SseStream:
    """One open event stream, read by the event loop: the `message` texts that arrived."""

    def __init__(self, port: int, session_id: str):
        self.port = port
        self.session_id = session_id
        self.texts: list[str] = []
        self.news = asyncio.Event()
        self.writer: asyncio.StreamWriter | None = None
        self.task: asyncio.Task[None] | None = None

    async def open(self) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        self.writer = writer
        writer.write(f"GET /api/v1/chat/sessions/{self.session_id}/events?after=0 HTTP/1.1\r\n"
                     "Host: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n".encode())
        await writer.drain()
        status = await asyncio.wait_for(reader.readline(), 30)
        assert b" 200 " in status, status
        self.task = asyncio.create_task(self._read(reader))

    async def _read(self, reader: asyncio.StreamReader) -> None:
        event = ""
        while line := await reader.readline():
            text = line.decode(errors="replace").strip()
            if text.startswith("event: "):
                event = text[7:]
            elif text.startswith("data: ") and event == "message":
                self.texts.append(json.loads(text[6:]).get("text") or "")
                self.news.set()
        if self.writer is not None:  # the server ended the stream: hang up, as browsers do
            self.writer.close()

    async def wait_for(self, text: str, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while text not in self.texts:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self.news.clear()
            try:
                await asyncio.wait_for(self.news.wait(), left)
            except TimeoutError:
                return False
        return True

    def close(self) -> None:
        if self.task is not None:
            self.task.cancel()
        if self.writer is not None:
            self.writer.close()


def prepare_designer(instance: Path) -> None:
    app = create_app({"INSTANCE_PATH": str(instance), "SECRET_KEY": "streams"})
    publish(app, desk_flow(), "desk")
    with app.app_context():
        db.engine.dispose()


def server_environment(instance: Path, session_store: str) -> dict[str, str]:
    return {**os.environ, "DESIGNER_INSTANCE": str(instance), "SECRET_KEY": "streams",
            "BOT_CREDENTIALS_KEY": Fernet.generate_key().decode(), "SESSION_STORE": session_store,
            "CHAT_RATE_IP": "off", "CHAT_RATE_SESSION": "off", "CHAT_TIMER_LOOP": "off"}


async def timed(port: int, method: str, path: str, body: Any = None) -> tuple[int, Any, float]:
    started = time.monotonic()
    status, answer = await request(port, method, path, body)
    return status, answer, time.monotonic() - started


async def crowd_then_talk(port: int, streams: int) -> None:
    """Open `streams` streams on one session, then start a chat and post a message on the
    crowded one while all stay open: quick answers, and the message on every stream."""
    status, started, _ = await timed(port, "POST", "/api/v1/chat/desk/sessions", {})
    assert status == 201, started
    crowded = started["session"]["id"]
    opened = [SseStream(port, crowded) for _ in range(streams)]
    try:
        for batch in range(0, streams, 50):
            await asyncio.gather(*(stream.open() for stream in opened[batch:batch + 50]))
        assert await opened[-1].wait_for(GREETING, 10), opened[-1].texts

        status, answer, took = await timed(port, "POST", "/api/v1/chat/desk/sessions", {})
        assert status == 201, answer
        assert took < REST_LIMIT_S, f"starting a chat took {took:.2f} s with {streams} streams"

        marker = f"ping {uuid.uuid4().hex[:8]}"
        status, answer, took = await timed(
            port, "POST", f"/api/v1/chat/sessions/{crowded}/messages",
            {"text": marker, "client_message_id": "m-1"})
        assert status == 200, answer
        assert took < REST_LIMIT_S, f"posting a message took {took:.2f} s with {streams} streams"
        arrived = await asyncio.gather(*(stream.wait_for(marker, DELIVERY_LIMIT_S)
                                         for stream in opened))
        assert all(arrived), f"{arrived.count(False)} of {streams} streams missed the message"
    finally:
        for stream in opened:
            stream.close()


@pytest.fixture
def instance(tmp_path: Path) -> Path:
    prepare_designer(tmp_path)
    return tmp_path


def runtime_command() -> list[str]:
    return [str(BIN / "designer"), "runtime", "--port", "{port}", "--workers", "2"]


def test_300_streams_on_redis_leave_the_api_answering(instance: Path) -> None:
    require_redis()
    prefix = f"cfd-streams-{uuid.uuid4().hex[:10]}:"
    server = Server(runtime_command(),
                    server_environment(instance, f"{REDIS_URL}?prefix={prefix}"),
                    instance / "runtime.log")
    try:
        server.wait_ready()
        run_apart(crowd_then_talk(server.port, STREAMS))
    finally:
        server.stop()
        drop_prefix(prefix)


def test_300_streams_on_sqlite_hear_news_from_the_other_worker(instance: Path) -> None:
    server = Server(runtime_command(),
                    server_environment(instance, str(instance / "sessions.db")),
                    instance / "runtime.log")
    try:
        server.wait_ready()
        run_apart(crowd_then_talk(server.port, STREAMS))
    finally:
        server.stop()


def test_the_plain_sync_gunicorn_command_keeps_answering_with_streams_open(
        instance: Path) -> None:
    """docs/designer.md's command (sync workers, one request at a time): streams are short,
    so four and more of them no longer stop the server."""
    command = [str(BIN / "gunicorn"), "-w", "2", "-b", "127.0.0.1:{port}",
               "designer_ui.app:create_app()"]
    server = Server(command, server_environment(instance, str(instance / "sessions.db")),
                    instance / "gunicorn.log")
    try:
        server.wait_ready()
        run_apart(streams_are_short(server.port, 8))
    finally:
        server.stop()


async def streams_are_short(port: int, streams: int) -> None:
    status, started, _ = await timed(port, "POST", "/api/v1/chat/desk/sessions", {})
    assert status == 201, started
    session_id = started["session"]["id"]
    opened = [SseStream(port, session_id) for _ in range(streams)]
    try:
        await asyncio.wait_for(asyncio.gather(*(stream.open() for stream in opened)), 10)
        assert all([await stream.wait_for(GREETING, 5) for stream in opened])
        status, answer, took = await timed(port, "POST", "/api/v1/chat/desk/sessions", {})
        assert status == 201, answer
        assert took < REST_LIMIT_S
    finally:
        for stream in opened:
            stream.close()
