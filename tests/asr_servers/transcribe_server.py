"""A local Amazon Transcribe streaming server: `StartStreamTranscription` over HTTP/2 and TLS.

It speaks what the `amazon-transcribe` client sends and reads: a TLS connection negotiating
`h2` by ALPN (certificate from `tls_certificates`), one `POST /stream-transcription` per
utterance with the settings as `x-amzn-transcribe-*` headers and a SigV4 `authorization`
header; the response headers (200) go out at once, as the service's do, because the client
waits for them before it sends audio. The request body is a sequence of event-stream
messages, each a signed envelope (`:date`, `:chunk-signature`) around an `AudioEvent`; an
envelope with no payload ends the audio. Every envelope's signature is checked against the
chain that starts at the request's signature, with the secret key the server was given, and
the access key must be the expected one: a client with other credentials gets a
`BadRequestException` event, as it would from the service.

What it "hears" is scripted, as in the Google server: `transcripts` maps the SHA-256 of the
utterance's audio to `[(text, confidence)]` words; other audio gets `by_duration`. The answer
is a partial result with the first word, then the final result with all the words and their
confidences. Each request is kept in `streams`; `fail_next` makes the next one end with a
service exception event of that type.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import re
import socket
import ssl
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import h2.config
import h2.connection
import h2.events

from tests.asr_servers.event_stream import (
    FramingError,
    Message,
    MessageReader,
    encode_message,
)
from tests.asr_servers.tls_certificates import ServerCertificate

Words = Sequence[tuple[str, float]]
CREDENTIAL = re.compile(r"Credential=([^/]+)/(\d{8})/([^/]+)/([^/,]+)/aws4_request")
SIGNATURE = re.compile(r"Signature=([0-9a-f]{64})")
MAX_AUDIO = 4 * 1024 * 1024


@dataclass
class HeardRequest:
    headers: dict[str, str]
    audio: bytes = field(default=b"", repr=False)
    events: int = 0
    ended: bool = False
    signatures_checked: int = 0
    error: str | None = None

    @property
    def language(self) -> str:
        return self.headers.get("x-amzn-transcribe-language-code", "")

    @property
    def rate(self) -> int:
        return int(self.headers.get("x-amzn-transcribe-sample-rate", "0"))

    @property
    def duration_ms(self) -> int:
        return len(self.audio) * 1000 // (2 * (self.rate or 8000))


def digest(audio: bytes) -> str:
    return hashlib.sha256(audio).hexdigest()


@dataclass
class _Chain:
    """The SigV4 event-signature chain of one request."""

    secret: str
    date: str
    region: str
    service: str
    prior: bytes
    key: bytes = field(init=False)

    def __post_init__(self) -> None:
        key = hmac.new(b"AWS4" + self.secret.encode(), self.date.encode(), "sha256").digest()
        for part in (self.region, self.service, "aws4_request"):
            key = hmac.new(key, part.encode(), "sha256").digest()
        self.key = key

    def check(self, envelope: Message) -> bool:
        stamp = envelope.headers.get(":date")
        signature = envelope.headers.get(":chunk-signature")
        if not isinstance(stamp, int) or not isinstance(signature, bytes):
            return False
        when = datetime.datetime.fromtimestamp(stamp / 1000, datetime.UTC)
        timestamp = when.strftime("%Y%m%dT%H%M%SZ")
        date_header = envelope.raw_headers[:envelope.raw_headers.index(b":chunk-signature") - 1]
        to_sign = "\n".join([
            "AWS4-HMAC-SHA256-PAYLOAD", timestamp,
            f"{timestamp[:8]}/{self.region}/{self.service}/aws4_request", self.prior.hex(),
            hashlib.sha256(date_header).hexdigest(),
            hashlib.sha256(envelope.payload).hexdigest()])
        expected = hmac.new(self.key, to_sign.encode(), "sha256").digest()
        self.prior = signature
        return hmac.compare_digest(expected, signature)


class TranscribeServer:
    """`with TranscribeServer(certificate, "AKID", "secret", {digest(pcm): words}) as server:`"""

    def __init__(self, certificate: ServerCertificate, access_key: str, secret_key: str,
                 transcripts: Mapping[str, Words] | None = None,
                 by_duration: Sequence[tuple[int, Words]] = ()):
        self.access_key = access_key
        self.secret_key = secret_key
        self.transcripts = dict(transcripts or {})
        self.by_duration = list(by_duration)
        self.streams: list[HeardRequest] = []
        self.connections = 0
        self.fail_next: str | None = None
        self._lock = threading.Lock()
        self._context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self._context.load_cert_chain(certificate.cert_file, certificate.key_file)
        self._context.set_alpn_protocols(["h2"])
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []

    @property
    def endpoint(self) -> str:
        return f"https://localhost:{self.port}"

    def __enter__(self) -> TranscribeServer:
        self._spawn(self._accept)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping.set()
        self._listener.close()
        for thread in self._threads:
            thread.join(5)

    def _spawn(self, target: Any, *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True,
                                  name="transcribe-server")
        self._threads.append(thread)
        thread.start()

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            self._spawn(self._serve, client)

    def _serve(self, client: socket.socket) -> None:
        client.settimeout(0.5)
        try:
            tls = self._context.wrap_socket(client, server_side=True)
        except (OSError, ssl.SSLError):
            client.close()
            return
        with self._lock:
            self.connections += 1
        with tls:
            if tls.selected_alpn_protocol() != "h2":
                return
            _Connection(self, tls).run(self._stopping)

    def words_for(self, audio: bytes) -> Words:
        if digest(audio) in self.transcripts:
            return self.transcripts[digest(audio)]
        duration = len(audio) * 1000 // 16000
        for bound, words in self.by_duration:
            if duration <= bound:
                return words
        return ()


def _text(value: str | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else value


class _Connection:
    """One client connection: its HTTP/2 state and its open requests."""

    def __init__(self, server: TranscribeServer, tls: ssl.SSLSocket):
        self.server = server
        self.tls = tls
        self.h2 = h2.connection.H2Connection(h2.config.H2Configuration(
            client_side=False, header_encoding="utf-8"))
        self.requests: dict[int, tuple[HeardRequest, MessageReader, _Chain | None]] = {}

    def run(self, stopping: threading.Event) -> None:
        self.h2.initiate_connection()
        self._flush()
        while not stopping.is_set():
            try:
                data = self.tls.recv(65536)
            except TimeoutError:
                continue
            except (OSError, ssl.SSLError):
                return
            if not data:
                return
            for event in self.h2.receive_data(data):
                self._handle(event)
            self._flush()

    def _flush(self) -> None:
        outgoing = self.h2.data_to_send()
        if outgoing:
            self.tls.sendall(outgoing)

    def _handle(self, event: h2.events.Event) -> None:
        if isinstance(event, h2.events.RequestReceived):
            self._start(event.stream_id, {_text(name): _text(value)
                                          for name, value in event.headers or []})
        elif isinstance(event, h2.events.DataReceived):
            self.h2.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
            self._audio(event.stream_id, event.data or b"")
        elif (isinstance(event, h2.events.StreamEnded) and event.stream_id in self.requests
              and not self.requests[event.stream_id][0].ended):
            self._answer(event.stream_id)

    def _start(self, stream_id: int, headers: dict[str, str]) -> None:
        if headers.get(":method") != "POST" or headers.get(":path") != "/stream-transcription":
            self._refuse(stream_id, 404, "UnknownOperationException", "no such operation")
            return
        authorization = headers.get("authorization", "")
        credential, signature = CREDENTIAL.search(authorization), SIGNATURE.search(authorization)
        if credential is None or signature is None or credential[1] != self.server.access_key:
            self._refuse(stream_id, 403, "UnrecognizedClientException",
                         "The security token included in the request is invalid.")
            return
        heard = HeardRequest(headers)
        with self.server._lock:
            self.server.streams.append(heard)
        chain = _Chain(self.server.secret_key, credential[2], credential[3], credential[4],
                       bytes.fromhex(signature[1]))
        self.requests[stream_id] = (heard, MessageReader(), chain)
        self.h2.send_headers(stream_id, [
            (":status", "200"), ("content-type", "application/vnd.amazon.eventstream"),
            ("x-amzn-request-id", f"request-{len(self.server.streams)}"),
            ("x-amzn-transcribe-session-id", f"session-{len(self.server.streams)}"),
            ("x-amzn-transcribe-language-code", heard.language),
            ("x-amzn-transcribe-sample-rate", str(heard.rate)),
            ("x-amzn-transcribe-media-encoding",
             headers.get("x-amzn-transcribe-media-encoding", ""))])

    def _refuse(self, stream_id: int, status: int, kind: str, message: str) -> None:
        body = json.dumps({"Message": message}).encode()
        self.h2.send_headers(stream_id, [(":status", str(status)), ("x-amzn-errortype", kind),
                                         ("content-type", "application/json")])
        self.h2.send_data(stream_id, body, end_stream=True)

    def _audio(self, stream_id: int, data: bytes) -> None:
        if stream_id not in self.requests:
            return
        heard, reader, chain = self.requests[stream_id]
        if heard.ended or heard.error:
            return
        try:
            envelopes = reader.add(data)
        except FramingError as exc:
            self._fail(stream_id, "BadRequestException", f"malformed event stream: {exc}")
            return
        for envelope in envelopes:
            if chain is None or not chain.check(envelope):
                self._fail(stream_id, "BadRequestException",
                           "The request signature we calculated does not match the "
                           "signature you provided.")
                return
            heard.signatures_checked += 1
            if not envelope.payload:
                heard.ended = True
                self._answer(stream_id)
                return
            for event in MessageReader().add(envelope.payload):
                if (event.headers.get(":message-type"), event.headers.get(":event-type")) != (
                        "event", "AudioEvent"):
                    self._fail(stream_id, "BadRequestException", "expected an AudioEvent")
                    return
                heard.events += 1
                heard.audio += event.payload
            if len(heard.audio) > MAX_AUDIO:
                self._fail(stream_id, "LimitExceededException", "too much audio")
                return

    def _send_event(self, stream_id: int, message: bytes, end: bool = False) -> None:
        size = self.h2.max_outbound_frame_size
        for offset in range(0, len(message), size):
            last = offset + size >= len(message)
            self.h2.send_data(stream_id, message[offset:offset + size], end_stream=end and last)

    def _fail(self, stream_id: int, kind: str, message: str) -> None:
        heard = self.requests[stream_id][0]
        heard.error = kind
        self._send_event(stream_id, encode_message(
            {":message-type": "exception", ":exception-type": kind,
             ":content-type": "application/json"},
            json.dumps({"Message": message}).encode()), end=True)

    def _answer(self, stream_id: int) -> None:
        heard = self.requests[stream_id][0]
        if heard.error:
            return
        with self.server._lock:
            failure, self.server.fail_next = self.server.fail_next, None
        if failure:
            self._fail(stream_id, failure, f"scripted {failure}")
            return
        words = list(self.server.words_for(heard.audio))
        events = [self._result(words[:1], partial=True), self._result(words, partial=False)]
        for result in events if words else []:
            self._send_event(stream_id, encode_message(
                {":message-type": "event", ":event-type": "TranscriptEvent",
                 ":content-type": "application/json"},
                json.dumps({"Transcript": {"Results": [result]}}).encode()))
        self.h2.end_stream(stream_id)
        heard.ended = True

    def _result(self, words: Words, partial: bool) -> dict[str, Any]:
        items = [{"Content": text, "Confidence": None if partial else confidence,
                  "Type": "pronunciation", "StartTime": 0.3 * index,
                  "EndTime": 0.3 * index + 0.25, "VocabularyFilterMatch": False}
                 for index, (text, confidence) in enumerate(words)]
        return {"ResultId": "result-1", "IsPartial": partial, "StartTime": 0.0,
                "EndTime": 0.3 * len(words),
                "Alternatives": [{"Transcript": " ".join(text for text, _ in words),
                                  "Items": items}]}
