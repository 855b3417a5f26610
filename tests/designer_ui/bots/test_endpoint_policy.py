"""Bot endpoints obey the outbound address policy, and stored credentials never follow an
endpoint to another server: refused forms at save, refusal again at use, credentials dropped on a
host change, and "Test connection" sending no stored secret to the new host."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from flask import Flask

from designer_ui.outbound import SETTING
from tests.bots_servers import LexServer
from tests.designer_ui.bots.conftest import ACCESS_KEY, LEX_SECRET, cx_entry, lex_entry, register
from tests.designer_ui.helpers import Api

REFUSED = {
    "loopback": "http://127.0.0.1:8080",
    "metadata": "http://169.254.169.254/latest/meta-data/",
    "localhost": "http://localhost:8080",
    "file": "file:///etc/passwd",
    "ipv6-loopback": "http://[::1]:8080",
    "decimal-ip": "http://2130706433/",
}


class Recorder:
    """A tiny HTTP server that notes every request's headers and answers 403."""

    def __init__(self) -> None:
        self.headers: list[dict[str, str]] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                recorder.headers.append({k.lower(): v for k, v in self.headers.items()})
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.send_response(403)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_PUT = do_POST

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    server = Recorder()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()
    server.thread.join(timeout=5)


@pytest.mark.parametrize("endpoint", REFUSED.values(), ids=REFUSED.keys())
def test_refused_endpoints_are_not_saved(app: Flask, developer: Api, endpoint: str) -> None:
    app.config[SETTING] = ""
    response = developer.post("bots", json=lex_entry(endpoint))
    assert response.status_code == 400, response.json
    message = response.json["error"]["details"]["fields"]["endpoint"][0]
    assert "not allowed" in message or "only http and https" in message.lower()
    assert SETTING in message
    assert developer.get("bots/OrderBot").status_code == 404
    app.config[SETTING] = "127.0.0.1"
    register(developer, lex_entry("http://127.0.0.1:9", name="Other"))
    app.config[SETTING] = ""
    body = {key: value for key, value in lex_entry(endpoint).items() if key != "name"}
    assert developer.put("bots/Other", json=body).status_code == 400


def test_an_allowed_endpoint_is_refused_at_use_once_the_allowance_goes(
        app: Flask, developer: Api, lex: LexServer) -> None:
    register(developer, lex_entry(lex.url))
    app.config[SETTING] = ""
    result = developer.post("bots/OrderBot/test", json={"text": "a large pizza"})
    assert result.json["ok"] is False and "not allowed" in result.json["error"]
    assert lex.requests == []


def test_credentials_are_dropped_when_the_endpoint_moves(developer: Api, lex: LexServer) -> None:
    register(developer, lex_entry(lex.url))
    body = {key: value for key, value in lex_entry(lex.url).items()
            if key not in ("name", "credentials")}
    same_host = developer.put("bots/OrderBot", json={**body, "region": "us-west-2",
                                                     "endpoint": lex.url + "/"})
    assert same_host.json["credentials_dropped"] is False
    assert same_host.json["credentials_set"] is True
    with_new = developer.put("bots/OrderBot", json={**body, "endpoint": "http://127.0.0.1:9",
                                                    "credentials": lex_entry("")["credentials"]})
    assert with_new.json["credentials_dropped"] is False and with_new.json["credentials_set"]
    moved = developer.put("bots/OrderBot", json={**body, "endpoint": lex.url})
    assert moved.status_code == 200
    assert moved.json["credentials_dropped"] is True
    assert moved.json["credentials_set"] is False and moved.json["credential_fields"] == []


def test_test_connection_sends_no_stored_secret_to_a_new_host(
        developer: Api, lex: LexServer, recorder: Recorder,
        monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/config")
    register(developer, lex_entry(lex.url, max_retries=0, timeout_ms=2000))
    assert developer.post("bots/OrderBot/test", json={"text": "pizza"}).json["ok"] is True
    body = {key: value for key, value in lex_entry(recorder.url, max_retries=0,
                                                   timeout_ms=2000).items()
            if key not in ("name", "credentials")}
    assert developer.put("bots/OrderBot", json=body).json["credentials_dropped"] is True
    result = developer.post("bots/OrderBot/test", json={"text": "pizza"})
    assert result.json["ok"] is False
    for headers in recorder.headers:
        assert "authorization" not in headers and "x-amz-security-token" not in headers
        assert ACCESS_KEY not in repr(headers) and LEX_SECRET not in repr(headers)


@pytest.mark.parametrize("region", ["dns:///127.0.0.1:9999#", "ipv4:127.0.0.1:9999#",
                                    "127.0.0.1:9999/", "localhost:9997?", "eu-west-1.evil.example",
                                    "EU-WEST-1", "-west", "a" * 41])
def test_a_region_is_only_a_region_name(developer: Api, region: str) -> None:
    """Providers build their host from the region (`{region}-dialogflow.googleapis.com`), so
    a region that is an address, a URL or a host name is refused before anything connects."""
    response = developer.post("bots", json=cx_entry("", region=region))
    assert response.status_code == 400, response.json
    assert "region" in response.json["error"]["details"]["fields"]
    assert developer.get("bots/FaqBot").status_code == 404


def test_credentials_are_dropped_when_the_region_picks_another_host(developer: Api) -> None:
    register(developer, cx_entry("", region="europe-west1"))
    body = {key: value for key, value in cx_entry("").items() if key not in ("name", "credentials")}
    kept = developer.put("bots/FaqBot", json={**body, "region": "europe-west1"})
    assert kept.json["credentials_dropped"] is False and kept.json["credentials_set"] is True
    moved = developer.put("bots/FaqBot", json={**body, "region": "us-central1"})
    assert moved.status_code == 200
    assert moved.json["credentials_dropped"] is True and moved.json["credentials_set"] is False


def test_a_service_account_may_only_ask_google_for_its_token(developer: Api) -> None:
    entry = cx_entry("")
    entry["credentials"]["service_account_info"]["token_uri"] = "https://127.0.0.1:9/token"
    response = developer.post("bots", json=entry)
    assert response.status_code == 400
    assert "token_uri" in response.json["error"]["details"]["fields"]["credentials"][0]


def test_a_pasted_service_account_key_is_checked_too(developer: Api) -> None:
    entry = cx_entry("")
    key = {**entry["credentials"]["service_account_info"], "token_uri": "http://127.0.0.1:9/t"}
    entry["credentials"]["service_account_info"] = json.dumps(key)
    response = developer.post("bots", json=entry)
    assert response.status_code == 400
    assert "token_uri" in response.json["error"]["details"]["fields"]["credentials"][0]
