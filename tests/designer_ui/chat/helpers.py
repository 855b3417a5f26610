"""Chat test helpers: publishing a flow at a chat entry point, flows built in code, the example
order-status flow pointed at a local order service, and that service."""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from flask import Flask

from designer_ui.extensions import db
from designer_ui.models import EntryPoint, EnvironmentBinding, Flow, FlowVersion

ROOT = Path(__file__).resolve().parents[3]
ORDER_STATUS = ROOT / "examples" / "flows" / "order-status-chat.json"
ORDER_API = "https://api.northwind-shop.example"
ORDERS: dict[str, dict[str, Any]] = {
    "NW-12345": {"number": "NW-12345", "status": "shipped", "carrier": "UPS",
                 "tracking_number": "1Z999AA10123456784",
                 "estimated_delivery_date": "2026-11-27"},
    "NW-54321": {"number": "NW-54321", "status": "out_for_delivery", "carrier": "FedEx"},
}

BROKEN_ORDER = "NW-50000"
"""The order service answers 503 with a JSON body for this number."""


def publish(app: Flask, document: dict[str, Any], entry: str, *, environment: str = "live",
            fields: dict[str, Any] | None = None) -> None:
    """The document as version 1 of its flow, run by `environment`, at chat entry `entry`."""
    with app.app_context():
        flow = Flow(id=document["id"], updated_by="tests")
        flow.set_document(document)
        db.session.add(flow)
        db.session.flush()
        db.session.add(FlowVersion(flow_id=document["id"], number=1, document=document,
                                   created_by="tests"))
        db.session.add(EnvironmentBinding(environment=environment, flow_id=document["id"],
                                          version=1, updated_by="tests"))
        db.session.add(EntryPoint(kind="chat", address=entry, flow_id=document["id"],
                                  environment=environment, fields=fields or {}))
        db.session.commit()


def order_status_flow(service_url: str) -> dict[str, Any]:
    """The example flow with its order look-up sent to `service_url` instead of Northwind."""
    text = ORDER_STATUS.read_text(encoding="utf-8").replace(ORDER_API, service_url)
    document: dict[str, Any] = json.loads(text)
    return document


def _say(text: str) -> dict[str, Any]:
    return {"prompts": [{"tts": text}]}


def desk_flow(flow_id: str = "desk-chat", *, url: str = "http://10.0.0.5/orders",
              route_timeout_ms: int = 60000) -> dict[str, Any]:
    """A menu: look something up over HTTP (the error port says system.LastError), talk to a
    person (a queue with attached data, a failed port), or say goodbye; finalize records who
    closed it."""
    return copy.deepcopy({
        "format": "designer-flow", "format_version": 1, "id": flow_id, "name": "Desk chat",
        "channels": ["chat"], "languages": ["en-US"],
        "variables": {"answer": {"type": "any", "default": None},
                      "finalized": {"type": "boolean", "default": False}},
        "phases": {"self_service": "hello", "assisted_service": "attach",
                   "finalize": "wrap_up"},
        "blocks": {
            "hello": {"type": "play_message", "props": _say("Hello <b>visitor</b>."),
                      "next": {"next": "menu"}},
            "menu": {"type": "menu", "props": {
                "prompts": [{"tts": "What now?"}],
                "options": [{"key": "look", "label": "Look it up"},
                            {"key": "agent", "label": "A person"},
                            {"key": "bye", "label": "Bye"}],
                "timeout_ms": 60000, "retries": 3},
                "next": {"look": "lookup", "bye": "say_bye", "noinput": "say_bye",
                         "nomatch": "say_bye"}},
            "lookup": {"type": "http", "props": {"method": "GET", "url": url, "timeout_ms": 2000,
                                                 "result_variable": "answer"},
                       "next": {"next": "say_found", "error": "say_failed"}},
            "say_found": {"type": "play_message", "props": _say("Found {{ answer.status }}."),
                          "next": {"next": "menu"}},
            "say_failed": {"type": "play_message",
                           "props": _say("Failed: {{ system.LastError.message }}"),
                           "next": {"next": "menu"}},
            "say_bye": {"type": "play_message", "props": _say("Bye."),
                        "next": {"next": "done"}},
            "done": {"type": "terminate", "props": {"reason": "resolved"}, "next": {}},
            "attach": {"type": "set_data", "props": {"data": {"order": "'NW-1'"}},
                       "next": {"next": "queue"}},
            "queue": {"type": "route", "props": {
                "target": {"type": "queue", "value": "care"}, "skills": ["orders"],
                "priority": 3, "timeout_ms": route_timeout_ms},
                "next": {"failed": "say_nobody"}},
            "say_nobody": {"type": "play_message", "props": _say("Nobody is free."),
                           "next": {}},
            "wrap_up": {"type": "assign", "props": {"assignments": [
                {"variable": "finalized", "expression": "true"}]}, "next": {}},
        },
    })


class _Orders(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        number = self.path.rsplit("/", 1)[-1]
        if self.path.startswith("/slow/"):
            self.server.stop.wait(float(number))  # type: ignore[attr-defined]
            number = "NW-12345"
        order = ORDERS.get(number)
        status, answer = (200, order) if order else (404, {"error": "order not found"})
        if number == BROKEN_ORDER:
            status, answer = 503, {"error": "the order database is down"}
        body = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _OrderServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Orders)
        self.stop = threading.Event()

    def handle_error(self, request: object, client_address: object) -> None:
        pass


@contextmanager
def order_service() -> Iterator[str]:
    """A local order service (`/v2/orders/<number>`, `/slow/<seconds>`; 503 for BROKEN_ORDER);
    yields its base URL."""
    server = _OrderServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.stop.set()
        server.shutdown()
        server.server_close()
        thread.join(5)
