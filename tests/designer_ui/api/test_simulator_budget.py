"""The Designer simulator runs flows under the same turn budget as live calls and chats."""

from __future__ import annotations

from typing import Any

from tests.designer_ui.helpers import Api

COSTLY = "'x'.repeat(999999).replaceAll('x','y')"


def costly_flow() -> dict[str, Any]:
    """Counts rounds of a costly expression until it fails, then says why and asks again."""
    return {
        "format": "designer-flow", "format_version": 1, "id": "sim-costly", "name": "Costly",
        "channels": ["voice", "chat"],
        "variables": {"s": {"type": "string", "default": ""},
                      "rounds": {"type": "number", "default": 0},
                      "answer": {"type": "string", "default": None}},
        "phases": {"self_service": "work"},
        "blocks": {
            "work": {"type": "assign", "props": {"assignments": [
                {"variable": "s", "expression": COSTLY},
                {"variable": "rounds", "expression": "rounds + 1"}]},
                "next": {"next": "again", "error": "sorry"}},
            "again": {"type": "segmentation", "props": {"conditions": [
                {"name": "more", "expression": "rounds < 1000"}]},
                "next": {"more": "work", "default": "sorry"}},
            "sorry": {"type": "input", "props": {
                "prompts": [{"tts": "{{ system.LastError.type }}: {{ system.LastError.message }}"}],
                "variable": "answer", "grammar": "digits", "retries": 0},
                "next": {"next": "work", "noinput": "work", "nomatch": "work"}},
        },
    }


def prompts(result: dict[str, Any]) -> list[str]:
    return [" ".join(p.get("text", "") for p in effect.get("prompts", []))
            for effect in result["output"] if effect["kind"] in ("say", "collect")]


def test_the_simulator_stops_a_costly_loop_at_the_turn_budget(developer: Api) -> None:
    developer.create_flow(costly_flow())
    response = developer.post("simulator/sessions", json={"flow_id": "sim-costly",
                                                          "channel": "chat"})
    assert response.status_code == 201, response.json
    said = prompts(response.json)
    assert len(said) == 1
    assert said[0].startswith("LimitExceeded: the turn's work limit of 200,000,000 units "
                              "was exceeded while evaluating " + COSTLY)
    assert response.json["state_summary"]["waiting_for"] == "caller"
    rounds = response.json["state_summary"]["variables"]["rounds"]
    assert 10 < rounds < 1000
    again = developer.post(f"simulator/sessions/{response.json['session_id']}/events",
                           json={"input": {"text": "1"}})
    assert again.status_code == 200, again.json
    assert prompts(again.json)[0].startswith("LimitExceeded:")
