"""Two runtime nodes (`designer runtime`, gunicorn) sharing Redis and PostgreSQL serve one
conversation alternately; a stream on one node sees what the other saves; one node is killed
with SIGKILL in the middle of a turn, and the visitor's retry on the other loses nothing."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from designer_ui.app import create_app
from designer_ui.extensions import db
from designer_ui.models import User
from tests.designer_ui.chat.helpers import desk_flow, order_service, publish
from tests.designer_ui.conftest import add_token
from tests.runtime.sessions.stores import REDIS_URL, drop_prefix, require_redis

DESIGNER = Path(sys.executable).parent / "designer"
SLOW_LOOKUP_S = 1.5


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Node:
    """One `designer runtime` process group on its own port."""

    def __init__(self, name: str, environment: dict[str, str], log: Path):
        self.name = name
        self.port = free_port()
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [str(DESIGNER), "runtime", "--port", str(self.port), "--workers", "1",
             "--threads", "8"], env=environment, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True)

    def wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"node {self.name} exited; see {self.log.name}"
            try:
                if self.request("GET", "/api/v1/chat/sessions/none")[0] == 404:
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"node {self.name} did not start; see {self.log.name}")

    def request(self, method: str, path: str, body: Any = None,
                headers: dict[str, str] | None = None, timeout: float = 10.0
                ) -> tuple[int, Any]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            data = json.dumps(body) if body is not None else None
            sent = {"Content-Type": "application/json"} if data is not None else {}
            connection.request(method, path, body=data, headers={**sent, **(headers or {})})
            response = connection.getresponse()
            raw = response.read()
            return response.status, json.loads(raw) if raw else None
        finally:
            connection.close()

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


class Stream(threading.Thread):
    """Reads a node's event stream of a session until its `end` event."""

    def __init__(self, node: Node, session_id: str):
        super().__init__(daemon=True)
        self.node = node
        self.session_id = session_id
        self.messages: list[dict[str, Any]] = []
        self.ended = threading.Event()
        self.opened = threading.Event()

    def run(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.node.port, timeout=30)
        try:
            connection.request("GET", f"/api/v1/chat/sessions/{self.session_id}/events?after=0")
            response = connection.getresponse()
            self.opened.set()
            event = ""
            while not self.ended.is_set():
                line = response.fp.readline().decode()
                if not line:
                    return
                if line.startswith("event: "):
                    event = line[7:].strip()
                elif line.startswith("data: ") and event == "message":
                    self.messages.append(json.loads(line[6:]))
                elif line.startswith("data: ") and event == "end":
                    self.ended.set()
        finally:
            connection.close()


@pytest.fixture
def cluster(tmp_path: Path, postgres_schema: tuple[str, str]) -> Iterator[tuple[Node, Node, str]]:
    """Nodes A and B on one PostgreSQL schema and one Redis prefix; an agent's API token."""
    require_redis()
    user, schema = postgres_schema
    prefix = f"cfd-multi-{uuid.uuid4().hex[:10]}:"
    database = f"postgresql://{user}@127.0.0.1:5432/test?options=-csearch_path%3D{schema}"
    with order_service() as orders:
        app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "nodes",
                          "SQLALCHEMY_DATABASE_URI": database})
        with app.app_context():
            for table in reversed(db.metadata.sorted_tables):
                db.session.execute(table.delete())
            db.session.commit()
        publish(app, desk_flow(url=f"{orders}/slow/{SLOW_LOOKUP_S}"), "desk")
        with app.app_context():
            agent = User(username="ann", display_name="Ann", roles=["agent"], active=True)
            db.session.add(agent)
            db.session.commit()
            agent_id = agent.id
        token = add_token(app, agent_id)
        with app.app_context():
            db.engine.dispose()
        environment = {**os.environ, "DATABASE_URL": database, "SECRET_KEY": "nodes",
                       "DESIGNER_INSTANCE": str(tmp_path),
                       "SESSION_STORE": f"{REDIS_URL}?prefix={prefix}",
                       "HTTP_ALLOWLIST": "127.0.0.1", "CHAT_TIMER_LOOP": "eager"}
        nodes = [Node(name, environment, tmp_path / f"node-{name}.log") for name in "AB"]
        try:
            for node in nodes:
                node.wait_ready()
            yield nodes[0], nodes[1], token
        finally:
            for node in nodes:
                node.stop()
            drop_prefix(prefix)


def test_two_nodes_one_conversation_and_a_killed_node(cluster: tuple[Node, Node, str]) -> None:
    a, b, token = cluster
    status, started = b.request("POST", "/api/v1/chat/desk/sessions", {"visitor_id": "v-1"})
    assert status == 201
    session = started["session"]["id"]
    stream = Stream(a, session)
    stream.start()
    assert stream.opened.wait(10)
    messages_url = f"/api/v1/chat/sessions/{session}/messages"

    assert a.request("POST", messages_url, {"text": "pizza", "client_message_id": "m1"})[0] == 200
    assert b.request("POST", messages_url, {"text": "soup", "client_message_id": "m2"})[0] == 200
    status, found = a.request("POST", messages_url, {"choice": "look", "client_message_id": "m3"})
    assert status == 200 and "Found shipped." in [m["text"] for m in found["messages"]]

    in_flight: dict[str, Any] = {}

    def doomed() -> None:
        try:
            in_flight["answer"] = b.request("POST", messages_url,
                                            {"choice": "look", "client_message_id": "m4"})
        except OSError as exc:
            in_flight["error"] = exc

    request = threading.Thread(target=doomed)
    request.start()
    time.sleep(SLOW_LOOKUP_S / 3)
    b.kill()
    request.join(10)
    assert "error" in in_flight, "the killed node must not have answered"
    status, retried = a.request("POST", messages_url, {"choice": "look", "client_message_id": "m4"})
    assert status == 200 and not retried["duplicate"]
    assert retried["messages"][0]["client_message_id"] == "m4"

    assert a.request("POST", messages_url, {"choice": "agent", "client_message_id": "m5"})[0] == 200
    auth = {"Authorization": f"Bearer {token}"}
    desk = f"/api/v1/chat/desk/sessions/{session}"
    assert a.request("POST", f"{desk}/accept", headers=auth)[0] == 200
    assert a.request("POST", f"{desk}/messages", {"text": "Ann here."}, headers=auth)[0] == 200
    assert a.request("POST", messages_url, {"text": "Thanks", "client_message_id": "m6"})[0] == 200
    assert a.request("POST", f"{desk}/end", headers=auth)[0] == 200

    assert stream.ended.wait(15), "the stream on node A must see the end"
    status, transcript = a.request("GET", f"{messages_url}?after=0")
    every = transcript["messages"]
    assert [m["seq"] for m in every] == list(range(1, transcript["session"]["last_seq"] + 1))
    assert [m["seq"] for m in stream.messages] == [m["seq"] for m in every]
    sent = [m["client_message_id"] for m in every if m["author"] == "visitor"]
    assert sent == ["m1", "m2", "m3", "m4", "m5", "m6"]
    texts = [m["text"] for m in every]
    assert texts.count("Found shipped.") == 2 and texts.count("Ann here.") == 1
    assert transcript["session"]["status"] == "ended"
