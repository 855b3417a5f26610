"""String.prototype methods reachable from expressions (``'abc'.toUpperCase()`` …).

Positions and lengths count Python characters (code points); ECMAScript counts UTF-16
code units, which only differs for characters outside the Basic Multilingual Plane.
"""

from __future__ import annotations

import math
from typing import Any

from .budget import PER_CALL, PER_CHAR, PER_ITEM, charge
from .conversions import (
    JS_WHITESPACE,
    clamp_index,
    relative_index,
    to_integer,
    to_js_string,
    to_number,
    to_uint32,
)
from .errors import invalid_array_length, range_error, type_error
from .limits import MAX_ARRAY_LENGTH
from .natives import arg, register, this_string
from .number_format import number_to_string
from .regexp import REGEXP_STRING_METHODS, regexp_replace, regexp_split
from .regexp_value import JSRegExp
from .strings import check_length, checked_join
from .values import UNDEFINED, JSFunction

STRING_METHODS: dict[str, JSFunction] = {}


@register(STRING_METHODS, "charAt")
def _char_at(this: Any, args: tuple[Any, ...], ctx: Any) -> str:
    text = this_string(this, "charAt")
    position = to_integer(arg(args, 0))
    return text[int(position)] if 0 <= position < len(text) else ""


@register(STRING_METHODS, "charCodeAt")
def _char_code_at(this: Any, args: tuple[Any, ...], ctx: Any) -> float:
    text = this_string(this, "charCodeAt")
    position = to_integer(arg(args, 0))
    return float(ord(text[int(position)])) if 0 <= position < len(text) else math.nan


@register(STRING_METHODS, "at")
def _at(this: Any, args: tuple[Any, ...], ctx: Any) -> Any:
    text = this_string(this, "at")
    position = to_integer(arg(args, 0))
    if position < 0:
        position += len(text)
    return text[int(position)] if 0 <= position < len(text) else UNDEFINED


@register(STRING_METHODS, "indexOf")
def _index_of(this: Any, args: tuple[Any, ...], ctx: Any) -> float:
    text = this_string(this, "indexOf")
    search = to_js_string(arg(args, 0))
    charge(len(text) * PER_CHAR)
    return float(text.find(search, clamp_index(arg(args, 1), len(text))))


@register(STRING_METHODS, "lastIndexOf")
def _last_index_of(this: Any, args: tuple[Any, ...], ctx: Any) -> float:
    text = this_string(this, "lastIndexOf")
    search = to_js_string(arg(args, 0))
    charge(len(text) * PER_CHAR)
    position = to_number(arg(args, 1))
    start = len(text) if position != position else clamp_index(position, len(text))
    return float(text.rfind(search, 0, start + len(search)))


@register(STRING_METHODS, "includes")
def _includes(this: Any, args: tuple[Any, ...], ctx: Any) -> bool:
    text = this_string(this, "includes")
    search = to_js_string(arg(args, 0))
    charge(len(text) * PER_CHAR)
    return text.find(search, clamp_index(arg(args, 1), len(text))) >= 0


@register(STRING_METHODS, "startsWith")
def _starts_with(this: Any, args: tuple[Any, ...], ctx: Any) -> bool:
    text = this_string(this, "startsWith")
    search = to_js_string(arg(args, 0))
    return text.startswith(search, clamp_index(arg(args, 1), len(text)))


@register(STRING_METHODS, "endsWith")
def _ends_with(this: Any, args: tuple[Any, ...], ctx: Any) -> bool:
    text = this_string(this, "endsWith")
    search = to_js_string(arg(args, 0))
    end = arg(args, 1)
    stop = len(text) if end is UNDEFINED else clamp_index(end, len(text))
    return text.endswith(search, 0, stop)


@register(STRING_METHODS, "slice")
def _slice(this: Any, args: tuple[Any, ...], ctx: Any) -> str:
    text = this_string(this, "slice")
    start = relative_index(arg(args, 0), len(text), 0)
    end = relative_index(arg(args, 1), len(text), len(text))
    charge((end - start) * PER_CHAR)
    return text[start:end]


