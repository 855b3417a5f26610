"""SRGS grammars as `input` and `menu` props: checking them, and finding them when a block runs.

Inline grammars (`{"srgs_inline": ...}`) are compiled with the flow, so one that does not
compile is a validation error on the block's `grammar` prop with the grammar's own line;
named grammars (`{"srgs": ...}`) are checked when they are uploaded and looked up in the
session's language through the host when the block asks its question.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import ValidationError, fields

from interpreter.compiler import BlockCompiler
from interpreter.engine.events import Input
from interpreter.engine.run import BlockRun
from interpreter.grammars.srgs import SrgsError, SrgsInputGrammar, compile_srgs
from interpreter.grammars.srgs.spec import (
    SRGS_SCHEMA,
    collect_grammar,
    is_srgs,
    srgs_grammar_for,
    srgs_spec_problem,
)
from interpreter.host import ResourceNotFoundError
from interpreter.problems import error


def compile_srgs_prop(spec: Mapping[str, Any], compiler: BlockCompiler,
                      path: str = "grammar") -> SrgsInputGrammar | None:
    """The compiled inline grammar (None for a named one, or when it does not compile: then a
    `grammar_syntax` problem with the line is recorded)."""
    if "srgs_inline" not in spec:
        return None
    try:
        return compile_srgs(str(spec["srgs_inline"]))
    except SrgsError as exc:
        compiler.problems.append(error(
            "grammar_syntax", f"The SRGS grammar does not compile: {exc.message}",
            compiler.block_id, path, line=exc.line, column=exc.column))
        return None


def srgs_for_run(run: BlockRun, spec: Mapping[str, Any]) -> tuple[str, SrgsInputGrammar]:
    """The grammar text and compiled grammar a running block uses, in the session language."""
    try:
        return srgs_grammar_for(spec, run.host, run.language)
    except SrgsError as exc:
        raise ResourceNotFoundError(
            f"the SRGS grammar '{spec.get('srgs', '')}' does not compile: {exc}") from None


def srgs_collect(run: BlockRun, spec: Any) -> tuple[dict[str, Any] | None, bool]:
    """What a `Collect` carries for an SRGS spec, and whether speech can answer it."""
    if not is_srgs(spec):
        return None, False
    source, grammar = srgs_for_run(run, spec)
    return collect_grammar(spec, source, grammar), grammar.grammar.mode == "voice"


class SrgsGrammarField(fields.Field):
    """A `menu`'s optional grammar: `{"srgs": "<name>"}` or `{"srgs_inline": "..."}`."""

    def __init__(self, **kwargs: Any):
        schema = {"oneOf": [{"type": "null"}, *SRGS_SCHEMA]}
        super().__init__(metadata={"json_schema": schema}, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        problem = srgs_spec_problem(value)
        if problem is not None:
            raise ValidationError(problem[0].upper() + problem[1:] + ".")
        return dict(value)


def srgs_choice(run: BlockRun, spec: Mapping[str, Any], compiled: SrgsInputGrammar | None,
                event: Input) -> str | None:
    """The option key an SRGS menu grammar's answer names (its semantic result as text)."""
    grammar = compiled if compiled is not None else srgs_for_run(run, spec)[1]
    if event.type == "dtmf":
        result = grammar.match(event.value.rstrip("#"), "voice")
    else:
        result = grammar.match(event.value, "chat", language=run.language)
    if not result.matched or isinstance(result.value, (dict, list)) or result.value is None:
        return None
    value = result.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).lower() if isinstance(value, bool) else str(value)
