"""`RegExp(pattern, flags)`, its methods, and the string methods that take one.

Matching runs on RE2 through `regexp_syntax`, so it takes time linear in the text for every
pattern; but linear in the text times the program's size, at worst, and an RE2 call cannot be
interrupted. So every search is paid for before it starts, at its worst: a fixed part
(`CompiledRegExp.units_per_search`, plus `PER_ITEM` a capture group for the result) and
`CompiledRegExp.units_per_byte` for each byte of the text it may read. A search the turn cannot
afford is refused with the ordinary LimitExceeded error, in microseconds, instead of running
for minutes. A global search (`g`, and `matchAll`, `replaceAll`, `split`) is one RE2 search
per match: the first pays for reading the whole text once, which covers what the later ones
normally read (the text after the previous match, up to the next one); each later one pays
the fixed part and must fit, at its worst, in what the turn has left. The rare pattern that
rereads the rest of the text at every match (`x*y|x` on many x's) is stopped by the turn's
time limit, checked at every search.

Results follow ECMAScript: `exec`/`test` honour and advance `lastIndex` for the g and y flags;
`match`, `matchAll`, `replace`, `replaceAll`, `split` and `search` follow their specification
algorithms, including `$1`, `$<name>`, `$&`, `` $` ``, `$'` and `$$` in
replacements. Positions count characters (code points), as every other string method here
does. Match results are arrays; their JavaScript extras (`index`, `input`, `groups`) are
read from `match_extras`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from . import match_extras
from .budget import PER_ITEM, charge, current_meter
from .conversions import to_js_string, to_number, to_uint32
from .errors import ExpressionRuntimeError, invalid_array_length, type_error
from .limits import MAX_ARRAY_LENGTH
from .natives import arg, register
from .regexp_syntax import RegExpError, compile_regexp
from .regexp_value import CompiledRegExp, JSRegExp
from .strings import check_length, checked_join
from .values import UNDEFINED, JSFunction

REGEXP_METHODS: dict[str, JSFunction] = {}
REGEXP_STRING_METHODS: dict[str, JSFunction] = {}
_FLAG_PROPERTIES = {
    "global": "g", "ignoreCase": "i", "multiline": "m", "dotAll": "s", "unicode": "u",
    "sticky": "y", "hasIndices": "d", "unicodeSets": "v",
}  # fmt: skip


def syntax_error(error: RegExpError) -> ExpressionRuntimeError:
    return ExpressionRuntimeError("SyntaxError", error.message)


def new_regexp(pattern: Any, flags: Any) -> JSRegExp:
    """RegExpCreate: a fresh RegExp from a pattern (text or RegExp) and flags."""
    if type(pattern) is JSRegExp:
        source = pattern.compiled.source
        flag_text = pattern.flags if flags is UNDEFINED else to_js_string(flags)
    else:
        source = "" if pattern is UNDEFINED else to_js_string(pattern)
        flag_text = "" if flags is UNDEFINED else to_js_string(flags)
    try:
        return JSRegExp(compile_regexp(source, flag_text))
    except RegExpError as error:
        raise syntax_error(error) from None


def _regexp_constructor(this: Any, args: tuple[Any, ...], ctx: Any) -> JSRegExp:
    return new_regexp(arg(args, 0), arg(args, 1))


REGEXP_CONSTRUCTOR = JSFunction("RegExp", _regexp_constructor)


def regexp_property(regexp: JSRegExp, key: str) -> Any:
    """`re.source`, `re.flags`, `re.global` …, `re.lastIndex` and the methods."""
    if key == "source":
        return regexp.source
    if key == "flags":
        return regexp.flags
    if key == "lastIndex":
        return regexp.last_index
    flag = _FLAG_PROPERTIES.get(key)
    if flag is not None:
        return flag in regexp.flags
    return REGEXP_METHODS.get(key, UNDEFINED)


def _this_regexp(this: Any, method: str) -> JSRegExp:
    if type(this) is not JSRegExp:
        raise type_error(f"RegExp.prototype.{method} called on a value that is not a RegExp")
    return this


def _match_array(match: Any, compiled: CompiledRegExp) -> list[Any]:
    groups = [match.group(index) for index in range(compiled.group_count + 1)]
    return [UNDEFINED if group is None else group for group in groups]


def _match_result(match: Any, compiled: CompiledRegExp, text: str) -> list[Any]:
    """What `exec` returns: the captures, with `index`, `input` and `groups` beside them."""
    result = _match_array(match, compiled)
    names = compiled.group_names
    groups: Any = UNDEFINED
    if names:
        groups = {name: result[number] for name, number in sorted(
            names.items(), key=lambda item: item[1])}
    return match_extras.remember(result, float(match.start()), text, groups)


def _exec_match(regexp: JSRegExp, text: str) -> Any:
    """RegExpBuiltinExec: the RE2 match at or after lastIndex, updating lastIndex."""
    compiled = regexp.compiled
    keeps_position = compiled.is_global or compiled.sticky
    start = 0.0
    if keeps_position:
        position = to_number(regexp.last_index)
        start = 0.0 if position != position or position < 0 else position
        if start > len(text):
            regexp.last_index = 0.0
            return None
    program = compiled.program
    position = int(start // 1)
    found = _run(compiled, program.match if compiled.sticky else program.search, text, position)
    if keeps_position:
        regexp.last_index = float(found.end()) if found is not None else 0.0
    return found


def _run(compiled: CompiledRegExp, method: Any, text: str, start: int = 0) -> Any:
    """One RE2 search or anchored match of `text` from `start`, paid for before it runs."""
    charge(_search_units(compiled) + _utf8_length(text, start) * compiled.units_per_byte)
    try:
        return method(text, start)
    except UnicodeEncodeError:
        raise _surrogate_error() from None


def _search_units(compiled: CompiledRegExp) -> int:
    return compiled.units_per_search + compiled.group_count * PER_ITEM


def _utf8_length(text: str, start: int = 0) -> int:
    """Bytes RE2 reads for `text` from `start` (it matches UTF-8)."""
    if text.isascii():
        return max(len(text) - start, 0)
    return len((text[start:] if start else text).encode("utf-8", "surrogatepass"))


def _afford(units: float) -> None:
    """Refuse, spending nothing, what the running turn has not `units` left for."""
    meter = current_meter()
    if meter is not None and units > meter.work_left:
        raise meter.work_exceeded()


def _surrogate_error() -> ExpressionRuntimeError:
    return type_error("A regular expression cannot search text with an unpaired surrogate")


def _all_matches(compiled: CompiledRegExp, text: str, *, sticky: bool | None = None) -> Iterator[Any]:
    """Every match a global search finds, in order; contiguous only when sticky.

    RE2's iterator can report an empty match twice when it is found ahead of the search
    position (`$` in 'abc'); the repeat is dropped, as JavaScript moves past it.
    """
    sticky = compiled.sticky if sticky is None else sticky
    size = _utf8_length(text)
    per_byte = compiled.units_per_byte
    per_search = _search_units(compiled)
    charge(per_search + size * per_byte)
    searches = compiled.program.finditer(text)
    expected = 0
    previous: tuple[int, int] | None = None
    while True:
        try:
            match = next(searches, None)
        except UnicodeEncodeError:
            raise _surrogate_error() from None
        if match is None:
            return
        span = match.span()
        if not (span == previous and span[0] == span[1]):
            if sticky and span[0] != expected:
                return
            expected = span[1] + (1 if span[0] == span[1] else 0)
            previous = span
            yield match
        left = len(text) - span[1]
        _afford((left if size == len(text) else min(size, 4 * left)) * per_byte)
        charge(per_search)


@register(REGEXP_METHODS, "exec")
def _exec(this: Any, args: tuple[Any, ...], ctx: Any) -> Any:
    regexp = _this_regexp(this, "exec")
    text = to_js_string(arg(args, 0))
    found = _exec_match(regexp, text)
    return None if found is None else _match_result(found, regexp.compiled, text)


@register(REGEXP_METHODS, "test")
def _test(this: Any, args: tuple[Any, ...], ctx: Any) -> bool:
    regexp = _this_regexp(this, "test")
    return _exec_match(regexp, to_js_string(arg(args, 0))) is not None


@register(REGEXP_METHODS, "toString")
def _to_string(this: Any, args: tuple[Any, ...], ctx: Any) -> str:
    return _this_regexp(this, "toString").display()


def _as_regexp(value: Any, flags: str) -> JSRegExp:
    return value if type(value) is JSRegExp else new_regexp(value, flags if flags else UNDEFINED)


@register(REGEXP_STRING_METHODS, "match")
def _match(this: Any, args: tuple[Any, ...], ctx: Any) -> Any:
    text = _this_text(this, "match")
    regexp = _as_regexp(arg(args, 0), "")
    if not regexp.compiled.is_global:
        return _exec(regexp, (text,), ctx)
    regexp.last_index = 0.0
    found = [match.group(0) for match in _all_matches(regexp.compiled, text)]
    if len(found) > MAX_ARRAY_LENGTH:
        raise invalid_array_length()
    return found or None


@register(REGEXP_STRING_METHODS, "matchAll")
def _match_all(this: Any, args: tuple[Any, ...], ctx: Any) -> list[Any]:
    text = _this_text(this, "matchAll")
    pattern = arg(args, 0)
    if type(pattern) is JSRegExp and not pattern.compiled.is_global:
        raise type_error("String.prototype.matchAll called with a non-global RegExp argument")
    regexp = _as_regexp(pattern, "g")
    found = [_match_result(match, regexp.compiled, text)
             for match in _all_matches(regexp.compiled, text)]
    if len(found) > MAX_ARRAY_LENGTH:
        raise invalid_array_length()
    return found


@register(REGEXP_STRING_METHODS, "search")
def _search(this: Any, args: tuple[Any, ...], ctx: Any) -> float:
    text = _this_text(this, "search")
    regexp = _as_regexp(arg(args, 0), "")
    found = _run(regexp.compiled, regexp.compiled.program.search, text)
    return -1.0 if found is None else float(found.start())


def _this_text(this: Any, method: str) -> str:
    if this is None or this is UNDEFINED:
        raise type_error(f"String.prototype.{method} called on null or undefined")
    return to_js_string(this)


def regexp_replace(text: str, regexp: JSRegExp, replacer: Any, ctx: Any, *, every: bool) -> str:
    """`text.replace(re, r)` and `text.replaceAll(re, r)` (`every` requires the g flag)."""
    compiled = regexp.compiled
    if every and not compiled.is_global:
        raise type_error("replaceAll must be called with a global RegExp")
    if type(replacer) is not JSFunction:
        replacer = to_js_string(replacer)
    if compiled.is_global:
        regexp.last_index = 0.0
        matches: Iterator[Any] | list[Any] = _all_matches(compiled, text)
    else:
        single = _exec_match(regexp, text)
        matches = [] if single is None else [single]
    parts: list[str] = []
    total = 0
    end_of_previous = 0
    for match in matches:
        replacement = _replacement(replacer, match, compiled, text, ctx)
        parts.append(text[end_of_previous : match.start()])
        parts.append(replacement)
        total += match.start() - end_of_previous + len(replacement)
        check_length(total)
        end_of_previous = match.end()
    if not parts:
        return text
    parts.append(text[end_of_previous:])
    return checked_join("", parts)


def _replacement(replacer: Any, match: Any, compiled: CompiledRegExp, text: str, ctx: Any) -> str:
    captures = _match_array(match, compiled)
    if type(replacer) is JSFunction:
        result = replacer.impl(UNDEFINED, (*captures, float(match.start()), text), ctx)
        return to_js_string(result)
    if "$" not in replacer:
        return replacer
    return _substitute(replacer, captures, match.start(), match.end(), text, compiled)


def _substitute(template: str, captures: list[Any], start: int, end: int, text: str,
                compiled: CompiledRegExp) -> str:
    """GetSubstitution: `$$`, `$&`, `` $` ``, `$'`, `$n`, `$nn` and `$<name>`."""
    out: list[str] = []
    size = 0
    index = 0
    count = compiled.group_count
    while index < len(template):
        char = template[index]
        following = template[index + 1 : index + 2]
        piece, width = char, 1
        if char == "$" and following:
            if following == "$":
                piece, width = "$", 2
            elif following == "&":
                piece, width = captures[0], 2
            elif following == "`":
                piece, width = text[:start], 2
            elif following == "'":
                piece, width = text[end:], 2
            elif following.isdigit() and following.isascii():
                two = template[index + 1 : index + 3]
                if len(two) == 2 and two.isdigit() and two.isascii() and 1 <= int(two) <= count:
                    piece, width = _capture_text(captures[int(two)]), 3
                elif 1 <= int(following) <= count:
                    piece, width = _capture_text(captures[int(following)]), 2
            elif following == "<" and compiled.group_names:
                close = template.find(">", index + 2)
                if close >= 0:
                    group = compiled.group_names.get(template[index + 2 : close])
                    piece = "" if group is None else _capture_text(captures[group])
                    width = close - index + 1
        out.append(piece)
        size += len(piece)
        check_length(size)
        index += width
    return "".join(out)


def _capture_text(capture: Any) -> str:
    return "" if capture is UNDEFINED else capture


def regexp_split(text: str, regexp: JSRegExp, limit_arg: Any) -> list[Any]:
    """`text.split(re, limit)`: the pieces between matches, with the captured groups."""
    limit = 4294967295 if limit_arg is UNDEFINED else to_uint32(limit_arg)
    if limit == 0:
        return []
    compiled = regexp.compiled
    if not text:
        return [] if _run(compiled, compiled.program.match, text) is not None else [text]
    pieces: list[Any] = []
    start = 0
    for match in _all_matches(compiled, text, sticky=False):
        if match.start() >= len(text):
            break
        if match.end() == start:
            continue
        pieces.append(text[start : match.start()])
        if len(pieces) >= limit:
            return pieces
        for capture in _match_array(match, compiled)[1:]:
            pieces.append(capture)
            if len(pieces) >= limit:
                return pieces
        if len(pieces) > MAX_ARRAY_LENGTH:
            raise invalid_array_length()
        start = match.end()
    pieces.append(text[start:])
    return pieces
