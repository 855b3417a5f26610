"""Number to text exactly as ECMAScript prints it (Number::toString, toFixed, radix output).

Python's ``repr`` already finds the shortest digit string that round-trips, which is the
digit string ECMAScript asks for; only the layout differs (``1e+21`` versus ``1e21``,
``1e-07`` versus ``1e-7``, ``100.0`` versus ``100``), so the layout is redone here.
"""

from __future__ import annotations

import decimal
import math

_SAFE_INTEGER = 9007199254740992.0
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
_FIXED_CONTEXT = decimal.Context(prec=400, rounding=decimal.ROUND_HALF_UP)


def shortest_digits(value: float) -> tuple[str, int]:
    """Digits ``d`` and exponent ``n`` with ``value == 0.d * 10**n`` for a finite value > 0."""
    text = repr(value)
    mantissa, _, exponent_text = text.partition("e")
    exponent = int(exponent_text) if exponent_text else 0
    integer_part, _, fraction_part = mantissa.partition(".")
    all_digits = integer_part + fraction_part
    stripped = all_digits.lstrip("0")
    leading_zeros = len(all_digits) - len(stripped)
    point = len(integer_part) - leading_zeros + exponent
    return stripped.rstrip("0"), point


def number_to_string(value: float) -> str:
    """ECMAScript Number::toString(value) in radix 10."""
    if value != value:
        return "NaN"
    if value == 0:
        return "0"
    if value.is_integer() and -_SAFE_INTEGER < value < _SAFE_INTEGER:
        return str(int(value))
    if value == math.inf:
        return "Infinity"
    if value == -math.inf:
        return "-Infinity"
    if value < 0:
        return "-" + number_to_string(-value)
    digits, point = shortest_digits(value)
    count = len(digits)
    if count <= point <= 21:
        return digits + "0" * (point - count)
    if 0 < point <= 21:
        return digits[:point] + "." + digits[point:]
    if -6 < point <= 0:
        return "0." + "0" * (-point) + digits
    exponent = point - 1
    sign = "+" if exponent >= 0 else "-"
    head = digits if count == 1 else digits[0] + "." + digits[1:]
    return f"{head}e{sign}{abs(exponent)}"


def to_fixed(value: float, fraction_digits: int) -> str:
    """Number.prototype.toFixed for an already validated digit count (0 to 100)."""
    if value != value:
        return "NaN"
    if abs(value) >= 1e21:
        return number_to_string(value)
    sign = "-" if value < 0 else ""
    exact = decimal.Decimal(abs(value))
    quantum = decimal.Decimal(1).scaleb(-fraction_digits)
    rounded = exact.quantize(quantum, context=_FIXED_CONTEXT)
    return sign + format(rounded, "f")


def to_radix_string(value: float, radix: int) -> str:
    """Number::toString(radix) for radix 2 to 36, digit for digit as V8 prints it.

    The specification leaves non-decimal output to the implementation; V8 prints the
    integer part exactly while it fits in 53 bits (padding with zeros above that) and
    the fraction digit by digit until it is distinguishable from its neighbours.
    """
    negative = value < 0
    value = abs(value)
    integer = float(math.floor(value))
    fraction = value - integer
    fraction_digits: list[str] = []
    delta = max(0.5 * (math.nextafter(value, math.inf) - value), 5e-324)
    if fraction >= delta:
        while True:
            fraction *= radix
            delta *= radix
            digit = int(fraction)
            fraction_digits.append(_DIGITS[digit])
            fraction -= digit
            if (fraction > 0.5 or (fraction == 0.5 and digit & 1)) and fraction + delta > 1:
                integer = _round_up(fraction_digits, radix, integer)
                break
            if fraction < delta:
                break
    integer_digits: list[str] = []
    whole = float(integer)
    while whole / radix >= _SAFE_INTEGER:
        whole /= radix
        integer_digits.append("0")
    while True:
        remainder = math.fmod(whole, radix)
        integer_digits.append(_DIGITS[int(remainder)])
        whole = (whole - remainder) / radix
        if whole <= 0:
            break
    text = "".join(reversed(integer_digits))
    if fraction_digits:
        text += "." + "".join(fraction_digits)
    return "-" + text if negative else text


def _round_up(digits: list[str], radix: int, integer: float) -> float:
    """Add one unit in the last fraction digit, carrying leftwards (maybe into ``integer``)."""
    while digits:
        digit = _DIGITS.index(digits.pop())
        if digit + 1 < radix:
            digits.append(_DIGITS[digit + 1])
            return integer
    return integer + 1
