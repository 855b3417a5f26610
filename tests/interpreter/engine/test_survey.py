"""The `survey` block: scale, yes/no and text questions on both channels, retries, and the
`survey_answer` events the analytics writer turns into survey results."""

from __future__ import annotations

from typing import Any

import pytest

from interpreter.engine.effects import Collect
from interpreter.engine.events import Input, Timeout
from tests.interpreter.engine.harness import CHANNELS, Driver, flow_document


def survey_flow(**props: Any) -> dict[str, Any]:
    survey_props: dict[str, Any] = {
        "survey": "csat",
        "prompts": [{"tts": "A few questions."}],
        "questions": [
            {"id": "satisfaction", "type": "scale", "scale": 5,
             "prompts": [{"tts": "How satisfied were you?"}], "variable": "rating"},
            {"id": "resolved", "type": "yes_no", "prompts": [{"tts": "Was it solved?"}]},
            {"id": "nps", "type": "scale", "scale": 10, "prompts": [{"tts": "Recommend us?"}]},
            {"id": "comment", "type": "text", "prompts": [{"tts": "Anything else?"}]},
        ],
        "retries": 1,
        "noinput_prompts": [{"tts": "Sorry, I did not hear you."}],
        "nomatch_prompts": [{"tts": "Sorry, I did not get that."}],
        **props,
    }
    return flow_document(
        {"ask": {"type": "survey", "props": survey_props,
                 "next": {"completed": "done", "partial": "part", "declined": "none"}},
         "done": {"type": "milestone", "props": {"name": "done"}},
         "part": {"type": "milestone", "props": {"name": "part"}},
         "none": {"type": "milestone", "props": {"name": "none"}}},
        variables={"rating": {"type": "number", "default": 0}})


def answers(driver: Driver) -> list[dict[str, Any]]:
    return [dict(e.data or {}) for e in driver.events if e.kind == "survey_answer"]


def collects(driver: Driver) -> list[Collect]:
    return [e for e in driver.effects if isinstance(e, Collect)]


def test_voice_answers_by_keys_and_skips_the_text_question() -> None:
    driver = Driver(survey_flow(), "voice")
    driver.start()
    first = collects(driver)[0]
    assert first.text == "A few questions. How satisfied were you?"
    assert [o.key for o in first.options] == ["1", "2", "3", "4", "5"] and first.speech
    for keys in ("4", "1", "0"):
        driver.send(Input("dtmf", keys))
    assert driver.path[-1] == "done"
    assert [(a["question"], a["answer"], a["scale"]) for a in answers(driver)] == [
        ("satisfaction", 4, 5), ("resolved", "yes", None), ("nps", 10, 10)]
    assert answers(driver)[0]["survey"] == "csat" and answers(driver)[0]["type"] == "scale"
    assert driver.variable("rating") == 4
    assert [c.text for c in collects(driver)][1:] == ["Was it solved?", "Recommend us?"]


def test_chat_answers_by_buttons_words_and_free_text() -> None:
    driver = Driver(survey_flow(), "chat")
    driver.start()
    driver.send(Input("text", "Five"))
    yes_no = collects(driver)[-1]
    assert [(o.key, o.label) for o in yes_no.options] == [("1", "Yes"), ("2", "No")]
    driver.send(Input("text", "no"))
    assert [o.label for o in collects(driver)[-1].options] == [str(n) for n in range(1, 11)]
    driver.send(Input("text", "10"))
    comment = collects(driver)[-1]
    assert comment.mode == "input" and comment.max_length == 500
    driver.send(Input("text", "  Quick   and friendly  "))
    assert driver.path[-1] == "done"
    assert [a["answer"] for a in answers(driver)] == [5, "no", 10, "Quick and friendly"]


def test_free_text_is_cut_to_max_text_length() -> None:
    driver = Driver(survey_flow(max_text_length=10), "chat")
    driver.start()
    for reply in ("3", "yes", "7", "x" * 50):
        driver.send(Input("text", reply))
    assert answers(driver)[-1]["answer"] == "x" * 10


@pytest.mark.parametrize("channel", CHANNELS)
def test_retries_then_partial_when_a_later_question_goes_unanswered(channel: str) -> None:
    driver = Driver(survey_flow(), channel)
    driver.start()
    bad = Input("dtmf", "9") if channel == "voice" else Input("text", "pizza")
    good = Input("dtmf", "2") if channel == "voice" else Input("text", "2")
    driver.send(bad)
    driver.send(good)
    assert answers(driver)[0]["answer"] == 2
    driver.send(Timeout())
    assert not driver.ended
    driver.send(Input("noinput"))
    assert driver.path[-1] == "part"
    texts = [c.text for c in collects(driver)]
    assert texts == ["A few questions. How satisfied were you?", "Sorry, I did not get that.",
                     "Was it solved?", "Sorry, I did not hear you."]
    outcomes = [e.data["outcome"] for e in driver.events if e.kind == "input_outcome"]
    assert outcomes == ["nomatch", "match", "noinput", "noinput"]


@pytest.mark.parametrize("channel", CHANNELS)
def test_declined_when_nothing_is_answered(channel: str) -> None:
    driver = Driver(survey_flow(), channel)
    driver.start()
    bad = Input("dtmf", "7") if channel == "voice" else Input("text", "seven")
    driver.send(bad)
    driver.send(bad)
    assert driver.path[-1] == "none" and answers(driver) == []


def test_only_text_questions_on_voice_decline_at_once() -> None:
    document = survey_flow(questions=[{"id": "comment", "type": "text"}])
    driver = Driver(document, "voice")
    driver.start()
    assert driver.path == ["ask", "none"] and collects(driver) == []


def test_queue_and_agent_come_from_the_session_when_known() -> None:
    driver = Driver(survey_flow(), "voice")
    driver.start(system={"Routing": {"queue": "billing", "agent": "alice"}})
    driver.send(Input("dtmf", "3"))
    assert (answers(driver)[0]["queue"], answers(driver)[0]["agent"]) == ("billing", "alice")
    unknown = Driver(survey_flow(), "chat")
    unknown.start()
    unknown.send(Input("text", "3"))
    assert (answers(unknown)[0]["queue"], answers(unknown)[0]["agent"]) == (None, None)


def test_invalid_props_are_refused() -> None:
    from blocks.survey import Survey

    block = Survey()
    with pytest.raises(Exception, match="used twice"):
        block.load_props({"questions": [{"id": "a"}, {"id": "a"}]})
    with pytest.raises(Exception, match="scale"):
        block.load_props({"questions": [{"id": "a", "scale": 7}]})
    with pytest.raises(Exception, match="questions"):
        block.load_props({"questions": [{"id": f"q{n}"} for n in range(21)]})


def test_one_question_has_no_partial_port() -> None:
    from blocks.survey import Survey

    block = Survey()
    assert block.ports(block.load_props({"questions": [{"id": "a"}]})) == ("completed", "declined")
    assert "partial" in block.ports(block.load_props({"questions": [{"id": "a"}, {"id": "b"}]}))
