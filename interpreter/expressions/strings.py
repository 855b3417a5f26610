"""String building under the length cap, and string order by UTF-16 code units.

Every operation that can grow a string (``+``, ``repeat``, ``padStart``, ``join``,
templates, JSON.stringify …) checks the result size *before* building it, so an expression
like ``'a'.repeat(1e9)`` fails at once with RangeError instead of exhausting memory.
Joining and concatenating also charge the characters they build to the turn's budget.
"""

from __future__ import annotations

from collections.abc import Sequence

from .budget import FREE_UNITS, charge
from .errors import invalid_string_length
from .limits import MAX_STRING_LENGTH


def check_length(length: int | float) -> None:
    if length > MAX_STRING_LENGTH:
        raise invalid_string_length()


def concat(left: str, right: str) -> str:
    total = len(left) + len(right)
    if total >= FREE_UNITS:
        if total > MAX_STRING_LENGTH:
            raise invalid_string_length()
        charge(total)
    return left + right


def checked_join(separator: str, parts: Sequence[str]) -> str:
    total = len(separator) * (len(parts) - 1) if parts else 0
    for part in parts:
        total += len(part)
    if total > MAX_STRING_LENGTH:
        raise invalid_string_length()
    charge(total)
    return separator.join(parts)


def utf16_less(left: str, right: str) -> bool:
    """``left < right`` comparing UTF-16 code units, as ECMAScript orders strings."""
    if left.isascii() or right.isascii():
        return left < right
    return left.encode("utf-16-be", "surrogatepass") < right.encode("utf-16-be", "surrogatepass")
