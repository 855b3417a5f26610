"""The two ways an expression can fail: it does not parse, or it throws while running.

Both carry what an editor or ``system.LastError`` needs: syntax errors a position in the
source and a short message, runtime errors the ECMAScript error kind (``TypeError`` …).
"""

from __future__ import annotations

from typing import Any


class ExpressionError(Exception):
    """Base class of every error the expression language raises on purpose."""


class ExpressionSyntaxError(ExpressionError):
    """The source text is not a valid expression (or template)."""

    def __init__(self, message: str, line: int, column: int, source: str, offset: int | None = None) -> None:
        super().__init__(message, line, column, source)
        self.message = message
        self.line = line
        self.column = column
        self.source = source
        self.offset = offset
        """0-based character offset of the problem in ``source``, when known."""

    def __str__(self) -> str:
        return f"{self.message} (line {self.line}, column {self.column})"


class ExpressionRuntimeError(ExpressionError):
    """Evaluation threw, as ECMAScript would: ``kind`` is the constructor name."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(kind, message)
        self.kind = kind
        self.message = message

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"


def parse_error_dict(err: ExpressionSyntaxError) -> dict[str, Any]:
    """The JSON shape the REST API and the editor use for a syntax error."""
    return {"message": err.message, "line": err.line, "column": err.column}


def type_error(message: str) -> ExpressionRuntimeError:
    return ExpressionRuntimeError("TypeError", message)


def range_error(message: str) -> ExpressionRuntimeError:
    return ExpressionRuntimeError("RangeError", message)


def invalid_string_length() -> ExpressionRuntimeError:
    return ExpressionRuntimeError("RangeError", "Invalid string length")


def invalid_array_length() -> ExpressionRuntimeError:
    return ExpressionRuntimeError("RangeError", "Invalid array length")


def too_deep() -> ExpressionRuntimeError:
    return ExpressionRuntimeError("RangeError", "Maximum call stack size exceeded")


def position_of(source: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a 0-based character offset, counting JS line breaks."""
    offset = max(0, min(offset, len(source)))
    line = 1
    line_start = 0
    index = 0
    while index < offset:
        char = source[index]
        if char == "\r" and index + 1 < offset and source[index + 1] == "\n":
            index += 1
        if char in "\n\r\u2028\u2029":
            line += 1
            line_start = index + 1
        index += 1
    return line, offset - line_start + 1