@register(STRING_METHODS, "substring")
def _substring(this: Any, args: tuple[Any, ...], ctx: Any) -> str:
    text = this_string(this, "substring")
    start = clamp_index(arg(args, 0), len(text))
    end_arg = arg(args, 1)
    end = len(text) if end_arg is UNDEFINED else clamp_index(end_arg, len(text))
    charge(abs(end - start) * PER_CHAR)
    return text[min(start, end) : max(start, end)]


@register(STRING_METHODS, "substr")
def _substr(this: Any, args: tuple[Any, ...], ctx: Any) -> str:
    text = this_string(this, "substr")
    start = relative_index(arg(args, 0), len(text), 0)
    length_arg = arg(args, 1)
    length = len(text) if length_arg is UNDEFINED else to_integer(length_arg)
    end = min(start + max(length, 0), len(text))
    charge((end - start) * PER_CHAR)
    return text[start : int(end)] if end > start else ""


@register(STRING_METHODS, "toUpperCase")
def _to_upper_case(this: Any, args: tuple[Any, ...], ctx: Any) -> str:
    text = this_string(this, "toUpperCase")
    charge(len(text) * 2 * PER_CHAR)
    result = text.upper()
    check_length(len(result))
    return result


@register(STRING_METHODS, "toLowerCase")
def _to_lower_case(this: Any, args: tuple[Any, ...], ctx: Any) -> str:
    text = this_string(this, "toLowerCase")
    charge(len(text) * 2 * PER_CHAR)
    result = text.lower()
    check_length(len(result))
    return result


@register(STRING_METHODS, "trim")
def _trim(this: Any, args: tuple[Any, ...], ctx: Any) -> str:
    return this_string(this, "trim").strip(JS_WHITESPACE)


@register(STRING_METHODS, "trimStart")
def _trim_start(this: Any, args: tuple[Any, ...], ctx: Any) -> str:
    return this_string(this, "trimStart").lstrip(JS_WHITESPACE)


@register(STRING_METHODS, "trimEnd")
def _trim_end(this: Any, args: tuple[Any, ...], ctx: Any) -> str:
    return this_string(this, "trimEnd").rstrip(JS_WHITESPACE)


