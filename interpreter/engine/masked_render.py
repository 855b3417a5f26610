"""Renders a template that reads a secret hole by hole, so records can mask just the holes.

A prompt such as `Code {{ code }} ok.` is spoken in full to the caller, but a transcript should
read `Code •••• ok.`, not lose the whole sentence. Templates normally render through one
compiled function; only those that read a secure or secure-derived variable come here, where
each hole is evaluated once (as the whole template would have) and the masked form keeps the
literal text and the holes that read no secret. The holes' compiled expressions are cached per
template source, like the templates themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from interpreter.expressions import CompiledExpression, compile_expression, to_js_string
from interpreter.expressions.templates import split_template

Masked = tuple[str | None, ...]
"""Text pieces in order; None stands for a piece computed from a secret."""


@lru_cache(maxsize=1024)
def template_pieces(source: str) -> tuple[str | CompiledExpression, ...]:
    """The literal text and the compiled holes of a template, in order."""
    return tuple(part if isinstance(part, str) else compile_expression(part[0])
                 for part in split_template(source))


def render_masked(source: str, evaluate: Callable[[Any], Any],
                  reads_secret: Callable[[Any], bool]) -> tuple[str, Masked]:
    """(the real text, the masked pieces) of a template that reads a secret."""
    text: list[str] = []
    masked: list[str | None] = []
    for piece in template_pieces(source):
        if isinstance(piece, str):
            shown: str | None = piece
            text.append(piece)
        else:
            value = to_js_string(evaluate(piece))
            text.append(value)
            shown = None if reads_secret(piece) else value
        if shown is not None and masked and masked[-1] is not None:
            masked[-1] = f"{masked[-1]}{shown}"
        elif shown is None and masked and masked[-1] is None:
            continue
        else:
            masked.append(shown)
    return "".join(text), tuple(masked)


def join_masked(masked: Masked, mask: str) -> str:
    return "".join(mask if piece is None else piece for piece in masked)
