"""Text templates with ``{{ expression }}`` holes, for prompts, URLs and request bodies.

Each hole is an ordinary expression whose value is printed with ECMAScript ``String()``;
``\\{{`` writes a literal ``{{``. The whole template compiles to one function, so
rendering costs one call however many holes it has.
"""

from __future__ import annotations

from functools import lru_cache

from .codegen import CodeTooComplex, Compiler, Evaluator
from .conversions import to_js_string
from .errors import ExpressionSyntaxError, position_of
from .limits import MAX_SOURCE_LENGTH
from .parser import parse_expression


class CompiledTemplate:
    """A compiled template: ``render(scope, ctx=None)`` returns the text."""

    __slots__ = ("is_constant", "names", "render", "source")

    source: str
    names: frozenset[str]
    render: Evaluator
    is_constant: bool

    def __init__(self, source: str, names: frozenset[str], render: Evaluator, is_constant: bool) -> None:
        self.source = source
        self.names = names
        self.render = render
        self.is_constant = is_constant

    def __repr__(self) -> str:
        return f"CompiledTemplate({self.source!r})"


def _template_error(source: str, message: str, offset: int) -> ExpressionSyntaxError:
    line, column = position_of(source, offset)
    return ExpressionSyntaxError(message, line, column, source, offset)


def _hole_end(source: str, start: int) -> int:
    """Index of the ``}}`` closing the hole whose expression starts at ``start``, or -1.

    Quotes and braces inside the expression are skipped (``{{ '}}' }}``); a string left
    open ends the hole at the next ``}}`` so the parser can report it.
    """
    depth = 0
    quote = ""
    quote_start = 0
    index = start
    while index < len(source):
        char = source[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote or char in "\n\r":
                quote = ""
        elif char in "'\"":
            quote = char
            quote_start = index
        elif char == "{":
            depth += 1
        elif char == "}":
            if depth == 0 and source.startswith("}}", index):
                return index
            depth = max(depth - 1, 0)
        index += 1
    return source.find("}}", quote_start) if quote else -1


def split_template(source: str) -> list[str | tuple[str, int]]:
    """Literal text pieces and ``(expression source, offset)`` holes, in order."""
    parts: list[str | tuple[str, int]] = []
    text: list[str] = []
    position = 0
    while True:
        opening = source.find("{{", position)
        if opening < 0:
            text.append(source[position:])
            break
        if opening > 0 and source[opening - 1] == "\\":
            text.append(source[position : opening - 1] + "{{")
            position = opening + 2
            continue
        text.append(source[position:opening])
        end = _hole_end(source, opening + 2)
        if end < 0:
            raise _template_error(source, "Unclosed {{ — expected }}", opening)
        if "".join(text):
            parts.append("".join(text))
        text = []
        parts.append((source[opening + 2 : end], opening + 2))
        position = end + 2
    if "".join(text):
        parts.append("".join(text))
    return parts


@lru_cache(maxsize=4096)
def compile_template(source: str) -> CompiledTemplate:
    """Compile a template; syntax errors report line and column in the template text."""
    if not isinstance(source, str):
        raise TypeError(f"template source must be str, not {type(source).__name__}")
    if len(source) > MAX_SOURCE_LENGTH:
        raise _template_error(
            source, f"Template is too long (the limit is {MAX_SOURCE_LENGTH:,} characters)", 0
        )
    parts = split_template(source)
    compiler = Compiler()
    pieces: list[str] = []
    holes = 0
    for part in parts:
        if isinstance(part, str):
            pieces.append(repr(part))
            continue
        hole_source, offset = part
        holes += 1
        try:
            tree = parse_expression(hole_source)
        except ExpressionSyntaxError as error:
            raise _template_error(source, error.message, offset + (error.offset or 0)) from None
        try:
            code = compiler.emit(tree)
        except RecursionError:
            raise _template_error(source, "Template is too complex to compile", offset) from None
        if code.is_primitive_constant:
            pieces.append(repr(to_js_string(code.value)))
        else:
            temp = compiler.fresh()
            pieces.append(f"({temp} if type({temp} := {code.text}) is str else _str({temp}))")
    if not pieces:
        pieces.append("''")
    body = pieces[0] if len(pieces) == 1 else "_join_template((" + ", ".join(pieces) + ",))"
    try:
        (render,) = compiler.build([body], source)
    except CodeTooComplex:
        raise _template_error(source, "Template is too complex to compile", 0) from None
    return CompiledTemplate(source, frozenset(compiler.names), render, holes == 0)
