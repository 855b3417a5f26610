"""Case-insensitive regular expressions without the `u` flag, compared with Node.js.

JavaScript's `i` flag without `u` matches a letter only with the letters sharing its upper
case, so `/s/i` does not match the long s and `/k/i` not the Kelvin sign, although Unicode
case folding (RE2's, and JavaScript's with `u`) puts them together.
"""

from __future__ import annotations

from tests.interpreter.expressions.test_node_conformance import differences

CASES = [
    r"'\u017f'.match(RegExp('s', 'i'))",
    r"'\u017f'.match(RegExp('s', 'iu'))",
    r"'\u212a'.match(RegExp('k', 'i'))",
    r"'\u212a'.match(RegExp('k', 'iu'))",
    r"RegExp('S', 'i').test('s')",
    r"RegExp('s', 'i').test('S')",
    r"RegExp('\\x73', 'i').test('S')",
    r"RegExp('\\u017f', 'i').test('s')",
    r"RegExp('\\u017f', 'i').test('\u017f')",
    r"RegExp('\\u212a', 'i').test('k')",
    r"RegExp('\\u212a', 'iu').test('k')",
    r"RegExp('\u00e5', 'i').test('\u00c5')",
    r"RegExp('\u00e5', 'i').test('\u212b')",
    r"RegExp('\u00e5', 'iu').test('\u212b')",
    r"RegExp('\u03c9', 'i').test('\u2126')",
    r"RegExp('\u03c9', 'i').test('\u03a9')",
    r"RegExp('\u03b8', 'i').test('\u03d1')",
    r"RegExp('\u03b8', 'i').test('\u03f4')",
    r"RegExp('\u00df', 'i').test('\u1e9e')",
    r"RegExp('\u00df', 'iu').test('\u1e9e')",
    r"'Kelvin sKy \u212a'.replace(RegExp('k', 'gi'), '_')",
    r"'Mississippi \u017f'.split(RegExp('s+', 'i'))",
    r"'Stress'.match(RegExp('s(s)?', 'gi'))",
    r"RegExp('^ask$', 'i').test('ASK')",
    r"RegExp('[sk]', 'i').test('S')",
    r"RegExp('sk', '').test('SK')",
]


def test_case_insensitive_letters_match_node() -> None:
    assert differences(CASES) == []
