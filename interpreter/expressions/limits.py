"""Bounds that keep untrusted expressions from exhausting time, memory or the stack.

Every cap here turns what would be a hang, a MemoryError or a RecursionError into an
ordinary error message a business user can act on. The numbers are generous for real
flows and small enough to evaluate safely on a shared call-handling node.
"""

MAX_SOURCE_LENGTH = 65_536
"""Characters in one expression or template; longer text is refused before parsing."""

MAX_BRACKET_DEPTH = 100
"""Nested ``(``, ``[`` and ``{`` in the source, checked by a cheap scan before parsing."""

MAX_SYNTAX_DEPTH = 200
"""Depth of the syntax tree (long ``a + b + c + …`` chains count one level per operator)."""

MAX_STRING_LENGTH = 1_000_000
"""Characters in any string an expression produces."""

MAX_ARRAY_LENGTH = 1_000_000
"""Elements in any array an expression produces."""

MAX_VALUE_DEPTH = 200
"""Nesting of arrays and objects walked by JSON.stringify, String() and state conversion."""

MAX_JSON_DEPTH = 128
"""Nesting accepted by JSON.parse."""
