"""Dialogflow CX (`google.cloud.dialogflowcx_v3`) through `Sessions.DetectIntent`.

A CX agent ends a conversation by reaching the END_SESSION (or END_FLOW) page or by sending an
end-interaction, live-agent-handoff or conversation-success message: that is `fulfilled`.
NO_MATCH / NO_INPUT is `fallback`. Anything else keeps the conversation open (`in_progress`):
the agent is filling a page's form or answering and waiting for the next question. While CX
fills parameters it no longer names the intent, so the matched intent travels in the context.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from google.cloud import dialogflowcx_v3
from google.cloud.dialogflowcx_v3.services.sessions.transports import SessionsGrpcTransport
from google.protobuf import json_format

from interpreter.engine.effects import BotTurn
from interpreter.engine.events import BotResponse
from runtime.bots.definition import BotDefinition
from runtime.bots.dialogflow_common import GLOBAL, DialogflowConnector, language_of, plain_json
from runtime.bots.sessions import dialogflow_session_id

DEFAULT_WELCOME_INTENT = "00000000-0000-0000-0000-000000000000"
_ENDING_PAGES = ("END_SESSION", "END_FLOW")
_ENDING_MESSAGES = ("end_interaction", "live_agent_handoff", "conversation_success")
_NO_MATCH = (dialogflowcx_v3.Match.MatchType.NO_MATCH, dialogflowcx_v3.Match.MatchType.NO_INPUT)


def agent_path(definition: BotDefinition) -> str:
    return (f"projects/{definition.project}/locations/{definition.region or GLOBAL}"
            f"/agents/{definition.agent}")


def session_path(definition: BotDefinition, session_key: str) -> str:
    base = agent_path(definition)
    if definition.environment:
        base += f"/environments/{definition.environment}"
    return f"{base}/sessions/{dialogflow_session_id(session_key)}"


class DialogflowCXConnector(DialogflowConnector):
    """`BotConnector` for Dialogflow CX agents (`provider: dialogflow_cx`)."""

    client_class = dialogflowcx_v3.SessionsClient
    transport_class = SessionsGrpcTransport

    def request(self, client: Any, effect: BotTurn, definition: BotDefinition) -> Any:
        query_input = dialogflowcx_v3.QueryInput(language_code=language_of(effect, definition))
        if effect.dtmf:
            query_input.dtmf = dialogflowcx_v3.DtmfInput(digits=effect.dtmf.rstrip("#"),
                                                         finish_digit="#")
        elif effect.text:
            query_input.text = dialogflowcx_v3.TextInput(text=effect.text)
        elif definition.opening:
            query_input.event = dialogflowcx_v3.EventInput(event=definition.opening)
        else:
            query_input.intent = dialogflowcx_v3.IntentInput(
                intent=f"{agent_path(definition)}/intents/{DEFAULT_WELCOME_INTENT}")
        return dialogflowcx_v3.DetectIntentRequest(
            session=session_path(definition, effect.session_key), query_input=query_input)

    def read(self, result: Any, effect: BotTurn, context: Mapping[str, Any]) -> BotResponse:
        query = result.query_result
        match = query.match
        matched = match.intent.display_name or None
        intent = matched or context.get("intent")
        confidence = round(match.confidence, 4) if matched else context.get("confidence")
        state = outcome(query)
        filling = state == "in_progress" and intent and not _on_start_page(query)
        messages = [text for message in query.response_messages if "text" in message
                    for text in message.text.text if text]
        raw = {"provider": "dialogflow_cx", "response_id": result.response_id,
               "query_result": json_format.MessageToDict(
                   type(query).pb(query), preserving_proto_field_name=True),
               "context": {"intent": intent, "confidence": confidence} if filling else {}}
        return BotResponse(state=state, intent=intent if state != "fallback" else matched,
                           slots=plain_json(type(query).pb(query).parameters),
                           confidence=confidence, messages=tuple(messages), raw=raw)


def _on_start_page(query: Any) -> bool:
    return bool(query.current_page.name.endswith("/pages/START_PAGE"))


def outcome(query: Any) -> str:
    if query.match.match_type in _NO_MATCH:
        return "fallback"
    page = query.current_page.name.rsplit("/", 1)[-1]
    ends = any(kind in message for message in query.response_messages
               for kind in _ENDING_MESSAGES)
    if ends or page in _ENDING_PAGES:
        return "fulfilled"
    return "in_progress"
