"""SRGS grammars in both forms: parsing, semantic tags, DTMF, errors with lines, hostile input."""

from __future__ import annotations

import time
from typing import Any

import pytest

from interpreter.grammars.srgs import SrgsError, SrgsInputGrammar, parse_srgs, to_jsgf
from interpreter.grammars.srgs.limits import MAX_NESTING, MAX_REPEAT

DRINKS_XML = """<?xml version="1.0" encoding="UTF-8"?>
<grammar xmlns="http://www.w3.org/2001/06/grammar" version="1.0" xml:lang="en-US"
         root="order" tag-format="semantics/1.0">
  <rule id="order" scope="public">
    <item repeat="0-1">i would like</item>
    <item repeat="0-1">a</item>
    <ruleref uri="#size"/>
    <ruleref uri="#drink"/>
    <tag>out.size = rules.size; out.drink = rules.latest();</tag>
  </rule>
  <rule id="size">
    <one-of>
      <item weight="2">small <tag>out = "S";</tag></item>
      <item>large <tag>out = 'L';</tag></item>
    </one-of>
  </rule>
  <rule id="drink">
    <one-of>
      <item>coffee</item>
      <item><token>hot chocolate</token><tag>out = "cocoa"</tag></item>
      <item>tea <tag>out = 3 + 4</tag></item>
    </one-of>
  </rule>
</grammar>
"""

CITIES_ABNF = """#ABNF 1.0 UTF-8;
language en-US;
mode voice;
root $trip;
tag-format <semantics/1.0>;

// from one city to another
public $trip = [please] from $city {out.from = rules.city} to $city {out.to = rules.latest()};
$city = boston {out = "BOS"}
      | /2/ new york {out = "NYC"}
      | "san francisco" {!{ out = "SFO" }!};
"""


def matcher(source: str) -> SrgsInputGrammar:
    return SrgsInputGrammar(parse_srgs(source))


@pytest.mark.parametrize("said, value", [
    ("I would like a small coffee", {"size": "S", "drink": "coffee"}),
    ("large hot chocolate.", {"size": "L", "drink": "cocoa"}),
    ("Small TEA", {"size": "S", "drink": 7}),
])
def test_grxml_answers_carry_their_semantic_result(said: str, value: Any) -> None:
    result = matcher(DRINKS_XML).match(said, "chat")
    assert result.matched and result.value == value


def test_grxml_refuses_words_outside_the_grammar() -> None:
    result = matcher(DRINKS_XML).match("medium coffee", "chat")
    assert not result.matched and result.reason == "not in the grammar"


@pytest.mark.parametrize("said, value", [
    ("from boston to new york", {"from": "BOS", "to": "NYC"}),
    ("please from san francisco to boston", {"from": "SFO", "to": "BOS"}),
])
def test_abnf_answers_carry_their_semantic_result(said: str, value: Any) -> None:
    result = matcher(CITIES_ABNF).match(said, "chat")
    assert result.matched and result.value == value


def test_both_forms_parse_to_the_same_model() -> None:
    xml = parse_srgs('<grammar xmlns="http://www.w3.org/2001/06/grammar" root="a">'
                     '<rule id="a"><one-of><item>yes</item><item weight="3">no</item></one-of>'
                     '<item repeat="2-3">please</item></rule></grammar>')
    abnf = parse_srgs("#ABNF 1.0;\nroot $a;\n$a = (yes | /3/ no) please <2-3>;\n")
    assert to_jsgf(xml) == to_jsgf(abnf)


def test_a_rule_without_tags_answers_with_its_words() -> None:
    grammar = matcher("#ABNF 1.0;\npublic $colour = dark? | light blue | red;".replace(
        "dark? | ", ""))
    assert grammar.match("Light Blue!", "chat").value == "light blue"


def test_literal_tag_format_takes_the_tag_text_as_the_answer() -> None:
    grammar = matcher("#ABNF 1.0;\ntag-format <semantics/1.0-literals>;\n"
                      "public $yes = (yes | yeah) {affirmative} | no {negative};")
    assert grammar.match("yeah", "chat").value == "affirmative"
    assert grammar.match("no", "chat").value == "negative"


