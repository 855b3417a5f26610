"""Pieces shared by block modules: schema fields and the no-input/no-match retry loop."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from interpreter.blocktype import WAIT, Outcome
from interpreter.engine.effects import Collect, MenuOption, PromptOut
from interpreter.engine.errors import UnexpectedEventError
from interpreter.engine.events import Event, Input, Timeout
from interpreter.engine.run import BlockRun
from interpreter.fields import Bool, Expression, Int, identifier, prompt_list
from interpreter.validation.content import blank, prompts_have_content

PORT_NAME = r"^[A-Za-z0-9_*#][A-Za-z0-9_ .:*#-]{0,63}$"
RESERVED_PORTS = frozenset({"next", "error", "noinput", "nomatch", "default", "fallback",
                            "failed", "notfound", "open", "closed", "holiday", "on", "off"})


def port_name(**kwargs: Any) -> fields.String:
    return fields.String(validate=validate.Regexp(PORT_NAME, error="'{input}' cannot be used as "
                                                  "a port name: use letters, digits, _ - . * #"),
                         **kwargs)


def timeout_field(default: int) -> fields.Integer:
    return Int(load_default=default, validate=validate.Range(min=0, max=3_600_000))


def retries_field() -> fields.Integer:
    return Int(load_default=2, validate=validate.Range(min=0, max=10))


class AssignmentSchema(Schema):
    variable = identifier(required=True)
    expression = Expression(required=True)


def unique(names: list[str], what: str) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ValidationError(f"{what} '{name}' is used twice.")
        seen.add(name)


class RetryingInputSchema(Schema):
    """Props shared by `menu` and `input`: prompts, retries, re-prompts, timeouts."""

    prompts = prompt_list()
    retries = retries_field()
    timeout_ms = timeout_field(5000)
    noinput_prompts = prompt_list()
    nomatch_prompts = prompt_list()
    bargein = Bool(load_default=True)


class OptionSchema(Schema):
    key = port_name(required=True)
    label = fields.String(load_default="", validate=validate.Length(max=200))
    utterances = fields.List(fields.String(validate=validate.Length(min=1, max=200)),
                             load_default=list, validate=validate.Length(max=100))


class MenuOptionsMixin(Schema):
    options = fields.List(fields.Nested(OptionSchema), required=True,
                          validate=validate.Length(min=1, max=40))

    @validates_schema
    def _unique_keys(self, data: dict[str, Any], **kwargs: Any) -> None:
        keys = [option["key"] for option in data.get("options", [])]
        unique(keys, "Option key")
        clash = sorted(set(keys) & {"noinput", "nomatch"})
        if clash:
            raise ValidationError(f"Option key '{clash[0]}' is the name of a built-in port.",
                                  "options")


def missing_question(props: Mapping[str, Any], what: str) -> list[tuple[str, str]]:
    """A menu or input that would wait for an answer without asking anything."""
    if prompts_have_content(props.get("prompts")):
        return []
    return [("prompts", f"The {what} has no question: write what to ask the caller.")]


def unlabelled_options(props: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Options a chat user would see as a bare key and a speaking caller could not say."""
    return [(f"options[{index}].label", f"Option '{option.get('key', '')}' has no label: "
             "write what the caller sees or hears for it.")
            for index, option in enumerate(props.get("options") or ())
            if blank(option.get("label"))]


def normalise_reply(text: str) -> str:
    """How chat replies and recognised speech are compared: case, spaces, end punctuation."""
    return re.sub(r"\s+", " ", text).strip().strip(".!?,;:").strip().casefold()


def menu_options(options: list[dict[str, Any]]) -> tuple[MenuOption, ...]:
    return tuple(MenuOption(o["key"], o.get("label") or o["key"], tuple(o.get("utterances", ())))
                 for o in options)


Matcher = Callable[[BlockRun, Any, Input], str | None]
"""Given the block's props and caller input, the port it selects, or None for a no-match."""
CollectMaker = Callable[[BlockRun, Any, tuple[PromptOut, ...], int, str | None], Collect]
"""Builds the block's `Collect` from its props, prompts, attempt number and re-prompt reason."""


class RetryLoop:
    """VoiceXML-style collection: ask, then re-ask on no-input and no-match, counted apart.

    `retries: 2` allows three attempts of each kind; the block's `noinput`/`nomatch` port is
    taken when they are used up. The counters live in the block's session state.
    """

    def __init__(self, make_collect: CollectMaker):
        self.make_collect = make_collect

    def ask(self, run: BlockRun, props: dict[str, Any]) -> Outcome:
        run.block_state.update(noinput=0, nomatch=0, attempt=1)
        run.emit(self.make_collect(run, props, run.prompts(props["prompts"]), 1, None))
        return WAIT

    def answer(self, run: BlockRun, props: dict[str, Any], event: Event, match: Matcher) -> Outcome:
        if isinstance(event, Timeout):
            event = Input("noinput")
        if not isinstance(event, Input):
            raise UnexpectedEventError(f"block '{run.block_id}' waits for caller input, "
                                       f"not '{event.kind}'")
        state = run.block_state
        if event.type in ("dtmf", "text"):
            port = match(run, props, event)
            if port is not None:
                run.record("input_outcome", {"outcome": "match",
                                             "attempt": state.get("attempt", 1)})
                return port
            outcome = "nomatch"
        else:
            outcome = event.type
        state[outcome] = state.get(outcome, 0) + 1
        state["attempt"] = state.get("attempt", 1) + 1
        run.record("input_outcome", {"outcome": outcome, "attempt": state["attempt"] - 1})
        if state[outcome] > props["retries"]:
            return outcome
        prompts = props[f"{outcome}_prompts"] or props["prompts"]
        run.emit(self.make_collect(run, props, run.prompts(prompts), state["attempt"], outcome))
        return WAIT
