"""Native bots are versioned with the flow: each definition change is a revision, published flow
versions pin the revision they were published with, and the simulator runs the pinned one
(the draft runs the current one). The simulator uses mocks when given, the registry otherwise."""

from __future__ import annotations

import copy
from typing import Any

from tests.designer_ui.bots.conftest import NATIVE_BANK, native_entry, register
from tests.designer_ui.helpers import Api


def bank_flow(flow_id: str = "bank-chat", bot: str = "BankBot") -> dict[str, Any]:
    say = lambda text: {"type": "play_message", "props": {"prompts": [{"tts": text}]}}  # noqa: E731
    return {
        "format": "designer-flow", "format_version": 1, "id": flow_id, "name": "Bank chat",
        "channels": ["chat", "voice"], "phases": {"self_service": "assistant"},
        "variables": {"card": {"type": "object"}},
        "blocks": {
            "assistant": {"type": "bot", "props": {
                "bot": bot, "intents": ["CheckBalance", "ReportCard"], "result_variable": "card"},
                "next": {"CheckBalance": "balance", "ReportCard": "blocked",
                         "fallback": "sorry", "error": "broken"}},
            "balance": say("Your balance is 12 dollars."),
            "blocked": say("Blocked card {{ card.slots.card }}."),
            "sorry": say("Sorry."),
            "broken": say("Error: {{ system.LastError.message }}"),
        },
    }


def frozen_bank() -> dict[str, Any]:
    changed = copy.deepcopy(NATIVE_BANK)
    changed["intents"][1]["reply"] = "Card {card} is frozen."
    return changed


def said(result: dict[str, Any]) -> list[str]:
    return [" ".join(p.get("text", "") for p in effect.get("prompts", []))
            for effect in result["output"] if effect["kind"] in ("say", "collect")]


def simulate(api: Api, flow_id: str, version: Any, *turns: str, **start: Any) -> list[str]:
    response = api.post("simulator/sessions", json={"flow_id": flow_id, "version": version,
                                                    "channel": "chat", **start})
    assert response.status_code == 201, response.json
    heard = said(response.json)
    for text in turns:
        step = api.post(f"simulator/sessions/{response.json['session_id']}/events",
                        json={"input": {"text": text}})
        assert step.status_code == 200, step.json
        heard += said(step.json)
    return [text for text in heard if text]


def test_native_revisions_count_definition_changes_only(developer: Api) -> None:
    created = register(developer, native_entry())
    assert (created["native_revision"], len(created["native_hash"])) == (1, 64)
    same = developer.put("bots/BankBot", json={"provider": "native", "native": NATIVE_BANK,
                                               "description": "Now described"})
    assert same.json["native_revision"] == 1 and same.json["revision"] == 2
    changed = developer.put("bots/BankBot", json={"provider": "native", "native": frozen_bank()})
    assert changed.json["native_revision"] == 2
    assert changed.json["native_hash"] != created["native_hash"]


def test_published_versions_run_the_revision_they_pinned(developer: Api) -> None:
    register(developer, native_entry())
    developer.create_flow(bank_flow())
    published = developer.post("flows/bank-chat/versions", json={"comment": "first"})
    assert published.status_code == 201, published.json
    developer.put("bots/BankBot", json={"provider": "native", "native": frozen_bank()})
    assert developer.get("bots/BankBot").json["pinned_by"] == [
        {"flow_id": "bank-chat", "version": 1, "native_revision": 1}]

    pinned = simulate(developer, "bank-chat", 1, "I lost my card", "1234")
    assert pinned[-2:] == ["Card 1234 is blocked.", "Blocked card 1234."]
    current = simulate(developer, "bank-chat", "draft", "I lost my card", "1234")
    assert current[-2:] == ["Card 1234 is frozen.", "Blocked card 1234."]

    refused = developer.delete("bots/BankBot")
    assert refused.status_code == 409
    assert refused.json["error"]["details"]["versions"] == ["bank-chat@1"]


def test_mocks_win_over_the_registry(developer: Api) -> None:
    register(developer, native_entry())
    developer.create_flow(bank_flow())
    heard = simulate(developer, "bank-chat", "draft", mocks={"bots": {"BankBot": [
        {"intent": "CheckBalance", "messages": ["(mocked)"]}]}})
    assert heard[-2:] == ["(mocked)", "Your balance is 12 dollars."]


def test_a_bot_missing_from_the_registry_waits_for_the_user(developer: Api) -> None:
    developer.create_flow(bank_flow("other-chat", bot="Unregistered"))
    started = developer.post("simulator/sessions", json={"flow_id": "other-chat",
                                                         "channel": "chat"})
    assert started.json["state_summary"]["waiting_for"] == "bot"
    answered = developer.post(f"simulator/sessions/{started.json['session_id']}/events",
                              json={"world": {"bot": {"intent": "CheckBalance"}}})
    assert said(answered.json)[-1] == "Your balance is 12 dollars."
