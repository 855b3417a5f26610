"""What the Dialogflow ES and CX connectors share: channels, credentials, errors, parameters.

Both SDKs build a TLS channel from `client_options.api_endpoint`, which cannot reach a plain
local test server; an endpoint on this machine (or written `http://host:port`) gets an
insecure gRPC channel instead. Nothing but a loopback or explicit `http://` endpoint is ever
spoken to without TLS, and such a channel carries no credentials.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import google.auth.exceptions
import grpc
from google.api_core import exceptions as api_exceptions
from google.protobuf import json_format

from interpreter.engine.effects import BotTurn
from interpreter.engine.events import BotResponse
from runtime.bots import errors
from runtime.bots.client_cache import ClientCache
from runtime.bots.definition import BotDefinition, for_turn
from runtime.bots.endpoint_policy import token_uri_problem
from runtime.bots.errors import BotFailure
from runtime.bots.retry import RetryPolicy, call_with_retries
from runtime.bots.sessions import ContextStore, MemoryContextStore, turn_context

GLOBAL = "global"
DEFAULT_HOST = "dialogflow.googleapis.com"
SCOPES = ("https://www.googleapis.com/auth/cloud-platform",
          "https://www.googleapis.com/auth/dialogflow")


def regional_host(location: str | None) -> str:
    return DEFAULT_HOST if location in (None, "", GLOBAL) else f"{location}-{DEFAULT_HOST}"


def plain_address(endpoint: str) -> str | None:
    """`host:port` when `endpoint` is to be reached without TLS, else None."""
    parts = urlsplit(endpoint if "://" in endpoint else f"//{endpoint}")
    if parts.hostname is None:
        return None
    if parts.scheme == "http":
        return parts.netloc
    if parts.scheme not in ("", "grpc"):
        return None
    if parts.hostname == "localhost":
        return parts.netloc
    try:
        return parts.netloc if ipaddress.ip_address(parts.hostname).is_loopback else None
    except ValueError:
        return None


def build_client(client_class: Any, transport_class: Any, definition: BotDefinition) -> Any:
    """A SessionsClient for the definition: plain gRPC to a local server, else TLS + auth."""
    endpoint = definition.endpoint or regional_host(definition.region)
    address = plain_address(endpoint)
    if address is not None:
        return client_class(transport=transport_class(channel=grpc.insecure_channel(address)))
    return client_class(credentials=service_account(definition.credentials),
                        client_options={"api_endpoint": endpoint})


def service_account(credentials: Mapping[str, Any]) -> Any:
    """Credentials from `{"service_account_info": {...key JSON...}}`; None: the host's ADC."""
    info = credentials.get("service_account_info")
    if not info:
        return None
    problem = token_uri_problem(info)
    if problem is not None:
        raise ValueError(problem)
    from google.oauth2 import service_account as accounts

    return accounts.Credentials.from_service_account_info(dict(info), scopes=list(SCOPES))


def plain_json(value: Any) -> Any:
    """A protobuf Struct (or value) as plain JSON; whole numbers come back as ints."""
    if hasattr(value, "DESCRIPTOR"):
        value = json_format.MessageToDict(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 2 ** 53:
        return int(value)
    if isinstance(value, Mapping):
        return {key: plain_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain_json(item) for item in value]
    return value


def classify(exc: Exception, definition: BotDefinition) -> BotFailure:
    """google-api-core's exceptions sorted into retry-worthy or not, with a readable message."""
    bot = definition.name
    if isinstance(exc, api_exceptions.RetryError) and isinstance(exc.cause, Exception):
        return classify(exc.cause, definition)
    if isinstance(exc, api_exceptions.DeadlineExceeded):
        return errors.timed_out(definition.timeout_ms)
    if isinstance(exc, api_exceptions.NotFound):
        return errors.not_found(bot)
    if isinstance(exc, (api_exceptions.PermissionDenied, api_exceptions.Unauthenticated,
                        api_exceptions.Unauthorized, api_exceptions.Forbidden,
                        google.auth.exceptions.GoogleAuthError)):
        return errors.refused_credentials(bot)
    if isinstance(exc, (api_exceptions.ResourceExhausted, api_exceptions.TooManyRequests)):
        return errors.throttled(bot)
    if isinstance(exc, (api_exceptions.ServiceUnavailable, api_exceptions.InternalServerError,
                        api_exceptions.BadGateway, api_exceptions.Aborted,
                        api_exceptions.ServerError)):
        return errors.unavailable(bot)
    if isinstance(exc, api_exceptions.GoogleAPICallError):
        return errors.rejected(bot, exc.message or type(exc).__name__)
    return errors.broken(bot, str(exc) or type(exc).__name__)


class DialogflowConnector(ClientCache):
    """The turn loop both Dialogflow connectors share; subclasses build requests and read
    results. `raw["context"]` carries the intent being filled: CX stops naming it once it is
    filling the intent's parameters, and the block still needs it when the page completes."""

    client_class: Any
    transport_class: Any

    def __init__(self, contexts: ContextStore | None = None, retry: RetryPolicy | None = None):
        self.contexts = contexts or MemoryContextStore()
        self.retry = retry or RetryPolicy()
        super().__init__()

    def turn(self, effect: BotTurn, definition: BotDefinition) -> BotResponse:
        definition = for_turn(definition, effect)
        context = turn_context(effect, self.contexts) or {}
        try:
            client = self._client_or_failure(definition)
            request = self.request(client, effect, definition)

            def call(left: float) -> Any:
                return client.detect_intent(request=request, timeout=left, retry=None)

            result = call_with_retries(call, lambda exc: classify(exc, definition), definition,
                                       self.retry)
        except BotFailure as failure:
            return BotResponse(state="failed", error=failure.message)
        response = self.read(result, effect, context)
        self.contexts.put(effect.bot, effect.session_key, response.raw["context"])
        return response

    def build_client(self, definition: BotDefinition) -> Any:
        return build_client(self.client_class, self.transport_class, definition)

    def classify(self, exc: Exception, definition: BotDefinition) -> BotFailure:
        return classify(exc, definition)

    def close(self) -> None:
        """Close every cached channel (hosts call it on shutdown; tests between servers)."""
        with self._lock:
            clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            client.transport.close()

    def request(self, client: Any, effect: BotTurn, definition: BotDefinition) -> Any:
        raise NotImplementedError

    def read(self, result: Any, effect: BotTurn, context: Mapping[str, Any]) -> BotResponse:
        raise NotImplementedError


def language_of(effect: BotTurn, definition: BotDefinition) -> str:
    return effect.language or definition.language
