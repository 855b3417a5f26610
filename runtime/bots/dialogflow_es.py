"""Dialogflow ES (`google.cloud.dialogflow_v2`) through `Sessions.DetectIntent`.

ES has no notion of a conversation that closes, so the outcome is read as follows: a fallback
intent (or the `input.unknown` action) -> fallback; required parameters still missing ->
in_progress (ES is filling slots); the opening turn or a welcome intent (`input.welcome`) ->
in_progress; any other matched intent -> fulfilled. Parameters become the slots.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from google.cloud import dialogflow_v2
from google.cloud.dialogflow_v2.services.sessions.transports import SessionsGrpcTransport
from google.protobuf import json_format

from interpreter.engine.effects import BotTurn
from interpreter.engine.events import BotResponse
from runtime.bots.definition import BotDefinition
from runtime.bots.dialogflow_common import GLOBAL, DialogflowConnector, language_of, plain_json
from runtime.bots.sessions import dialogflow_session_id, spoken_text

DEFAULT_OPENING_EVENT = "WELCOME"
WELCOME_ACTION = "input.welcome"
FALLBACK_ACTION = "input.unknown"


def session_path(definition: BotDefinition, session_key: str) -> str:
    base = f"projects/{definition.project}"
    if definition.region and definition.region != GLOBAL:
        base += f"/locations/{definition.region}"
    base += "/agent"
    if definition.environment:
        base += f"/environments/{definition.environment}/users/-"
    return f"{base}/sessions/{dialogflow_session_id(session_key)}"


class DialogflowESConnector(DialogflowConnector):
    """`BotConnector` for Dialogflow ES agents (`provider: dialogflow_es`)."""

    client_class = dialogflow_v2.SessionsClient
    transport_class = SessionsGrpcTransport

    def request(self, client: Any, effect: BotTurn, definition: BotDefinition) -> Any:
        language = language_of(effect, definition)
        text = spoken_text(effect)
        if text:
            query_input = dialogflow_v2.QueryInput(
                text=dialogflow_v2.TextInput(text=text, language_code=language))
        else:
            query_input = dialogflow_v2.QueryInput(event=dialogflow_v2.EventInput(
                name=definition.opening or DEFAULT_OPENING_EVENT, language_code=language))
        return dialogflow_v2.DetectIntentRequest(
            session=session_path(definition, effect.session_key), query_input=query_input)

    def read(self, result: Any, effect: BotTurn, context: Mapping[str, Any]) -> BotResponse:
        query = result.query_result
        intent = query.intent.display_name or None
        state = outcome(query, opening=not spoken_text(effect))
        messages = [text for message in query.fulfillment_messages if "text" in message
                    for text in message.text.text if text]
        if not messages and query.fulfillment_text:
            messages = [query.fulfillment_text]
        raw = {"provider": "dialogflow_es", "response_id": result.response_id,
               "query_result": json_format.MessageToDict(
                   type(query).pb(query), preserving_proto_field_name=True),
               "context": {"intent": intent if state == "in_progress" else None}}
        return BotResponse(state=state, intent=intent,
                           slots=plain_json(type(query).pb(query).parameters),
                           confidence=round(query.intent_detection_confidence, 4) if intent else None,
                           messages=tuple(messages), raw=raw)


def outcome(query: Any, *, opening: bool) -> str:
    if query.intent.is_fallback or query.action == FALLBACK_ACTION:
        return "fallback"
    if not query.intent.display_name:
        return "in_progress" if opening else "fallback"
    if not query.all_required_params_present:
        return "in_progress"
    diagnostic = plain_json(type(query).pb(query).diagnostic_info)
    if query.intent.end_interaction or diagnostic.get("end_conversation"):
        return "fulfilled"
    if opening or query.action == WELCOME_ACTION:
        return "in_progress"
    return "fulfilled"