def _padding(text: str, args: tuple[Any, ...]) -> str:
    target = to_integer(arg(args, 0))
    filler_arg = arg(args, 1)
    filler = " " if filler_arg is UNDEFINED else to_js_string(filler_arg)
    if target <= len(text) or not filler:
        return ""
    check_length(target)
    charge(target * PER_CHAR)
    missing = int(target) - len(text)
    return (filler * (missing // len(filler) + 1))[:missing]


@register(STRING_METHODS, "padStart")
def _pad_start(this: Any, args: tuple[Any, ...], ctx: Any) -> str:
    text = this_string(this, "padStart")
    return _padding(text, args) + text


@register(STRING_METHODS, "padEnd")
def _pad_end(this: Any, args: tuple[Any, ...], ctx: Any) -> str:
    text = this_string(this, "padEnd")
    return text + _padding(text, args)


@register(STRING_METHODS, "repeat")
def _repeat(this: Any, args: tuple[Any, ...], ctx: Any) -> str:
    text = this_string(this, "repeat")
    count = to_integer(arg(args, 0))
    if count < 0 or count == math.inf:
        raise range_error(f"Invalid count value: {number_to_string(count)}")
    if not text or count == 0:
        return ""
    check_length(len(text) * count)
    charge(len(text) * count * PER_CHAR)
    return text * int(count)


@register(STRING_METHODS, "concat")
def _concat(this: Any, args: tuple[Any, ...], ctx: Any) -> str:
    text = this_string(this, "concat")
    return checked_join("", [text, *(to_js_string(item) for item in args)])


@register(STRING_METHODS, "split")
def _split(this: Any, args: tuple[Any, ...], ctx: Any) -> list[Any]:
    text = this_string(this, "split")
    separator_arg = arg(args, 0)
    limit_arg = arg(args, 1)
    if type(separator_arg) is JSRegExp:
        return regexp_split(text, separator_arg, limit_arg)
    limit = 4294967295 if limit_arg is UNDEFINED else to_uint32(limit_arg)
    separator = None if separator_arg is UNDEFINED else to_js_string(separator_arg)
    if limit == 0:
        return []
    if separator is None:
        return [text]
    pieces_estimate = min(len(text) if separator == "" else text.count(separator) + 1, limit)
    charge(len(text) * PER_CHAR + pieces_estimate * PER_ITEM)
    if separator == "":
        pieces: list[Any] = list(text[: min(limit, MAX_ARRAY_LENGTH + 1)])
    elif text == "":
        return [""]
    else:
        pieces = text.split(separator, min(limit, MAX_ARRAY_LENGTH + 1))
    del pieces[limit:]
    if len(pieces) > MAX_ARRAY_LENGTH:
        raise invalid_array_length()
    return pieces


def _expand(replacement: str, matched: str, position: int, text: str) -> str:
    """GetSubstitution for a string pattern: ``$$``, ``$&``, ``$` `` and ``$'``."""
    if "$" not in replacement:
        return replacement
    out = []
    index = 0
    while index < len(replacement):
        char = replacement[index]
        following = replacement[index + 1 : index + 2]
        if char == "$" and following in ("$", "&", "`", "'"):
            if following == "$":
                out.append("$")
            elif following == "&":
                out.append(matched)
            elif following == "`":
                out.append(text[:position])
            else:
                out.append(text[position + len(matched) :])
            check_length(sum(len(part) for part in out))
            index += 2
        else:
            out.append(char)
            index += 1
    return "".join(out)


def _replacement_for(replacer: Any, matched: str, position: int, text: str, ctx: Any) -> str:
    if type(replacer) is JSFunction:
        result = replacer.impl(UNDEFINED, (matched, float(position), text), ctx)
        return to_js_string(result)
    return _expand(replacer, matched, position, text)


def _replacer(value: Any) -> Any:
    return value if type(value) is JSFunction else to_js_string(value)


@register(STRING_METHODS, "replace")
def _replace(this: Any, args: tuple[Any, ...], ctx: Any) -> str:
    text = this_string(this, "replace")
    if type(arg(args, 0)) is JSRegExp:
        return regexp_replace(text, arg(args, 0), arg(args, 1), ctx, every=False)
    pattern = to_js_string(arg(args, 0))
    replacer = _replacer(arg(args, 1))
    charge(len(text) * PER_CHAR)
    position = text.find(pattern)
    if position < 0:
        return text
    replacement = _replacement_for(replacer, pattern, position, text, ctx)
    return checked_join("", [text[:position], replacement, text[position + len(pattern) :]])


@register(STRING_METHODS, "replaceAll")
def _replace_all(this: Any, args: tuple[Any, ...], ctx: Any) -> str:
    text = this_string(this, "replaceAll")
    if type(arg(args, 0)) is JSRegExp:
        return regexp_replace(text, arg(args, 0), arg(args, 1), ctx, every=True)
    pattern = to_js_string(arg(args, 0))
    replacer = _replacer(arg(args, 1))
    matches = text.count(pattern)
    if type(replacer) is str and "$" not in replacer:
        size = len(text) + matches * (len(replacer) - len(pattern))
        check_length(size)
        charge((len(text) + size) * PER_CHAR)
        return text.replace(pattern, replacer)
    charge(len(text) * PER_CHAR + matches * (PER_CALL if type(replacer) is JSFunction else PER_ITEM))
    step = max(len(pattern), 1)
    parts = []
    total = 0
    end_of_previous = 0
    position = text.find(pattern)
    while position >= 0:
        replacement = _replacement_for(replacer, pattern, position, text, ctx)
        parts.append(text[end_of_previous:position])
        parts.append(replacement)
        total += position - end_of_previous + len(replacement)
        check_length(total)
        end_of_previous = position + len(pattern)
        position = text.find(pattern, position + step) if position + step <= len(text) else -1
    parts.append(text[end_of_previous:])
    return checked_join("", parts)


@register(STRING_METHODS, "toString")
def _to_string(this: Any, args: tuple[Any, ...], ctx: Any) -> str:
    if type(this) is not str:
        raise type_error("String.prototype.toString requires that 'this' be a String")
    return this


STRING_METHODS["valueOf"] = JSFunction("valueOf", STRING_METHODS["toString"].impl)
STRING_METHODS.update(REGEXP_STRING_METHODS)
