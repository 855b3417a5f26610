"""A local Amazon Lex V2 runtime: RecognizeText and RecognizeUtterance over REST.

Real boto3 clients reach it with `endpoint_url=server.url`, dummy credentials and any region.
Bots are registered by (bot id, alias id) with a `ScriptedBot`; an unknown pair answers
ResourceNotFoundException like Lex does. The conversation state is read from the request's
`sessionState` when the client sends one (as Lex does) and otherwise from the server's memory of
the session. RecognizeUtterance "transcribes" audio by decoding it as UTF-8 text unless a
`transcribe` function is given; its results go back base64(gzip(JSON)) in `x-amz-lex-*`
headers. Every request is kept in `requests` for assertions.
"""

from __future__ import annotations

import base64
import gzip
import json
import re
import threading
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.bots_servers.faults import Faults
from tests.bots_servers.lex_wire import lex_result, memory_from_session_state
from tests.bots_servers.script import DialogMemory, ScriptedBot

_PATH = re.compile(r"^/bots/(?P<bot>[^/]+)/botAliases/(?P<alias>[^/]+)/botLocales/(?P<locale>[^/]+)"
                   r"/sessions/(?P<session>[^/]+)/(?P<kind>text|utterance)$")
_FAULTS = {
    "throttle": (429, "ThrottlingException", "Rate exceeded"),
    "unavailable": (500, "InternalServerException", "Internal server error"),
    "bad_gateway": (502, "BadGatewayException", "Bad gateway"),
    "not_found": (404, "ResourceNotFoundException", "Bot not found"),
    "access_denied": (403, "AccessDeniedException", "Not authorized"),
    "invalid": (400, "ValidationException", "Invalid request"),
}
_CREDENTIAL = re.compile(r"Credential=([^/]+)/")


def _encode(value: Any) -> str:
    return base64.b64encode(gzip.compress(json.dumps(value).encode())).decode("ascii")


def _decode(value: str | None) -> Any:
    return json.loads(gzip.decompress(base64.b64decode(value))) if value else None


class LexServer:
    """`with LexServer({("BOTID12345", "ALIAS12345"): script}) as lex: ... lex.url ...`"""

    def __init__(self, bots: Mapping[tuple[str, str], ScriptedBot],
                 access_key_id: str | None = None,
                 transcribe: Callable[[bytes, str], str] | None = None):
        self.bots = dict(bots)
        self.access_key_id = access_key_id
        self.transcribe = transcribe or (lambda audio, _type: audio.decode("utf-8", "replace"))
        self.faults = Faults()
        self.requests: list[dict[str, Any]] = []
        self.sessions: dict[str, DialogMemory] = {}
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def start(self) -> LexServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.faults.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LexServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def handle(self, path: str, headers: Mapping[str, str], body: bytes
               ) -> tuple[int, dict[str, str], bytes]:
        """One request (header names in lower case): (status, headers, body)."""
        match = _PATH.match(path)
        if match is None:
            return _error(404, "UnknownOperationException", f"no such path {path}")
        kind = match["kind"]
        request: dict[str, Any] = {"kind": kind, **match.groupdict(), "headers": dict(headers)}
        if kind == "text":
            request["body"] = json.loads(body or b"{}")
        else:
            request["sessionState"] = _decode(headers.get("x-amz-lex-session-state"))
            request["audio"] = body
        with self._lock:
            self.requests.append(request)
        fault = self.faults.take()
        self.faults.wait(fault.delay_s)
        if fault.kind:
            status, code, message = _FAULTS[fault.kind]
            return _error(status, code, fault.message or message)
        refusal = self._refuse(headers)
        if refusal is not None:
            return refusal
        script = self.bots.get((match["bot"], match["alias"]))
        if script is None:
            return _error(404, "ResourceNotFoundException",
                          f"Bot {match['bot']} alias {match['alias']} does not exist")
        if kind == "text":
            text = str(request["body"].get("text", ""))
            session_state = request["body"].get("sessionState")
        else:
            content_type = headers.get("content-type", "")
            text = (body.decode() if content_type.startswith("text/")
                    else self.transcribe(body, content_type))
            session_state = request["sessionState"]
        result = self._converse(script, match["session"], text, session_state)
        if kind == "text":
            return 200, {"Content-Type": "application/json"}, json.dumps(result).encode()
        return 200, _utterance_headers(result, text), b""

    def _refuse(self, headers: Mapping[str, str]) -> tuple[int, dict[str, str], bytes] | None:
        authorization = headers.get("authorization", "")
        if not authorization.startswith("AWS4-HMAC-SHA256"):
            return _error(403, "MissingAuthenticationTokenException", "Missing Authentication Token")
        found = _CREDENTIAL.search(authorization)
        if self.access_key_id and (not found or found[1] != self.access_key_id):
            return _error(403, "UnrecognizedClientException",
                          "The security token included in the request is invalid.")
        return None

    def _converse(self, script: ScriptedBot, session_id: str, text: str,
                  session_state: Mapping[str, Any] | None) -> dict[str, Any]:
        with self._lock:
            remembered = self.sessions.get(session_id, DialogMemory())
        memory = (memory_from_session_state(session_state, script) if session_state
                  else remembered)
        turn = script.turn(memory, text)
        with self._lock:
            self.sessions[session_id] = turn.memory
        attributes = dict((session_state or {}).get("sessionAttributes") or {})
        return lex_result(turn, session_id, attributes)


def _utterance_headers(result: Mapping[str, Any], transcript: str) -> dict[str, str]:
    return {"Content-Type": "text/plain;charset=utf-8",
            "x-amz-lex-messages": _encode(result["messages"]),
            "x-amz-lex-interpretations": _encode(result["interpretations"]),
            "x-amz-lex-session-state": _encode(result["sessionState"]),
            "x-amz-lex-input-transcript": _encode(transcript),
            "x-amz-lex-input-mode": "Speech",
            "x-amz-lex-session-id": result["sessionId"]}


def _error(status: int, code: str, message: str) -> tuple[int, dict[str, str], bytes]:
    return status, {"Content-Type": "application/json", "x-amzn-ErrorType": f"{code}:"}, \
        json.dumps({"message": message}).encode()


def _handler_for(server: LexServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers_in = {name.lower(): value for name, value in self.headers.items()}
            status, headers, payload = server.handle(self.path, headers_in, body)
            try:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("x-amzn-RequestId", "local-lex")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except OSError:
                self.close_connection = True

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler
