"""The flow format's SRGS grammar props and how a block gets the grammar they mean.

`{"srgs": "<name>"}` names a grammar uploaded per language (the host looks it up in the
session's language when the block runs); `{"srgs_inline": "<GRXML or ABNF>"}` carries the text
in the flow, and is checked when the flow is validated. What the block hands the recogniser in
its `Collect` is `{"srgs": name, "source": text, "mode": "voice" | "dtmf"}`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Protocol

from . import SrgsInputGrammar, compile_srgs
from .limits import MAX_SOURCE_CHARS

NAME = re.compile(r"^[A-Za-z0-9_.\- ]{1,64}$")
SRGS_SCHEMA: list[dict[str, Any]] = [
    {"type": "object", "properties": {"srgs": {"type": "string", "pattern": NAME.pattern}},
     "required": ["srgs"], "additionalProperties": False},
    {"type": "object", "properties": {"srgs_inline": {"type": "string", "minLength": 1,
                                                      "maxLength": MAX_SOURCE_CHARS}},
     "required": ["srgs_inline"], "additionalProperties": False},
]
"""JSON Schema alternatives of the two forms, for the blocks' `grammar` props."""


class GrammarSource(Protocol):
    def srgs_grammar(self, name: str, language: str) -> str: ...


def is_srgs(spec: Any) -> bool:
    return isinstance(spec, Mapping) and len(spec) == 1 and next(iter(spec)) in (
        "srgs", "srgs_inline")


def srgs_spec_problem(spec: Any) -> str | None:
    """Why a value is not an SRGS grammar prop (shape only), or None when it is one."""
    if not is_srgs(spec):
        return 'an SRGS grammar is {"srgs": "<name>"} or {"srgs_inline": "<grammar text>"}'
    value = next(iter(spec.values()))
    if "srgs" in spec and not (isinstance(value, str) and NAME.match(value)):
        return "an SRGS grammar name is 1-64 letters, digits, spaces and _ . -"
    if "srgs_inline" in spec and not (isinstance(value, str) and value.strip()):
        return "an inline SRGS grammar is non-empty text"
    if "srgs_inline" in spec and len(value) > MAX_SOURCE_CHARS:
        return f"an inline SRGS grammar is at most {MAX_SOURCE_CHARS:,} characters"
    return None


def srgs_source(spec: Mapping[str, Any], host: GrammarSource, language: str) -> str:
    """The grammar text a spec means in `language` (ResourceNotFoundError from the host)."""
    if "srgs_inline" in spec:
        return str(spec["srgs_inline"])
    return host.srgs_grammar(str(spec["srgs"]), language)


def srgs_grammar_for(spec: Mapping[str, Any], host: GrammarSource,
                     language: str) -> tuple[str, SrgsInputGrammar]:
    """The text and compiled grammar (cached) of a spec; SrgsError if the text is bad."""
    source = srgs_source(spec, host, language)
    return source, compile_srgs(source)


def collect_grammar(spec: Mapping[str, Any], source: str, grammar: SrgsInputGrammar
                    ) -> dict[str, Any]:
    """What a `Collect` carries for the recogniser."""
    return {"srgs": str(spec.get("srgs", "")), "source": source, "mode": grammar.grammar.mode}
