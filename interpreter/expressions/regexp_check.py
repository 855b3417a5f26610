"""Refuse, when an expression is compiled, a `RegExp('…', '…')` whose pattern cannot run.

A RegExp built from literal text is known before any call: if its pattern or flags are
invalid, or need what RE2 cannot do (backreferences, lookaround), the flow is refused at
validation time with a syntax error, instead of failing on a live call. Patterns built from
values at run time are checked when they are built and throw a SyntaxError then.
"""

from __future__ import annotations

from .nodes import Call, Literal, Name, Node, children
from .regexp_syntax import RegExpError, compile_regexp


def constant_regexp_problem(root: Node) -> tuple[str, str] | None:
    """(message, pattern) for the first literal `RegExp(...)` that cannot compile, or None."""
    stack: list[object] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, Call) and isinstance(node.callee, Name) and node.callee.name == "RegExp":
            literals = [item.value for item in node.arguments[:2]
                        if isinstance(item, Literal) and type(item.value) is str]
            if literals and len(literals) == min(len(node.arguments), 2):
                pattern = literals[0]
                flags = literals[1] if len(literals) > 1 else ""
                try:
                    compile_regexp(pattern, flags)
                except RegExpError as error:
                    return error.message, pattern
        stack.extend(children(node))  # type: ignore[arg-type]
    return None
