"""`input`: collect a value (digits, a date, free text, ...) checked by a grammar."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from blocks.common import RetryingInputSchema, RetryLoop, timeout_field
from interpreter.blocktype import BlockType, EditorInfo, Outcome
from interpreter.compiler import BlockCompiler
from interpreter.engine.effects import Collect, PromptOut
from interpreter.engine.events import Event, Input
from interpreter.engine.run import BlockRun
from interpreter.fields import Int, identifier
from interpreter.grammars import GRAMMAR_NAMES, GrammarSpecError, compile_grammar


class GrammarField(fields.Field):
    """A grammar name or `{"regex": "..."}`."""

    def __init__(self, **kwargs: Any):
        schema = {"oneOf": [{"enum": list(GRAMMAR_NAMES)},
                            {"type": "object", "properties": {"regex": {"type": "string",
                                                                        "minLength": 1}},
                             "required": ["regex"], "additionalProperties": False}]}
        super().__init__(metadata={"json_schema": schema}, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, str) and value in GRAMMAR_NAMES:
            return value
        if isinstance(value, dict) and set(value) == {"regex"} and isinstance(value["regex"], str):
            return dict(value)
        raise ValidationError(f"A grammar is one of {', '.join(GRAMMAR_NAMES)} or "
                              "{\"regex\": \"...\"}.")


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

    @validates_schema
    def _lengths(self, data: dict[str, Any], **kwargs: Any) -> None:
        low, high = data.get("min_length"), data.get("max_length")
        if low is not None and high is not None and low > high:
            raise ValidationError("min_length is larger than max_length.", "min_length")


def _make_collect(run: BlockRun, props: Any, prompts: tuple[PromptOut, ...], attempt: int,
                  reprompt: str | None) -> Collect:
    return Collect(run.block_id, "input", prompts, grammar=props["grammar_spec"],
                   min_length=props["min_length"], max_length=props["max_length"],
                   terminator=props["terminator"] or None, timeout_ms=props["timeout_ms"],
                   interdigit_timeout_ms=props["interdigit_timeout_ms"], bargein=props["bargein"],
                   attempt=attempt, reprompt=reprompt, secure=run.is_secure(props["variable"]),
                   language=run.language)


def _match(run: BlockRun, props: Any, event: Input) -> str | None:
    raw = event.value
    channel = "voice" if event.type == "dtmf" else "chat"
    terminator = props["terminator"]
    if channel == "voice" and terminator and raw.endswith(terminator):
        raw = raw[: -len(terminator)]
    today = run.host.now().date()
    result = props["grammar"].match(raw, channel, min_length=props["min_length"],
                                    max_length=props["max_length"], today=today)
    if not result.matched:
        return None
    run.set(props["variable"], result.value)
    return "next"


_LOOP = RetryLoop(_make_collect)


class InputBlock(BlockType):
    name = "input"
    editor = EditorInfo("Input", "Prompts & input", "keyboard",
                        "Asks for a value (an account number, a date, an amount, free text) and "
                        "stores it in a variable when it fits the grammar. Re-asks on silence "
                        "and on values that do not fit, 'retries' times each.", color="#3f7f9f")
    props_schema = InputProps
    phases = frozenset({"self_service"})
    static_ports = ("next", "noinput", "nomatch")
    waits = True

    def compile(self, props: dict[str, Any], compiler: BlockCompiler) -> Any:
        compiled = dict(props)
        compiled["grammar_spec"] = props["grammar"]
        try:
            compiled["grammar"] = compile_grammar(props["grammar"])
        except GrammarSpecError as exc:
            compiler.problem("grammar", str(exc))
            compiled["grammar"] = compile_grammar("text")
        for key in ("prompts", "noinput_prompts", "nomatch_prompts"):
            compiled[key] = compiler.prompts(key, props[key])
        return compiled

    def written_variables(self, props: Any) -> list[tuple[str, str]]:
        return [("variable", props["variable"])]

    def enter(self, run: BlockRun, props: Any) -> Outcome:
        return _LOOP.ask(run, props)

    def resume(self, run: BlockRun, props: Any, event: Event) -> Outcome:
        return _LOOP.answer(run, props, event, _match)


__all__ = ["InputBlock", "InputProps", "Schema"]
