"""A small real web service on 127.0.0.1 that tests point flows and the HTTP executor at."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Service(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path
        if path == "/json":
            self._send(200, json.dumps({"status": "shipped", "items": 2}), "application/json")
        elif path == "/text":
            self._send(200, "plain words", "text/plain; charset=utf-8")
        elif path.startswith("/orders/"):
            order = path[len("/orders/"):]
            self._send(200, json.dumps({"id": order, "status": "shipped"}), "application/json")
        elif path == "/host":
            self._send(200, json.dumps({"host": self.headers["Host"]}), "application/json")
        elif path.startswith("/status/"):
            self._send(int(path.rsplit("/", 1)[1]), "{\"error\": \"nope\"}", "application/json")
        elif path == "/slow":
            self.server.stop.wait(3)  # type: ignore[attr-defined]
            self._send(200, "late", "text/plain")
        elif path == "/big":
            self._send(200, "x" * 1_100_000, "text/plain")
        elif path == "/big-chunked":
            self._chunked(b"y" * 200_000, 6)
        elif path.startswith("/redirect/"):
            self._redirect(path[len("/redirect/"):])
        else:
            self._send(404, "missing", "text/plain")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode()
        if self.path == "/redirect/see-other":
            self._redirect("json", status=303)
            return
        self._send(200, json.dumps({"method": "POST", "body": body,
                                    "type": self.headers.get("Content-Type"),
                                    "auth": self.headers.get("Authorization")}),
                   "application/json")

    def _redirect(self, target: str, status: int = 302) -> None:
        locations = {"json": "/json", "private": "http://10.0.0.5/json",
                     "loop": "/redirect/loop", "metadata": "http://169.254.169.254/latest/"}
        self.send_response(status)
        self.send_header("Location", locations.get(target, target))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: int, body: str, content_type: str) -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _chunked(self, chunk: bytes, count: int) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            for _ in range(count):
                self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        except OSError:
            pass


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int]):
        super().__init__(address, Service)
        self.stop = threading.Event()

    def handle_error(self, request: object, client_address: object) -> None:
        pass


@contextmanager
def running_service() -> Iterator[str]:
    """The base URL of a fresh service, stopped afterwards."""
    server = QuietServer(("127.0.0.1", 0))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.stop.set()
        server.shutdown()
        server.server_close()
        thread.join(5)
