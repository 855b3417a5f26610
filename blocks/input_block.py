"""`input`: collect a value (digits, a date, free text, ...) checked by a grammar."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from blocks.common import RetryingInputSchema, RetryLoop, missing_question, timeout_field
from blocks.editor_fields import QUESTION, RETRYING_INPUT_FIELDS
from blocks.input_confirmation import (
    LOW_CONFIDENCE_ACTIONS,
    ask_to_confirm,
    confirmed_value,
    is_confirming,
    is_doubtful,
)
from blocks.srgs_grammar import compile_srgs_prop, srgs_collect, srgs_for_run
from interpreter.blocktype import BlockType, EditorInfo, FieldInfo, Outcome
from interpreter.compiler import BlockCompiler
from interpreter.engine.effects import Collect, PromptOut
from interpreter.engine.events import Event, Input
from interpreter.engine.run import BlockRun
from interpreter.fields import Bool, Int, Num, identifier
from interpreter.grammars import GRAMMAR_NAMES, GrammarMatch, GrammarSpecError, compile_grammar
from interpreter.grammars.srgs.spec import SRGS_SCHEMA, is_srgs, srgs_spec_problem


class GrammarField(fields.Field):
    """A grammar name, `{"regex": "..."}`, `{"srgs": "<name>"}` or `{"srgs_inline": "..."}`."""

    def __init__(self, **kwargs: Any):
        schema = {"oneOf": [{"enum": list(GRAMMAR_NAMES)},
                            {"type": "object", "properties": {"regex": {"type": "string",
                                                                        "minLength": 1}},
                             "required": ["regex"], "additionalProperties": False},
                            *SRGS_SCHEMA]}
        super().__init__(metadata={"json_schema": schema}, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, str) and value in GRAMMAR_NAMES:
            return value
        if isinstance(value, dict) and set(value) == {"regex"} and isinstance(value["regex"], str):
            return dict(value)
        if is_srgs(value):
            problem = srgs_spec_problem(value)
            if problem is not None:
                raise ValidationError(problem[0].upper() + problem[1:] + ".")
            return dict(value)
        raise ValidationError(f"A grammar is one of {', '.join(GRAMMAR_NAMES)}, "
                              "{\"regex\": \"...\"}, {\"srgs\": \"<name>\"} or "
                              "{\"srgs_inline\": \"...\"}.")


class InputProps(RetryingInputSchema):
    variable = identifier(required=True)
    grammar = GrammarField(load_default="digits")
    min_length = Int(load_default=None, allow_none=True,
                                validate=validate.Range(min=0, max=1000))
    max_length = Int(load_default=None, allow_none=True,
                                validate=validate.Range(min=1, max=1000))
    terminator = fields.String(load_default="#", allow_none=True,
                               validate=validate.OneOf(["#", "*", ""]))
    interdigit_timeout_ms = timeout_field(3000)
    speech = Bool(load_default=True)
    confidence_threshold = Num(load_default=None, allow_none=True,
                               validate=validate.Range(min=0, max=1))
    low_confidence = fields.String(load_default="confirm",
                                   validate=validate.OneOf(LOW_CONFIDENCE_ACTIONS))

    @validates_schema
    def _lengths(self, data: dict[str, Any], **kwargs: Any) -> None:
        low, high = data.get("min_length"), data.get("max_length")
        if low is not None and high is not None and low > high:
            raise ValidationError("min_length is larger than max_length.", "min_length")


def _make_collect(run: BlockRun, props: Any, prompts: tuple[PromptOut, ...], attempt: int,
                  reprompt: str | None) -> Collect:
    srgs, speaks = srgs_collect(run, props["grammar_spec"])
    plain_speech = isinstance(props["grammar_spec"], str)
    return Collect(run.block_id, "input", prompts, grammar=srgs or props["grammar_spec"],
                   min_length=props["min_length"], max_length=props["max_length"],
                   terminator=props["terminator"] or None, timeout_ms=props["timeout_ms"],
                   interdigit_timeout_ms=props["interdigit_timeout_ms"], bargein=props["bargein"],
                   attempt=attempt, reprompt=reprompt, secure=run.is_secure(props["variable"]),
                   language=run.language,
                   speech=props["speech"] and (plain_speech or speaks))


def _match(run: BlockRun, props: Any, event: Input) -> str | None:
    result = _read(run, props, event)
    if not result.matched:
        return None
    run.set(props["variable"], result.value)
    return "next"


def _read(run: BlockRun, props: Any, event: Input) -> GrammarMatch:
    """The caller's keys, typed text or spoken words read by the block's grammar."""
    raw = event.value
    channel = "voice" if event.type == "dtmf" else "chat"
    terminator = props["terminator"]
    if channel == "voice" and terminator and raw.endswith(terminator):
        raw = raw[: -len(terminator)]
    today = run.host.now().date()
    grammar = props["grammar"]
    if grammar is None:
        grammar = srgs_for_run(run, props["grammar_spec"])[1]
    result = grammar.match(raw, channel, min_length=props["min_length"],
                                    max_length=props["max_length"], today=today,
                                    language=run.language)
    return result


_LOOP = RetryLoop(_make_collect)


class InputBlock(BlockType):
    name = "input"
    editor = EditorInfo("Input", "Prompts & input", "keyboard",
                        "Asks for a value (an account number, a date, an amount, free text) and "
                        "stores it in a variable when it fits the grammar. Re-asks on silence "
                        "and on values that do not fit, 'retries' times each.", color="#3f7f9f")
    props_schema = InputProps
    editor_fields = (
        QUESTION,
        FieldInfo("variable", "Store answer in", "The variable that receives the answer."),
        FieldInfo("grammar", "Expected answer", "What kind of answer is accepted (digits, "
                  "number, date, ...)."),
        FieldInfo("min_length", "Minimum length", "Fewest digits or characters accepted."),
        FieldInfo("max_length", "Maximum length", "Most digits or characters accepted."),
        *RETRYING_INPUT_FIELDS,
        FieldInfo("terminator", "End key", "The key that ends DTMF entry.", advanced=True),
        FieldInfo("interdigit_timeout_ms", "Between-digits timeout (ms)",
                  "How long to wait between two key presses.", advanced=True),
        FieldInfo("speech", "Accept speech", "Recognise spoken answers on voice.", advanced=True),
        FieldInfo("confidence_threshold", "Confidence threshold", "Speech recognised with a "
                  "lower confidence counts as low-confidence.", advanced=True),
        FieldInfo("low_confidence", "On low confidence", "What to do with a low-confidence "
                  "answer.", advanced=True),
    )
    phases = frozenset({"self_service"})
    static_ports = ("next", "noinput", "nomatch")
    waits = True

    def missing_content(self, props: Mapping[str, Any]) -> list[tuple[str, str]]:
        return missing_question(props, "input")

    def compile(self, props: dict[str, Any], compiler: BlockCompiler) -> Any:
        compiled = dict(props)
        compiled["grammar_spec"] = props["grammar"]
        if is_srgs(props["grammar"]):
            compiled["grammar"] = compile_srgs_prop(props["grammar"], compiler)
        else:
            self._compile_plain(props, compiled, compiler)
        for key in ("prompts", "noinput_prompts", "nomatch_prompts"):
            compiled[key] = compiler.prompts(key, props[key])
        return compiled

    @staticmethod
    def _compile_plain(props: dict[str, Any], compiled: dict[str, Any],
                       compiler: BlockCompiler) -> None:
        try:
            compiled["grammar"] = compile_grammar(props["grammar"])
        except GrammarSpecError as exc:
            compiler.problem("grammar", str(exc))
            compiled["grammar"] = compile_grammar("text")

    def written_variables(self, props: Any) -> list[tuple[str, str]]:
        return [("variable", props["variable"])]

    def enter(self, run: BlockRun, props: Any) -> Outcome:
        return _LOOP.ask(run, props)

    def resume(self, run: BlockRun, props: Any, event: Event) -> Outcome:
        if is_confirming(run):
            said_yes, value = confirmed_value(run, event)
            if said_yes:
                run.set(props["variable"], value)
                run.record("input_outcome", {"outcome": "match",
                                             "attempt": run.block_state.get("attempt", 1)})
                return "next"
            return _LOOP.answer(run, props, Input("nomatch"), _match)
        if isinstance(event, Input) and is_doubtful(props, event):
            if props["low_confidence"] == "nomatch":
                return _LOOP.answer(run, props, Input("nomatch"), _match)
            heard = _read(run, props, event)
            if heard.matched:
                return ask_to_confirm(run, props, heard.value)
        return _LOOP.answer(run, props, event, _match)


__all__ = ["InputBlock", "InputProps", "Schema"]
