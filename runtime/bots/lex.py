"""Amazon Lex V2 through boto3's `lexv2-runtime`: text turns and, on voice, audio turns.

botocore's own retries are switched off so that the turn's budget and retry policy are the
same for every provider (`runtime.bots.retry`). Clients are built once per definition
fingerprint: building one costs tens of milliseconds, more than a Lex round trip.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import boto3
import botocore.exceptions
from botocore.config import Config

from interpreter.engine.effects import BotTurn
from interpreter.engine.events import BotResponse
from runtime.bots import errors
from runtime.bots.client_cache import ClientCache
from runtime.bots.definition import BotDefinition, for_turn
from runtime.bots.errors import BotFailure
from runtime.bots.lex_mapping import (
    UTTERANCE_HEADERS,
    decode_header,
    encode_header,
    lex_response,
    prune_to_shape,
)
from runtime.bots.retry import RetryPolicy, call_with_retries
from runtime.bots.sessions import (
    ContextStore,
    MemoryContextStore,
    lex_session_id,
    spoken_text,
    turn_context,
)

DEFAULT_REGION = "us-east-1"
DEFAULT_OPENING = "Hello"
AUDIO_PCM_16K = "audio/l16; rate=16000; channels=1"
_CREDENTIAL_KEYS = ("aws_access_key_id", "aws_secret_access_key", "aws_session_token",
                    "profile_name")
_AUTH_CODES = {"AccessDeniedException", "UnrecognizedClientException", "InvalidSignatureException",
               "ExpiredTokenException", "IncompleteSignatureException",
               "MissingAuthenticationTokenException", "SignatureDoesNotMatch"}
_THROTTLE_CODES = {"ThrottlingException", "TooManyRequestsException", "LimitExceededException"}


class LexConnector(ClientCache):
    """`BotConnector` for Lex V2 bots (`provider: lex`)."""

    def __init__(self, contexts: ContextStore | None = None, retry: RetryPolicy | None = None):
        self.contexts = contexts or MemoryContextStore()
        self.retry = retry or RetryPolicy()
        super().__init__()

    def turn(self, effect: BotTurn, definition: BotDefinition) -> BotResponse:
        text = spoken_text(effect) or definition.opening or DEFAULT_OPENING
        request: dict[str, Any] = {**self._address(effect, definition), "text": text}
        session_state = self._session_state(effect)

        def recognize(client: Any) -> dict[str, Any]:
            if session_state:
                request["sessionState"] = prune_to_shape(session_state, _session_shape(client))
            result: dict[str, Any] = client.recognize_text(**request)
            return result

        return self._answer(effect, definition, recognize)

    def turn_audio(self, effect: BotTurn, definition: BotDefinition, audio: bytes,
                   content_type: str = AUDIO_PCM_16K) -> BotResponse:
        """A spoken turn: Lex transcribes `audio` itself; the transcript is in `raw`."""
        request: dict[str, Any] = {**self._address(effect, definition),
                                   "requestContentType": content_type,
                                   "responseContentType": "text/plain; charset=utf-8",
                                   "inputStream": audio}
        session_state = self._session_state(effect)

        def recognize(client: Any) -> dict[str, Any]:
            if session_state:
                request["sessionState"] = encode_header(
                    prune_to_shape(session_state, _session_shape(client)))
            result = client.recognize_utterance(**request)
            stream = result.get("audioStream")
            if stream is not None:
                stream.close()
            decoded: dict[str, Any] = {key: decode_header(result.get(key))
                                       for key in UTTERANCE_HEADERS}
            decoded["inputTranscript"] = decode_header(result.get("inputTranscript"))
            decoded["sessionId"] = result.get("sessionId")
            return decoded

        return self._answer(effect, definition, recognize)

    def _session_state(self, effect: BotTurn) -> dict[str, Any] | None:
        context = turn_context(effect, self.contexts)
        state = (context or {}).get("sessionState")
        return dict(state) if isinstance(state, Mapping) and state else None

    def _address(self, effect: BotTurn, definition: BotDefinition) -> dict[str, str]:
        locale = definition.locale or (effect.language or definition.language).replace("-", "_")
        return {"botId": str(definition.bot_id), "botAliasId": str(definition.alias_id),
                "localeId": locale, "sessionId": lex_session_id(effect.session_key)}

    def _answer(self, effect: BotTurn, definition: BotDefinition, call: Any) -> BotResponse:
        definition = for_turn(definition, effect)
        try:
            client = self._client_or_failure(definition)
            result = call_with_retries(lambda _left: call(client),
                                       lambda exc: classify(exc, definition), definition,
                                       self.retry)
        except BotFailure as failure:
            return BotResponse(state="failed", error=failure.message)
        response = lex_response(result)
        self.contexts.put(effect.bot, effect.session_key, response.raw["context"])
        return response

    def build_client(self, definition: BotDefinition) -> Any:
        return _build_client(definition)

    def classify(self, exc: Exception, definition: BotDefinition) -> BotFailure:
        return classify(exc, definition)

def _session_shape(client: Any) -> Any:
    operation = client.meta.service_model.operation_model("RecognizeText")
    return operation.input_shape.members["sessionState"]


def _build_client(definition: BotDefinition) -> Any:
    credentials = {key: definition.credentials[key] for key in _CREDENTIAL_KEYS
                   if definition.credentials.get(key)}
    session = boto3.session.Session(region_name=definition.region or DEFAULT_REGION,
                                    **credentials)
    config = Config(connect_timeout=min(definition.timeout_s, 5.0),
                    read_timeout=definition.timeout_s,
                    retries={"total_max_attempts": 1, "mode": "standard"})
    return session.client("lexv2-runtime", endpoint_url=definition.endpoint or None,
                          config=config)


def classify(exc: Exception, definition: BotDefinition) -> BotFailure:
    """botocore's exceptions sorted into retry-worthy or not, with a readable message."""
    bot = definition.name
    if isinstance(exc, botocore.exceptions.ReadTimeoutError):
        return errors.timed_out(definition.timeout_ms)
    if isinstance(exc, (botocore.exceptions.EndpointConnectionError,
                        botocore.exceptions.ConnectTimeoutError,
                        botocore.exceptions.ConnectionClosedError)):
        return errors.unreachable(bot)
    if isinstance(exc, (botocore.exceptions.NoCredentialsError,
                        botocore.exceptions.PartialCredentialsError)):
        return errors.refused_credentials(bot)
    if isinstance(exc, botocore.exceptions.ParamValidationError):
        return errors.rejected(bot, str(exc).split(":", 1)[-1].strip())
    if isinstance(exc, botocore.exceptions.ClientError):
        return _classify_client_error(exc.response, bot)
    return errors.broken(bot, str(exc) or type(exc).__name__)


def _classify_client_error(response: Mapping[str, Any], bot: str) -> BotFailure:
    error = response.get("Error") or {}
    code = str(error.get("Code", ""))
    status = int((response.get("ResponseMetadata") or {}).get("HTTPStatusCode") or 0)
    message = str(error.get("Message") or code)
    if code == "ResourceNotFoundException" or status == 404:
        return errors.not_found(bot)
    if code in _AUTH_CODES or status in (401, 403):
        return errors.refused_credentials(bot)
    if code in _THROTTLE_CODES or status == 429:
        return errors.throttled(bot)
    if code == "DependencyFailedException":
        return errors.broken(bot, f"a service it depends on failed ({message})")
    if status >= 500:
        return errors.unavailable(bot)
    return errors.rejected(bot, message)
