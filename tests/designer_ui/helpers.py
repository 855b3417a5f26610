"""Flow documents and an API client wrapper shared by the Designer's tests."""

from __future__ import annotations

import copy
import io
import wave
from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse


def hello_flow(flow_id: str = "hello", **overrides: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format": "designer-flow", "format_version": 1, "id": flow_id, "name": "Hello",
        "channels": ["voice", "chat"], "phases": {"self_service": "welcome"},
        "blocks": {"welcome": {"type": "play_message", "label": "Welcome",
                               "props": {"prompts": [{"tts": "Hello"}]}}},
    }
    document.update(copy.deepcopy(overrides))
    return document


def broken_flow(flow_id: str = "broken") -> dict[str, Any]:
    """Loads, but has an error: an edge to a block that does not exist."""
    document = hello_flow(flow_id)
    document["blocks"]["welcome"]["next"] = {"next": "nowhere"}
    return document


def demo_flow(flow_id: str = "sim-demo") -> dict[str, Any]:
    """A menu, a secure PIN, an HTTP look-up, an emergency flag and a route to sales."""
    say = lambda text: {"prompts": [{"tts": text}]}  # noqa: E731
    return {
        "format": "designer-flow", "format_version": 1, "id": flow_id, "name": "Simulator demo",
        "channels": ["voice", "chat"],
        "variables": {"pin": {"type": "string", "default": None, "secure": True},
                      "status": {"type": "any", "default": None}},
        "phases": {"self_service": "welcome", "assisted_service": "to_sales"},
        "blocks": {
            "welcome": {"type": "play_message", "props": say("Welcome to Acme."),
                        "next": {"next": "storm"}},
            "storm": {"type": "emergency", "props": {"flag": "storm"},
                      "next": {"on": "storm_msg", "off": "main_menu"}},
            "storm_msg": {"type": "play_message", "props": say("We are closed by a storm."),
                          "next": {"next": "bye"}},
            "main_menu": {"type": "menu", "props": {
                "prompts": [{"tts": "Press 1 for orders, 2 for sales."}],
                "options": [{"key": "1", "label": "Orders"}, {"key": "2", "label": "Sales"},
                            {"key": "3", "label": "Again"}]},
                "next": {"1": "ask_pin", "3": "storm"}},
            "ask_pin": {"type": "input", "props": {
                "prompts": [{"tts": "Enter your PIN."}], "variable": "pin", "grammar": "digits"},
                "next": {"next": "lookup"}},
            "lookup": {"type": "http", "props": {
                "method": "GET", "url": "https://orders.example.com/status/{{ pin }}",
                "result_variable": "status"},
                "next": {"next": "say_status", "error": "bye"}},
            "say_status": {"type": "play_message", "props": say("Your order is {{ status.state }}."),
                           "next": {"next": "bye"}},
            "bye": {"type": "terminate", "props": {"reason": "done"}},
            "to_sales": {"type": "route", "props": {"target": {"type": "queue", "value": "sales"}}},
        },
    }


def wav_bytes(frames: int = 800) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x00" * frames)
    return buffer.getvalue()


class Api:
    """The test client as the editor (session cookie + CSRF header) or automation (bearer)."""

    def __init__(self, client: FlaskClient, *, csrf: str | None = None, token: str | None = None):
        self.client = client
        self.csrf = csrf
        self.token = token

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        headers: dict[str, str] = {}
        if self.csrf:
            headers["X-CSRF-Token"] = self.csrf
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        headers.update(extra or {})
        return headers

    def open(self, method: str, path: str, *, headers: dict[str, str] | None = None,
             **kwargs: Any) -> TestResponse:
        url = path if path.startswith("/") else f"/api/v1/{path}"
        return self.client.open(url, method=method, headers=self._headers(headers), **kwargs)

    def get(self, path: str, **kwargs: Any) -> TestResponse:
        return self.open("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> TestResponse:
        return self.open("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> TestResponse:
        return self.open("PUT", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> TestResponse:
        return self.open("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> TestResponse:
        return self.open("DELETE", path, **kwargs)

    def create_flow(self, document: dict[str, Any]) -> TestResponse:
        response = self.post("flows", json={"document": document})
        assert response.status_code == 201, response.json
        return response
