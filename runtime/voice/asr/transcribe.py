"""Cloud recognition through Amazon Transcribe streaming, with its official Python client.

`amazon-transcribe` speaks Transcribe's HTTP/2 event-stream protocol over awscrt; boto3 has no
Transcribe streaming. A stream collects the utterance and, at the end of speech, sends it in
32 KB audio events on one `StartStreamTranscription` call and reads the final results; the
confidence is the lowest of the words' confidences. The registry entry (provider
`amazon_transcribe`) gives `region`, optionally `endpoint`, and the credentials
(`aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`; none: awscrt's default
chain). The client needs HTTP/2 negotiated by TLS (ALPN): the awscrt it ships with opens plain
`http://` connections as HTTP/1.1 only, so an endpoint must be `https://`; `ca_file` (a PEM
bundle named in the entry's credentials) makes it trust a private certificate authority, as a
local test server or a VPC endpoint with its own CA needs.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from runtime.bots.definition import BotDefinition
from runtime.voice.asr.base import AsrError, BufferedStream, StreamRequest, Transcript

NAME = "transcribe"
AUDIO_EVENT_BYTES = 32 * 1024
"""The largest audio event Transcribe accepts."""
T = TypeVar("T")


def build_client(definition: BotDefinition) -> Any:
    from amazon_transcribe.auth import StaticCredentialResolver
    from amazon_transcribe.client import TranscribeStreamingClient
    from amazon_transcribe.endpoints import StaticEndpointResolver

    credentials = definition.credentials
    region = definition.region or "us-east-1"
    resolver = None
    if credentials.get("aws_access_key_id"):
        resolver = StaticCredentialResolver(str(credentials["aws_access_key_id"]),
                                            str(credentials.get("aws_secret_access_key", "")),
                                            credentials.get("aws_session_token") or None)
    endpoint = None
    if definition.endpoint:
        if not definition.endpoint.startswith("https://"):
            raise AsrError("an Amazon Transcribe endpoint must be an https:// address "
                           "(the client negotiates HTTP/2 over TLS only)")
        endpoint = StaticEndpointResolver(definition.endpoint)
    client = TranscribeStreamingClient(region=region, endpoint_resolver=endpoint,
                                       credential_resolver=resolver)
    ca_file = definition.credentials.get("ca_file")
    if ca_file:
        _trust(client, str(ca_file))
    return client


def _trust(client: Any, ca_file: str) -> None:
    """Make the client's TLS context trust `ca_file` (the client builds its own context with
    the system's roots and offers no option for it)."""
    from awscrt import io

    options = io.TlsContextOptions()
    options.override_default_trust_store_from_path(None, ca_file)
    client._session_manager._tls_ctx = io.ClientTlsContext(options)


class TranscribeRecognizer:
    name = NAME

    def __init__(self, definition: BotDefinition):
        self.definition = definition
        self.client = build_client(definition)

    def start(self, request: StreamRequest) -> TranscribeStream:
        return TranscribeStream(self, request)

    def close(self) -> None:
        """awscrt closes its connections with the client."""

    async def transcribe(self, pcm: bytes, request: StreamRequest) -> list[Transcript]:
        stream = await self.client.start_stream_transcription(
            language_code=request.language, media_sample_rate_hz=request.rate,
            media_encoding="pcm")
        for offset in range(0, len(pcm), AUDIO_EVENT_BYTES):
            await stream.input_stream.send_audio_event(
                audio_chunk=pcm[offset:offset + AUDIO_EVENT_BYTES])
        await stream.input_stream.end_stream()
        finals: list[Any] = []
        async for event in stream.output_stream:
            finals.extend(result for result in event.transcript.results
                          if not result.is_partial and result.alternatives)
        return transcripts_of(finals)


def transcripts_of(results: list[Any]) -> list[Transcript]:
    text = " ".join(result.alternatives[0].transcript.strip() for result in results).strip()
    if not text:
        return []
    confidences = [item.confidence for result in results
                   for item in result.alternatives[0].items or []
                   if getattr(item, "confidence", None) is not None]
    return [Transcript(text, min(confidences) if confidences else None)]


class TranscribeStream(BufferedStream):
    def __init__(self, recognizer: TranscribeRecognizer, request: StreamRequest):
        super().__init__(request)
        self.recognizer = recognizer

    def recognize(self, pcm: bytes) -> list[Transcript]:
        timeout = self.recognizer.definition.timeout_s
        try:
            return run_to_completion(lambda: asyncio.wait_for(
                self.recognizer.transcribe(pcm, self.request), timeout))
        except TimeoutError:
            raise AsrError(f"Amazon Transcribe gave no answer within {timeout:g} s") from None
        except AsrError:
            raise
        except Exception as exc:
            raise AsrError(f"Amazon Transcribe failed: {type(exc).__name__}: "
                           f"{str(exc)[:200]}") from None


def run_to_completion(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run the coroutine `make()` on an event loop of its own: here, or — when this thread
    already runs a loop (a host embedding the recogniser in asyncio code) — in a short-lived
    thread, since a loop cannot be started inside a running one. The coroutine is only created
    where it runs, so none is left never awaited."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make())
    outcome: dict[str, Any] = {}

    def apart() -> None:
        try:
            outcome["value"] = asyncio.run(make())
        except BaseException as exc:  # raised again in the calling thread
            outcome["error"] = exc

    runner = threading.Thread(target=apart, name="transcribe", daemon=True)
    runner.start()
    runner.join()
    if "error" in outcome:
        raise outcome["error"]
    value: T = outcome["value"]
    return value
