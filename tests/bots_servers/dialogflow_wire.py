"""Scripted turns in Dialogflow ES and CX result shapes (proto-plus messages)."""

from __future__ import annotations

from google.cloud import dialogflow_v2 as es
from google.cloud import dialogflowcx_v3 as cx

from tests.bots_servers.script import ScriptedTurn

START_FLOW = "flows/00000000-0000-0000-0000-000000000000"
WELCOME_INTENT = "Default Welcome Intent"
FALLBACK_INTENT = "Default Fallback Intent"


def _parameters(turn: ScriptedTurn) -> dict[str, str]:
    return {name: value[1] if value else "" for name, value in turn.slots.items()}


def es_welcome(message: str, response_id: str) -> es.DetectIntentResponse:
    return es.DetectIntentResponse(response_id=response_id, query_result=es.QueryResult(
        query_text="WELCOME", action="input.welcome", all_required_params_present=True,
        fulfillment_text=message, intent=es.Intent(display_name=WELCOME_INTENT),
        intent_detection_confidence=1.0))


def es_result(turn: ScriptedTurn, text: str, language: str,
              response_id: str) -> es.DetectIntentResponse:
    result = es.QueryResult(query_text=text, language_code=language,
                            fulfillment_text=" ".join(turn.messages),
                            fulfillment_messages=[es.Intent.Message(
                                text=es.Intent.Message.Text(text=list(turn.messages)))],
                            intent_detection_confidence=turn.confidence)
    if turn.state == "fallback":
        result.action = "input.unknown"
        result.all_required_params_present = True
        result.intent = es.Intent(display_name=FALLBACK_INTENT, is_fallback=True)
    else:
        result.intent = es.Intent(display_name=turn.intent)
        result.parameters = _parameters(turn)
        result.all_required_params_present = turn.slot_to_elicit is None
        if turn.outcome == "continue":
            result.action = "input.welcome"
        elif turn.state in ("fulfilled", "failed"):
            result.diagnostic_info = {"end_conversation": True}
    return es.DetectIntentResponse(response_id=response_id, query_result=result)


def _page(agent: str, page: str, name: str) -> cx.Page:
    return cx.Page(name=f"{agent}/{START_FLOW}/pages/{page}", display_name=name)


def cx_welcome(agent: str, message: str, response_id: str) -> cx.DetectIntentResponse:
    return cx.DetectIntentResponse(response_id=response_id, query_result=cx.QueryResult(
        response_messages=[cx.ResponseMessage(text=cx.ResponseMessage.Text(text=[message]))],
        current_page=_page(agent, "START_PAGE", "Start Page"),
        match=cx.Match(intent=cx.Intent(display_name=WELCOME_INTENT),
                       match_type=cx.Match.MatchType.INTENT, confidence=1.0)))


def cx_result(turn: ScriptedTurn, agent: str, text: str, language: str, first: bool,
              response_id: str) -> cx.DetectIntentResponse:
    """`first`: the turn that matched the intent (later turns only fill its parameters)."""
    messages = [cx.ResponseMessage(text=cx.ResponseMessage.Text(text=[message]))
                for message in turn.messages]
    result = cx.QueryResult(text=text, language_code=language, response_messages=messages)
    if turn.state == "fallback":
        result.match = cx.Match(match_type=cx.Match.MatchType.NO_MATCH, confidence=0.0)
        result.current_page = _page(agent, "START_PAGE", "Start Page")
        return cx.DetectIntentResponse(response_id=response_id, query_result=result)
    result.parameters = {name: value for name, value in _parameters(turn).items() if value}
    if first:
        result.match = cx.Match(intent=cx.Intent(
            name=f"{agent}/intents/{str(turn.intent).lower()}", display_name=turn.intent),
            match_type=cx.Match.MatchType.INTENT, confidence=turn.confidence)
    else:
        result.match = cx.Match(match_type=cx.Match.MatchType.PARAMETER_FILLING, confidence=1.0)
    if turn.slot_to_elicit or turn.outcome == "continue":
        page = "START_PAGE" if turn.outcome == "continue" else str(turn.intent).lower()
        result.current_page = _page(agent, page, str(turn.intent))
    else:
        result.current_page = _page(agent, "END_SESSION", "End Session")
        result.response_messages.append(cx.ResponseMessage(
            end_interaction=cx.ResponseMessage.EndInteraction()))
    return cx.DetectIntentResponse(response_id=response_id, query_result=result)
