"""Doubtful speech in an `input` block: "Did you say 4821?" before the value is kept.

A recogniser's transcript carries a confidence (0 to 1). Below the block's
`confidence_threshold`, the value the grammar read is not stored at once: with
`low_confidence: "confirm"` (the default) the block asks the caller, in the session's language,
whether that is what they said, reading the value as its grammar suggests (digits one by one,
an amount as money, a date as a date); a yes (key 1 or the words of the `boolean` grammar)
keeps it, anything else counts as a no-match and the question is asked again. With
`low_confidence: "nomatch"` the answer is a no-match straight away. Keys and typed text have no
confidence and are never doubted.
"""

from __future__ import annotations

from typing import Any

from interpreter.blocktype import WAIT, Outcome
from interpreter.engine.effects import Collect, PromptOut
from interpreter.engine.events import Event, Input
from interpreter.engine.run import BlockRun
from interpreter.engine.value_reading import say_as
from interpreter.grammars import Channel, compile_grammar
from interpreter.grammars.language_words import base_language

LOW_CONFIDENCE_ACTIONS = ("confirm", "nomatch")
CONFIRM_QUESTIONS = {
    "en": "Did you say {value}?",
    "es": "¿Dijo {value}?",
    "fr": "Vous avez dit {value} ?",
    "de": "Haben Sie {value} gesagt?",
    "pt": "Você disse {value}?",
}
_READ_AS = {"digits": "digits", "phone": "digits", "number": "number", "currency": "currency",
            "date": "date", "time": "time"}
_STATE_KEY = "confirming"


def is_doubtful(props: Any, event: Event) -> bool:
    """Recognised speech whose confidence is under the block's threshold."""
    threshold = props.get("confidence_threshold")
    return (isinstance(event, Input) and event.type == "text" and threshold is not None
            and event.confidence is not None and event.confidence < threshold)


def is_confirming(run: BlockRun) -> bool:
    return _STATE_KEY in run.block_state


def confirmation_question(value: Any, grammar: Any, language: str) -> str:
    """The question that reads `value` back in `language` (English when not known)."""
    kind = _READ_AS.get(grammar, "") if isinstance(grammar, str) else ""
    template = CONFIRM_QUESTIONS[base_language(language)]
    return template.format(value=say_as(value, kind, language))


def ask_to_confirm(run: BlockRun, props: Any, value: Any) -> Outcome:
    """Keep `value` aside and ask the caller whether it is what they said."""
    state = run.block_state
    state[_STATE_KEY] = {"value": value}
    question = confirmation_question(value, props["grammar_spec"], run.language)
    secure = run.is_secure(props["variable"])
    run.emit(Collect(run.block_id, "input", (PromptOut(text=question, secure=secure),),
                     grammar="boolean", timeout_ms=props["timeout_ms"],
                     bargein=props["bargein"], attempt=state.get("attempt", 1),
                     reprompt="confirm", secure=secure, language=run.language, speech=True))
    return WAIT


def confirmed_value(run: BlockRun, event: Event) -> tuple[bool, Any]:
    """(True, value) when the caller said yes to the value kept aside; it is cleared either way."""
    pending = run.block_state.pop(_STATE_KEY)
    if not isinstance(event, Input) or event.type not in ("dtmf", "text"):
        return False, None
    channel: Channel = "voice" if event.type == "dtmf" else "chat"
    answer = compile_grammar("boolean").match(event.value.rstrip("#"), channel,
                                              language=run.language)
    if answer.matched and answer.value is True:
        return True, pending["value"]
    return False, None
