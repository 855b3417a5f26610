"""ECMAScript regular expression syntax to RE2 syntax, so expressions match in linear time.

`RegExp(pattern, flags)` in an expression is JavaScript syntax, but patterns run on RE2
(`interpreter.linear_regex`), whose syntax differs in places. This module rewrites the common
JavaScript forms — `(?<name>…)`, `\\/`, `[^]`, `[]`, `\\uXXXX`, `\\u{…}`, `\\cX`, `\\s`, `.`, a
literal `{`, identity escapes — into RE2 forms with the same meaning, and refuses, with a
reason, what RE2 cannot run: backreferences (`\\1`, `\\k<name>`), lookahead and lookbehind,
octal escapes, the `d` and `v` flags.

Without the `u` flag, JavaScript's `i` flag matches a letter only with the letters that share
its upper case, which leaves out a few that Unicode case folding (RE2's `i`) adds: the long s
(U+017F) for s, the Kelvin sign for k, the Angstrom sign for a-ring, the Ohm sign for omega,
U+03F4 for theta, U+1E9E for sharp s. Letters written in the pattern outside a character class
get JavaScript's set; inside a class (`[a-z]`) and in `\\w`, RE2's folding remains, which
differs from JavaScript only on those six characters. Refusals and JavaScript syntax errors are both
`RegExpError`; the caller turns them into a SyntaxError at compile time or at run time.
"""

from __future__ import annotations

import functools
import re

from ..linear_regex import UnsupportedPattern, compile_linear, search_units, search_units_per_byte
from .regexp_value import CompiledRegExp

MAX_REGEXP_SOURCE_LENGTH = 10_000
"""Characters in one regular expression's pattern; longer patterns are refused."""

FLAG_ORDER = "dgimsuvy"
SUPPORTED_FLAGS = frozenset("gimsuy")

_JS_SPACE = r"\t-\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}"
_ANY = r"[\x{0}-\x{10FFFF}]"
_NOTHING = r"[^\x{0}-\x{10FFFF}]"
_QUANTIFIER = re.compile(r"\{[0-9]+(?:,[0-9]*)?\}")
_GROUP_NAME = re.compile(r"<([A-Za-z_$][A-Za-z0-9_$]*)>")
_HEX4 = re.compile(r"[0-9A-Fa-f]{4}")
_CODE_POINT = re.compile(r"\{([0-9A-Fa-f]{1,6})\}")
_PROPERTY = re.compile(r"\{([A-Za-z_]+)(?:=([A-Za-z_]+))?\}")
_SYNTAX_CHARACTERS = frozenset("^$\\.*+?()[]{}|/-")
_JS_CASE_SETS = ("sS", "\u017f", "kK", "\u212a", "\u00e5\u00c5", "\u212b", "\u03c9\u03a9", "\u2126",
                 "\u03b8\u0398\u03d1", "\u03f4", "\u00df", "\u1e9e")
_JS_CASE_ONLY = {char: f"(?-i:[{group}])" for group in _JS_CASE_SETS for char in group}
"""Without the u flag, `i` matches these letters only with the others of their group."""
_CATEGORY_NAMES = {
    "Letter": "L", "Cased_Letter": "L", "Uppercase_Letter": "Lu", "Lowercase_Letter": "Ll",
    "Titlecase_Letter": "Lt", "Modifier_Letter": "Lm", "Other_Letter": "Lo", "Mark": "M",
    "Number": "N", "Decimal_Number": "Nd", "Letter_Number": "Nl", "Other_Number": "No",
    "Punctuation": "P", "Symbol": "S", "Separator": "Z", "Space_Separator": "Zs",
    "Other": "C", "Control": "Cc", "Format": "Cf", "Private_Use": "Co",
}  # fmt: skip


