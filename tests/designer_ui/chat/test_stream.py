"""The chat's Server-Sent Events: exactly what a client missed, once and in order, then each
new message as it is saved; `typing` while the flow calls a service; `end` when it is over."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.designer_ui.chat.conftest import say, start
from tests.designer_ui.helpers import Api


def events(chunks: Iterator[bytes]) -> Iterator[tuple[str, str | None, Any]]:
    """(event, id, data) for each event of a stream; comments and `retry` are skipped."""
    buffer = ""
    for chunk in chunks:
        buffer += chunk.decode()
        while "\n\n" in buffer:
            block, buffer = buffer.split("\n\n", 1)
            fields = dict(line.split(": ", 1) for line in block.splitlines()
                          if ": " in line and not line.startswith(":"))
            if "event" in fields:
                yield fields["event"], fields.get("id"), json.loads(fields["data"])


def read_all(client: FlaskClient, url: str, **headers: str) -> list[tuple[str, str | None, Any]]:
    response = client.get(url, headers=headers, buffered=False)
    assert response.status_code == 200 and response.mimetype == "text/event-stream"
    try:
        return list(events(response.response))
    finally:
        response.close()


def test_a_reconnecting_client_gets_exactly_what_it_missed(visitor: FlaskClient) -> None:
    session = start(visitor)["session"]["id"]
    say(visitor, session, text="pizza")
    say(visitor, session, choice="bye")
    last = visitor.get(f"/api/v1/chat/sessions/{session}").json["last_seq"]
    url = f"/api/v1/chat/sessions/{session}/events"
    resumed = read_all(visitor, url, **{"Last-Event-ID": "2"})
    assert [seq for kind, seq, _ in resumed if kind == "message"] == \
        [str(n) for n in range(3, last + 1)]
    assert resumed[-1] == ("end", None, {"last_seq": last})
    everything = read_all(visitor, url + "?after=0")
    assert [data["seq"] for kind, _, data in everything if kind == "message"] == \
        list(range(1, last + 1))
    nothing = read_all(visitor, f"{url}?after={last}")
    assert nothing == [("end", None, {"last_seq": last})]


def test_a_bad_cursor_is_400(visitor: FlaskClient) -> None:
    session = start(visitor)["session"]["id"]
    url = f"/api/v1/chat/sessions/{session}/events"
    assert visitor.get(url + "?after=x").status_code == 400
    assert visitor.get(url, headers={"Last-Event-ID": "-3"}).status_code == 400


def follow(client: FlaskClient, url: str, seen: list[tuple[str, str | None, Any]],
           opened: threading.Event) -> threading.Thread:
    def read() -> None:
        response = client.get(url, buffered=False)
        try:
            chunks = iter(response.response)
            next(chunks)
            opened.set()
            for event in events(chunks):
                seen.append(event)
                if event[0] == "end":
                    return
        finally:
            response.close()

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


def test_live_messages_typing_and_the_end(app: Flask, visitor: FlaskClient) -> None:
    session = start(visitor)["session"]["id"]
    seen: list[tuple[str, str | None, Any]] = []
    opened = threading.Event()
    reader = follow(app.test_client(), f"/api/v1/chat/sessions/{session}/events?after=2", seen,
                    opened)
    assert opened.wait(5)
    say(visitor, session, choice="look")
    say(visitor, session, choice="bye")
    reader.join(10)
    assert not reader.is_alive()
    kinds = [kind for kind, _, _ in seen]
    assert "typing" in kinds and kinds[-1] == "end"
    seqs = [data["seq"] for kind, _, data in seen if kind == "message"]
    last = visitor.get(f"/api/v1/chat/sessions/{session}").json["last_seq"]
    assert seqs == list(range(3, last + 1))


def test_the_desk_stream_shows_staff_notes(visitor: FlaskClient,
                                           agent_api: Callable[[str], Api]) -> None:
    session = start(visitor)["session"]["id"]
    say(visitor, session, choice="look")
    visitor.delete(f"/api/v1/chat/sessions/{session}")
    response = agent_api("ann").get(f"chat/desk/sessions/{session}/events", buffered=False)
    try:
        notes = [data["text"] for kind, _, data in events(response.response)
                 if kind == "message" and data["kind"] == "note"]
    finally:
        response.close()
    assert any("requests to private addresses are not allowed (10.0.0.5)" in n for n in notes)
