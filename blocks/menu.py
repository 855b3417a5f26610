"""`menu`: offer options; DTMF keys and speech on voice, buttons and typed replies on chat."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from blocks.common import (
    MenuOptionsMixin,
    RetryingInputSchema,
    RetryLoop,
    menu_options,
    missing_question,
    normalise_reply,
    unlabelled_options,
)
from blocks.editor_fields import QUESTION, RETRYING_INPUT_FIELDS
from blocks.srgs_grammar import SrgsGrammarField, compile_srgs_prop, srgs_choice, srgs_collect
from interpreter.blocktype import INTERACTIVE_PHASES, BlockType, EditorInfo, FieldInfo, Outcome
from interpreter.compiler import BlockCompiler
from interpreter.engine.effects import Collect, PromptOut
from interpreter.engine.events import Event, Input
from interpreter.engine.run import BlockRun


class MenuProps(RetryingInputSchema, MenuOptionsMixin):
    grammar = SrgsGrammarField(load_default=None, allow_none=True)


def _make_collect(run: BlockRun, props: Any, prompts: tuple[PromptOut, ...], attempt: int,
                  reprompt: str | None) -> Collect:
    srgs, speaks = srgs_collect(run, props["grammar"])
    return Collect(run.block_id, "menu", prompts, options=props["options"], grammar=srgs,
                   timeout_ms=props["timeout_ms"], bargein=props["bargein"], attempt=attempt,
                   reprompt=reprompt, language=run.language,
                   speech=speaks or any(option.utterances for option in props["options"]))


def _match(run: BlockRun, props: Any, event: Input) -> str | None:
    options = props["options"]
    if props["grammar"] is not None:
        chosen = srgs_choice(run, props["grammar"], props["srgs"], event)
        if chosen is not None and any(option.key == chosen for option in options):
            return chosen
    if event.type == "dtmf":
        digits = event.value.rstrip("#")
        return next((option.key for option in options if option.key == digits), None)
    reply = normalise_reply(event.value)
    if not reply:
        return None
    for option in options:
        candidates = (option.key, option.label, *option.utterances)
        if any(normalise_reply(candidate) == reply for candidate in candidates):
            return option.key
    return None


_LOOP = RetryLoop(_make_collect)


class Menu(BlockType):
    name = "menu"
    editor = EditorInfo("Menu", "Prompts & input", "list",
                        "Asks the caller to choose: by key press or by saying an option on "
                        "voice, by button or typed reply on chat. Re-asks on silence and on "
                        "unrecognised replies, 'retries' times each, then takes 'noinput' or "
                        "'nomatch'.", color="#3f7f9f")
    props_schema = MenuProps
    editor_fields = (
        QUESTION,
        FieldInfo("options", "Options", "One port per option: the key the caller presses, the "
                  "label they hear or see, and words that also choose it."),
        *RETRYING_INPUT_FIELDS,
        FieldInfo("grammar", "SRGS grammar", "Optional: an SRGS grammar whose answer is an "
                  "option's key, {\"srgs\": NAME} or {\"srgs_inline\": TEXT}.", advanced=True),
    )
    phases = INTERACTIVE_PHASES
    static_ports = ("noinput", "nomatch")
    waits = True

    def ports(self, props: Any) -> tuple[str, ...]:
        return (*(option["key"] for option in props["options"]), "noinput", "nomatch")

    def missing_content(self, props: Mapping[str, Any]) -> list[tuple[str, str]]:
        return [*missing_question(props, "menu"), *unlabelled_options(props)]

    def compile(self, props: dict[str, Any], compiler: BlockCompiler) -> Any:
        compiled = dict(props)
        compiled["options"] = menu_options(props["options"])
        compiled["srgs"] = (compile_srgs_prop(props["grammar"], compiler)
                            if props["grammar"] is not None else None)
        for key in ("prompts", "noinput_prompts", "nomatch_prompts"):
            compiled[key] = compiler.prompts(key, props[key])
        return compiled

    def enter(self, run: BlockRun, props: Any) -> Outcome:
        return _LOOP.ask(run, props)

    def resume(self, run: BlockRun, props: Any, event: Event) -> Outcome:
        return _LOOP.answer(run, props, event, _match)