def test_semantic_tags_concatenate_and_read_matched_text() -> None:
    grammar = matcher('#ABNF 1.0;\nroot $name;\n$name = $first $last '
                      '{out = rules.last + ", " + rules.first; out.x = meta.current().text};\n'
                      '$first = john | mary;\n$last = smith | jones;\n')
    # out.x on a string turns out into an object holding x, as SISR does
    assert grammar.match("mary jones", "chat").value == {"x": "mary jones"}
    plain = matcher('#ABNF 1.0;\nroot $name;\n$name = $first $last '
                    '{out = rules.last + ", " + rules.first};\n'
                    '$first = john | mary;\n$last = smith | jones;\n')
    assert plain.match("john smith", "chat").value == "smith, john"


def test_dtmf_grammars_match_keys_on_voice_and_digits_typed_on_chat() -> None:
    grammar = matcher('<grammar xmlns="http://www.w3.org/2001/06/grammar" mode="dtmf" '
                      'root="pin"><rule id="pin"><item repeat="4"><one-of>'
                      '<item>0</item><item>1</item><item>2</item><item>3</item><item>4</item>'
                      '</one-of></item><item repeat="0-1">#</item>'
                      '<tag>out.pin = meta.current().text</tag></rule></grammar>')
    assert grammar.match("1234", "voice").value == {"pin": "1 2 3 4"}
    assert grammar.match("1 2 3 4", "chat").matched
    assert not grammar.match("12345", "voice").matched
    assert not grammar.match("one two", "chat").matched


def test_a_voice_grammar_does_not_take_keys() -> None:
    result = matcher(CITIES_ABNF).match("123", "voice")
    assert not result.matched and result.reason == "keys need a dtmf grammar"


@pytest.mark.parametrize("source, line, words", [
    ('<grammar xmlns="http://www.w3.org/2001/06/grammar" root="a">\n<rule id="a">\n'
     '<item>yes</iten>\n</rule></grammar>', 3, "not well-formed"),
    ('<grammar xmlns="http://www.w3.org/2001/06/grammar" root="a">\n<rule id="a">\n'
     '<ruleref uri="#missing"/>\n</rule></grammar>', 3, "no rule 'missing'"),
    ('<grammar xmlns="http://www.w3.org/2001/06/grammar" root="a">\n<rule id="a">\nyes\n'
     '<tag>out = window.alert(1)</tag>\n</rule></grammar>', 4, "not a supported semantic"),
    ('<grammar xmlns="http://www.w3.org/2001/06/grammar" root="b">\n<rule id="a">x</rule>\n'
     '</grammar>', 1, "root rule 'b'"),
    ('<grammar xmlns="http://www.w3.org/2001/06/grammar" root="a">\n<rule id="a">\n'
     '<ruleref uri="other.grxml#x"/>\n</rule></grammar>', 3, "same grammar"),
    ("#ABNF 1.0;\nroot $a;\n$a = yes |\n  no no ) ;\n", 4, "not valid SRGS ABNF"),
    ("#ABNF 1.0;\nroot $a;\n$a = yes\n  $nothing;\n", 4, "no rule 'nothing'"),
    ("#ABNF 1.0;\nroot $a;\n$a = yes <5-2>;\n", 3, "larger number first"),
    ("#ABNF 1.0;\nroot $a;\n$a = yes\n {out = eval('x')};\n", 4, "not a supported semantic"),
    ("root $a;\n$a = yes;\n", 1, "#ABNF 1.0"),
])
def test_grammars_that_do_not_compile_name_their_line(source: str, line: int,
                                                      words: str) -> None:
    with pytest.raises(SrgsError) as caught:
        parse_srgs(source)
    assert caught.value.line == line
    assert words in caught.value.message


# -- hostile grammars and inputs: refused or bounded, never slow ------------------------------