class RegExpError(Exception):
    """A pattern or flags that JavaScript rejects, or that RE2 cannot run."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def canonical_flags(flags: str) -> str:
    """The flags in `RegExp.prototype.flags` order; RegExpError if invalid or unsupported."""
    if any(flag not in FLAG_ORDER for flag in flags) or len(set(flags)) != len(flags):
        raise RegExpError(f"Invalid flags supplied to RegExp constructor '{flags}'")
    for flag in flags:
        if flag not in SUPPORTED_FLAGS:
            raise RegExpError(f"The '{flag}' flag of regular expressions is not supported")
    return "".join(flag for flag in FLAG_ORDER if flag in flags)


@functools.lru_cache(maxsize=512)
def compile_regexp(source: str, flags: str) -> CompiledRegExp:
    """Check, translate and compile a JavaScript pattern; RegExpError with a clear message."""
    canonical = canonical_flags(flags)
    if len(source) > MAX_REGEXP_SOURCE_LENGTH:
        raise RegExpError(
            f"Regular expression is too long ({len(source):,} characters; "
            f"the limit is {MAX_REGEXP_SOURCE_LENGTH:,})"
        )
    try:
        translated, names = _Translator(source, canonical).run()
        program = compile_linear(translated, case_sensitive="i" not in canonical)
    except RegExpError as error:
        raise RegExpError(f"Invalid regular expression: /{source}/{canonical}: {error.message}") from None
    except UnsupportedPattern as error:
        raise RegExpError(f"Invalid regular expression: /{source}/{canonical}: {error.reason}") from None
    return CompiledRegExp(source, canonical, program, program.groups, names,
                          search_units(program), search_units_per_byte(program))


class _Translator:
    """One pass over a JavaScript pattern, writing the RE2 equivalent."""

    def __init__(self, source: str, flags: str) -> None:
        self.source = source
        self.unicode = "u" in flags
        self.dot_all = "s" in flags
        self.multiline = "m" in flags
        self.js_case = "i" in flags and not self.unicode
        self.index = 0
        self.out: list[str] = []
        self.names: dict[str, int] = {}
        self.groups = 0

    def run(self) -> tuple[str, dict[str, int]]:
        source = self.source
        while self.index < len(source):
            char = source[self.index]
            if char == "\\":
                self.out.append(self.escape(in_class=False))
            elif char == "[":
                self.character_class()
            elif char == "(":
                self.group()
            elif char == ".":
                self.out.append("(?s:.)" if self.dot_all else r"[^\n\r\x{2028}\x{2029}]")
                self.index += 1
            elif char in "^$":
                self.out.append(f"(?m:{char})" if self.multiline else char)
                self.index += 1
            elif char == "{":
                self.brace()
            elif char in "}]":
                if self.unicode:
                    raise RegExpError("Lone quantifier brackets")
                self.out.append("\\" + char)
                self.index += 1
            else:
                self.out.append(self.literal(char))
                self.index += 1
        return "".join(self.out), self.names

    def literal(self, char: str) -> str:
        """A character that matches itself (outside a class), in the case sets of the flags."""
        if self.js_case and char in _JS_CASE_ONLY:
            return _JS_CASE_ONLY[char]
        return char

    def brace(self) -> None:
        quantifier = _QUANTIFIER.match(self.source, self.index)
        if quantifier is not None:
            self.out.append(quantifier.group())
            self.index = quantifier.end()
        elif self.unicode:
            raise RegExpError("Incomplete quantifier")
        else:
            self.out.append("\\{")
            self.index += 1

    def group(self) -> None:
        source, start = self.source, self.index
        if not source.startswith("(?", start):
            self.groups += 1
            self.out.append("(")
            self.index += 1
            return
        if source.startswith("(?:", start):
            self.out.append("(?:")
            self.index += 3
            return
        if source.startswith(("(?=", "(?!"), start):
            raise RegExpError("lookahead assertions cannot be matched in linear time (not supported)")
        if source.startswith(("(?<=", "(?<!"), start):
            raise RegExpError("lookbehind assertions cannot be matched in linear time (not supported)")
        named = _GROUP_NAME.match(source, start + 2)
        if named is None:
            raise RegExpError("Invalid group")
        name = named.group(1)
        if name in self.names:
            raise RegExpError("Duplicate capture group name")
        self.groups += 1
        self.names[name] = self.groups
        self.out.append(f"(?P<{name}>")
        self.index = named.end()

    def character_class(self) -> None:
        source = self.source
        if source.startswith("[^]", self.index):
            self.out.append(_ANY)
            self.index += 3
            return
        if source.startswith("[]", self.index):
            self.out.append(_NOTHING)
            self.index += 2
            return
        negated = source.startswith("[^", self.index)
        self.out.append("[^" if negated else "[")
        self.index += 2 if negated else 1
        while self.index < len(source):
            char = source[self.index]
            if char == "]":
                self.out.append("]")
                self.index += 1
                return
            if char == "\\":
                self.out.append(self.escape(in_class=True))
                continue
            self.out.append("\\[" if char == "[" else char)
            self.index += 1
        raise RegExpError("Unterminated character class")

    def escape(self, *, in_class: bool) -> str:
        """The RE2 text for the escape at self.index, which it moves past."""
        source = self.source
        if self.index + 1 >= len(source):
            raise RegExpError("\\ at end of pattern")
        char = source[self.index + 1]
        self.index += 2
        if char in "dDwW":
            return "\\" + char
        if char == "s":
            return _JS_SPACE if in_class else f"[{_JS_SPACE}]"
        if char == "S":
            if in_class:
                raise RegExpError("\\S inside a character class is not supported")
            return f"[^{_JS_SPACE}]"
        if char in "bB":
            if not in_class:
                return "\\" + char
            return r"\x08" if char == "b" else self.identity(char)
        if char in "nrtfv":
            return "\\" + char
        if char == "0" and not source[self.index : self.index + 1].isdigit():
            return r"\x00"
        if char.isdigit() and char.isascii():
            if in_class or char == "0":
                raise RegExpError("octal escapes are not supported")
            raise RegExpError(f"backreferences (\\{char}) cannot be matched in linear time (not supported)")
        if char == "k" and (self.unicode or source.startswith("<", self.index)):
            raise RegExpError("backreferences (\\k<name>) cannot be matched in linear time (not supported)")
        if char == "x":
            digits = source[self.index : self.index + 2]
            if len(digits) == 2 and all(d in "0123456789abcdefABCDEF" for d in digits):
                self.index += 2
                return self.code_point(int(digits, 16), in_class)
            return self.identity(char)
        if char == "u":
            return self.unicode_escape(in_class)
        if char == "c":
            letter = source[self.index : self.index + 1]
            if letter.isascii() and letter.isalpha():
                self.index += 1
                return self.code_point(ord(letter) % 32)
            if self.unicode:
                raise RegExpError("Invalid unicode escape")
            return "\\\\c"
        if char in "pP" and self.unicode:
            return self.property_escape(char)
        return self.identity(char)

    def identity(self, char: str) -> str:
        if char in _SYNTAX_CHARACTERS:
            return "\\" + char
        if self.unicode:
            raise RegExpError("Invalid escape")
        return self.code_point(ord(char)) if char.isascii() and not char.isalnum() else char

    def unicode_escape(self, in_class: bool) -> str:
        source = self.source
        if source.startswith("{", self.index):
            braced = _CODE_POINT.match(source, self.index)
            if not self.unicode:
                raise RegExpError("\\u{...} escapes need the u flag")
            if braced is None or int(braced.group(1), 16) > 0x10FFFF:
                raise RegExpError("Invalid Unicode escape")
            self.index = braced.end()
            return self.code_point(int(braced.group(1), 16), in_class)
        if _HEX4.fullmatch(source, self.index, self.index + 4) is None:
            if self.unicode:
                raise RegExpError("Invalid Unicode escape")
            return "u"
        code = int(source[self.index : self.index + 4], 16)
        self.index += 4
        if 0xD800 <= code <= 0xDBFF and source.startswith("\\u", self.index):
            low_digits = source[self.index + 2 : self.index + 6]
            if _HEX4.fullmatch(low_digits) and 0xDC00 <= int(low_digits, 16) <= 0xDFFF:
                self.index += 6
                code = 0x10000 + ((code - 0xD800) << 10) + (int(low_digits, 16) - 0xDC00)
        if 0xD800 <= code <= 0xDFFF:
            raise RegExpError("unpaired surrogate escapes are not supported")
        return self.code_point(code, in_class)

    def property_escape(self, char: str) -> str:
        braced = _PROPERTY.match(self.source, self.index)
        if braced is None:
            raise RegExpError("Invalid property name")
        self.index = braced.end()
        key, value = braced.group(1), braced.group(2)
        if value is None:
            name = _CATEGORY_NAMES.get(key, key)
        elif key in ("Script", "sc", "General_Category", "gc"):
            name = _CATEGORY_NAMES.get(value, value)
        else:
            raise RegExpError(f"the property {key} is not supported")
        return f"\\{char}{{{name}}}"

    def code_point(self, code: int, in_class: bool = True) -> str:
        if not in_class and self.js_case and chr(code) in _JS_CASE_ONLY:
            return _JS_CASE_ONLY[chr(code)]
        return f"\\x{{{code:x}}}"
