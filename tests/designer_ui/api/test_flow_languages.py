"""`GET /api/v1/flows/{id}/languages`: per language, the prompts a flow cannot say in it."""

from __future__ import annotations

from typing import Any

from tests.designer_ui.helpers import Api, hello_flow, wav_bytes


def bilingual_flow(flow_id: str) -> dict[str, Any]:
    say = lambda *items: {"prompts": list(items)}  # noqa: E731
    return hello_flow(
        flow_id, languages=["en-US", "es-US"],
        prompts={"greeting": {"en-US": {"tts": "Hello"}, "es": {"tts": "Hola"}},
                 "goodbye": {"en-US": {"tts": "Goodbye"}},
                 "menu": {"en-US": {"audio": "menu-recording"},
                          "es-US": {"audio": "menu-recording"}}},
        blocks={
            "welcome": {"type": "play_message", "label": "Welcome",
                        "props": say({"prompt": "greeting"}, {"audio": "jingle"},
                                     {"announcement": "holiday-notice"}),
                        "next": {"next": "choices"}},
            "choices": {"type": "play_message", "props": say({"prompt": "menu"}),
                        "next": {"next": "bye"}},
            "bye": {"type": "play_message", "props": say({"prompt": "goodbye"},
                                                         {"audio": "jingle"})},
        })


def upload(business: Api, name: str, language: str) -> None:
    response = business.put(f"prompts/{name}/audio/{language}", data=wav_bytes(),
                            headers={"Content-Type": "audio/wav"})
    assert response.status_code == 200, response.json


def gaps(report: dict[str, Any], language: str) -> set[tuple[str, str, str | None]]:
    return {(gap["kind"], gap["name"], gap["environment"]) for gap in report["missing"][language]}


def test_each_language_lists_the_prompts_it_lacks(developer: Api, business: Api) -> None:
    assert business.put("prompts/jingle", json={"texts": {"en-US": "Welcome!"}}).status_code == 200
    assert business.put("prompts/menu-recording", json={"texts": {}}).status_code == 200
    upload(business, "menu-recording", "en-US")
    assert business.put("business/announcements/holiday-notice?environment=test",
                        json={"texts": {"en-US": "Closed today."}}).status_code == 200
    assert developer.create_flow(bilingual_flow("bilingual")).status_code == 201

    report = developer.get("flows/bilingual/languages")
    assert report.status_code == 200, report.json
    assert report.json["languages"] == ["en-US", "es-US"]
    assert report.json["missing"]["en-US"] == []
    assert gaps(report.json, "es-US") == {
        ("flow_prompt", "goodbye", None), ("flow_prompt", "menu", None),
        ("shared_prompt", "jingle", None), ("announcement", "holiday-notice", "test")}
    by_name = {gap["name"]: gap for gap in report.json["missing"]["es-US"]}
    assert sorted(by_name["jingle"]["blocks"]) == ["bye", "welcome"]
    assert "menu-recording" in by_name["menu"]["problem"]

    # filling the gaps empties the Spanish list ("es" serves "es-US")
    upload(business, "menu-recording", "es")
    upload(business, "jingle", "es-US")
    assert business.put("business/announcements/holiday-notice?environment=test",
                        json={"texts": {"en-US": "Closed today.", "es-US": "Cerrado hoy."}}
                        ).status_code == 200
    document = bilingual_flow("bilingual")
    document["prompts"]["goodbye"]["es-US"] = {"tts": "Adiós"}
    draft = developer.get("flows/bilingual")
    saved = developer.put("flows/bilingual", json={"document": document},
                          headers={"If-Match": draft.headers["ETag"]})
    assert saved.status_code == 200, saved.json
    assert developer.get("flows/bilingual/languages").json["missing"]["es-US"] == []


def test_an_unknown_flow_is_404(developer: Api) -> None:
    assert developer.get("flows/nothing-here/languages").status_code == 404