def test_entity_declarations_are_refused_not_expanded() -> None:
    laughs = ('<?xml version="1.0"?>\n<!DOCTYPE grammar [\n<!ENTITY a "ha">\n'
              '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n'
              '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\n]>\n'
              '<grammar xmlns="http://www.w3.org/2001/06/grammar" root="a">'
              '<rule id="a">&c;</rule></grammar>')
    with pytest.raises(SrgsError, match="DOCTYPE or entities"):
        parse_srgs(laughs)


def test_external_entities_are_refused() -> None:
    external = ('<?xml version="1.0"?>\n<!DOCTYPE g [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                '<grammar root="a"><rule id="a">&x;</rule></grammar>')
    with pytest.raises(SrgsError, match="DOCTYPE or entities"):
        parse_srgs(external)


def test_huge_repeats_are_refused() -> None:
    with pytest.raises(SrgsError, match=f"at most {MAX_REPEAT}"):
        parse_srgs("#ABNF 1.0;\nroot $a;\n$a = yes <1000000>;\n")
    with pytest.raises(SrgsError, match=f"at most {MAX_REPEAT}"):
        parse_srgs('<grammar root="a"><rule id="a"><item repeat="5-99999">x</item></rule>'
                   '</grammar>')


def test_deep_nesting_is_refused_in_both_forms() -> None:
    deep = MAX_NESTING + 5
    with pytest.raises(SrgsError, match="nested"):
        parse_srgs("#ABNF 1.0;\nroot $a;\n$a = " + "(" * deep + "x" + ")" * deep + ";\n")
    with pytest.raises(SrgsError, match="nested"):
        parse_srgs('<grammar root="a"><rule id="a">' + "<item>" * deep + "x"
                   + "</item>" * deep + "</rule></grammar>")


def test_nested_repeats_cannot_blow_up_the_recogniser_grammar() -> None:
    grammar = parse_srgs("#ABNF 1.0;\nroot $a;\n$a = (((hello <0-100>) <0-100>) <0-100>) "
                         "<0-100>;\n")
    with pytest.raises(SrgsError, match="too large"):
        to_jsgf(grammar)


def test_ambiguous_grammars_stop_within_the_step_budget() -> None:
    grammar = matcher("#ABNF 1.0;\nroot $a;\n$a = ((a | a a | a a a) <0->) <0-> b;\n")
    started = time.monotonic()
    result = grammar.match(" ".join(["a"] * 60) + " c", "chat")
    assert not result.matched
    assert time.monotonic() - started < 5


def test_left_recursion_and_doubling_tags_are_bounded() -> None:
    recursive = matcher("#ABNF 1.0;\nroot $a;\n$a = $a x | x;\n")
    assert not recursive.match("x x y", "chat").matched
    doubling = matcher('#ABNF 1.0;\nroot $a;\n$a = {out = "ab"} (x {out = out + out}) <1->;\n')
    assert doubling.match("x x", "chat").value == "abababab"
    result = doubling.match(" ".join(["x"] * 40), "chat")
    assert not result.matched and result.reason == "too complex"


def test_oversized_grammar_text_is_refused() -> None:
    with pytest.raises(SrgsError, match="longer than"):
        parse_srgs("#ABNF 1.0;\nroot $a;\n$a = " + "x " * 60_000 + ";\n")


def test_words_the_recogniser_does_not_know_leave_their_alternative_out() -> None:
    grammar = parse_srgs("#ABNF 1.0;\nroot $a;\n$a = (tea | xyzzy) [please] | $b;\n$b = xyzzy;\n")
    jsgf = to_jsgf(grammar, lambda word: word != "xyzzy")
    assert "xyzzy" not in jsgf and "<VOID>" not in jsgf
    assert "<r0> = ( ( tea ) ( [ please ] ) );" in jsgf or "tea" in jsgf
    with pytest.raises(SrgsError, match="knows none"):
        to_jsgf(parse_srgs("#ABNF 1.0;\nroot $a;\n$a = xyzzy;\n"), lambda word: False)
