"""`survey`: ask a few questions after a call or chat and report each answer as a survey result.

Questions are a 1-5 or 1-10 scale, yes/no, or free text (chat only: a voice caller cannot type,
so a text question is passed over on voice). Scale and yes/no questions are answered by key,
by speech or by button, like a menu; each question re-asks on silence and on replies it does
not understand, `retries` times each. Every answer is reported as a `survey_answer` analytics
event (question id, type, scale, answer) together with the queue and agent of the
interaction when the session knows them; the analytics writer turns these events into survey
results (docs/analytics.md). A question that stays unanswered ends the survey: `partial` when
some questions were answered, `declined` when none was.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from blocks.common import RetryLoop, normalise_reply, retries_field, timeout_field, unique
from blocks.editor_fields import RETRYING_INPUT_FIELDS
from interpreter.blocktype import INTERACTIVE_PHASES, WAIT, BlockType, EditorInfo, FieldInfo, Outcome
from interpreter.compiler import BlockCompiler
from interpreter.engine.effects import Collect, MenuOption, PromptOut
from interpreter.engine.events import Event, Input
from interpreter.engine.run import BlockRun
from interpreter.fields import Bool, Int, identifier, prompt_list

QUESTION_TYPES = ("scale", "yes_no", "text")
SCALES = (5, 10)
MAX_QUESTIONS = 20
MAX_TEXT_ANSWER = 2000
"""The longest free-text answer a survey keeps (the block's `max_text_length` caps it lower)."""
NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
YES_WORDS = ("yes", "yeah", "yep", "y", "sure", "correct")
NO_WORDS = ("no", "nope", "n", "not really")
ROUTING_KEYS = ("queue", "agent")
MAX_ROUTING_NAME = 100


class QuestionSchema(Schema):
    id = fields.String(required=True, validate=validate.Regexp(
        r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$",
        error="A question id uses letters, digits and _ . - (at most 64)."))
    type = fields.String(load_default="scale", validate=validate.OneOf(QUESTION_TYPES))
    scale = Int(load_default=5, validate=validate.OneOf(SCALES))
    prompts = prompt_list()
    variable = identifier(load_default=None, allow_none=True)
    labels = fields.List(fields.String(validate=validate.Length(min=1, max=100)),
                         load_default=list, validate=validate.Length(max=10), metadata={
                             "description": "Button labels of a scale, one per point (1 first)."})

    @validates_schema
    def _labels_fit(self, data: dict[str, Any], **kwargs: Any) -> None:
        labels = data.get("labels") or []
        if labels and (data.get("type") != "scale" or len(labels) != data.get("scale", 5)):
            raise ValidationError("Give one label per point of the scale, or none.", "labels")


class SurveyProps(Schema):
    survey = fields.String(load_default=None, allow_none=True, validate=validate.Regexp(
        r"^[A-Za-z0-9_][A-Za-z0-9_ .-]{0,63}$",
        error="A survey name uses letters, digits, spaces and _ . - (at most 64)."),
        metadata={"description": "The name results are reported under; default: the block id."})
    questions = fields.List(fields.Nested(QuestionSchema), required=True,
                            validate=validate.Length(min=1, max=MAX_QUESTIONS))
    prompts = prompt_list()
    retries = retries_field()
    timeout_ms = timeout_field(7000)
    noinput_prompts = prompt_list()
    nomatch_prompts = prompt_list()
    bargein = Bool(load_default=True)
    max_text_length = Int(load_default=500, validate=validate.Range(min=1, max=MAX_TEXT_ANSWER))

    @validates_schema
    def _unique_ids(self, data: dict[str, Any], **kwargs: Any) -> None:
        unique([question["id"] for question in data.get("questions", [])], "Question id")


def scale_options(scale: int, labels: list[str]) -> tuple[MenuOption, ...]:
    """Keys 1..scale, answered also by the number's word or the label."""
    names = labels or [str(n) for n in range(1, scale + 1)]
    return tuple(MenuOption(str(n), names[n - 1], (NUMBER_WORDS[n - 1],))
                 for n in range(1, scale + 1))


YES_NO_OPTIONS = (MenuOption("1", "Yes", YES_WORDS), MenuOption("2", "No", NO_WORDS))


def _make_collect(run: BlockRun, question: Any, prompts: tuple[PromptOut, ...], attempt: int,
                  reprompt: str | None) -> Collect:
    if question["type"] == "text":
        return Collect(run.block_id, "input", prompts, grammar="text",
                       max_length=question["max_text_length"], timeout_ms=question["timeout_ms"],
                       bargein=question["bargein"], attempt=attempt, reprompt=reprompt,
                       language=run.language)
    return Collect(run.block_id, "menu", prompts, options=question["options"],
                   timeout_ms=question["timeout_ms"], bargein=question["bargein"],
                   attempt=attempt, reprompt=reprompt, language=run.language, speech=True)


def _answer_of(question: Any, event: Input) -> int | str | None:
    """The caller's answer to one question: 1..scale, "yes"/"no", or the text; None if none."""
    if question["type"] == "text":
        text = " ".join(event.value.split())
        return text[: question["max_text_length"]] if text else None
    if event.type == "dtmf":
        keys = event.value.rstrip("#")
        if question["type"] == "scale" and question["scale"] == 10 and keys == "0":
            keys = "10"
        chosen = next((o.key for o in question["options"] if o.key == keys), None)
    else:
        reply = normalise_reply(event.value)
        chosen = next((o.key for o in question["options"] if reply in (
            normalise_reply(o.key), normalise_reply(o.label),
            *(normalise_reply(word) for word in o.utterances))), None)
    if chosen is None:
        return None
    if question["type"] == "yes_no":
        return "yes" if chosen == "1" else "no"
    return int(chosen)


def routing_context(run: BlockRun) -> dict[str, str | None]:
    """The queue and agent of the interaction when the session knows them, else None.

    Looked up loosely: a `Routing` system value ({"queue": …, "agent": …}), `Queue`/`Agent`
    system values, then attached data keys `queue`/`agent`."""
    routing = run.system.get("Routing")
    found: dict[str, str | None] = {}
    for key in ROUTING_KEYS:
        value = routing.get(key) if isinstance(routing, dict) else None
        if value in (None, ""):
            value = run.system.get(key.capitalize())
        if value in (None, ""):
            value = run.data.get(key)
        found[key] = str(value)[:MAX_ROUTING_NAME] if value not in (None, "") else None
    return found


class _SurveyMatcher:
    """Adapts one question to the retry loop's matcher: an answer selects the port `answered`."""

    def __call__(self, run: BlockRun, question: Any, event: Input) -> str | None:
        answer = _answer_of(question, event)
        if answer is None:
            return None
        run.block_state["answer"] = answer
        return "answered"


_LOOP = RetryLoop(_make_collect)
_MATCH = _SurveyMatcher()


class Survey(BlockType):
    name = "survey"
    editor = EditorInfo(
        "Survey", "Prompts & input", "star",
        "Asks survey questions: a 1-5 or 1-10 scale or yes/no (keys, speech or buttons) and "
        "free text (chat only; skipped on voice). Each answer becomes a survey result in "
        "Analytics, with the queue, agent, flow and version. Re-asks on silence and "
        "unrecognised replies, 'retries' times each; a question left unanswered ends the "
        "survey. 'completed' when every question was answered, 'partial' when some were, "
        "'declined' when none was.", color="#3f7f9f",
        port_labels={"completed": "all answered", "partial": "some answered",
                     "declined": "none answered"})
    props_schema = SurveyProps
    editor_fields = (
        FieldInfo("prompts", "Introduction", "Said or sent before the first question."),
        FieldInfo("questions", "Questions", "Asked in order: a scale, yes/no or free text.",
                  summary=True),
        FieldInfo("survey", "Survey name", "The name results are reported under.",
                  advanced=True),
        *RETRYING_INPUT_FIELDS,
        FieldInfo("max_text_length", "Longest text answer", "Characters kept of a free-text "
                  "answer.", advanced=True),
    )
    phases = INTERACTIVE_PHASES
    static_ports = ("completed", "partial", "declined")
    waits = True

    def ports(self, props: Any) -> tuple[str, ...]:
        """One question cannot be answered in part: no `partial` port then."""
        if len(props["questions"]) == 1:
            return ("completed", "declined")
        return self.static_ports

    def compile(self, props: dict[str, Any], compiler: BlockCompiler) -> Any:
        shared = {key: compiler.prompts(key, props[key])
                  for key in ("prompts", "noinput_prompts", "nomatch_prompts")}
        questions = []
        for index, question in enumerate(props["questions"]):
            options = () if question["type"] == "text" else (
                YES_NO_OPTIONS if question["type"] == "yes_no"
                else scale_options(question["scale"], question["labels"]))
            questions.append({
                **question, "options": options,
                "prompts": compiler.prompts(f"questions[{index}].prompts", question["prompts"]),
                "noinput_prompts": shared["noinput_prompts"],
                "nomatch_prompts": shared["nomatch_prompts"], "retries": props["retries"],
                "timeout_ms": props["timeout_ms"], "bargein": props["bargein"],
                "max_text_length": props["max_text_length"]})
        return {**props, **shared, "questions": tuple(questions)}

    def written_variables(self, props: Any) -> list[tuple[str, str]]:
        return [(f"questions[{index}].variable", question["variable"])
                for index, question in enumerate(props["questions"]) if question["variable"]]

    def enter(self, run: BlockRun, props: Any) -> Outcome:
        run.block_state.update(question=0, answered=0, intro=True)
        return self._ask_from(run, props, 0)

    def resume(self, run: BlockRun, props: Any, event: Event) -> Outcome:
        state = run.block_state
        index = int(state.get("question", 0))
        question = props["questions"][index]
        outcome = _LOOP.answer(run, question, event, _MATCH)
        if outcome is WAIT:
            return WAIT
        if outcome != "answered":
            return "partial" if state.get("answered") else "declined"
        self._report(run, props, question, state.pop("answer"))
        state["answered"] = int(state.get("answered", 0)) + 1
        return self._ask_from(run, props, index + 1)

    def _ask_from(self, run: BlockRun, props: Any, index: int) -> Outcome:
        """Ask the first question from `index` on this channel, or finish the survey."""
        questions = props["questions"]
        while index < len(questions) and questions[index]["type"] == "text" \
                and run.channel != "chat":
            index += 1
        if index >= len(questions):
            return "completed" if run.block_state.get("answered") else "declined"
        run.block_state["question"] = index
        question = questions[index]
        if run.block_state.pop("intro", False) and props["prompts"]:
            question = {**question, "prompts": props["prompts"] + question["prompts"]}
        return _LOOP.ask(run, question)

    def _report(self, run: BlockRun, props: Any, question: Any, answer: int | str) -> None:
        if question["variable"]:
            run.set(question["variable"], answer)
        run.record("survey_answer", {
            "survey": props["survey"] or run.block_id, "question": question["id"],
            "type": question["type"],
            "scale": question["scale"] if question["type"] == "scale" else None,
            "answer": answer, **routing_context(run)})
