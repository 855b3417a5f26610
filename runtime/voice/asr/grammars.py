"""What offline recognition listens for, as JSGF grammars over the model's words.

A built-in input grammar's answer is decoded against its words (`GRAMMAR_WORDS`), any number
of them in a row, or exactly min..max of them for a bounded digit string; `boolean` is
decoded against whole spoken answers (`SPOKEN_ANSWERS`: "yes", "that's right", "no thanks")
rather than a loop of words, so the decoder cannot produce "yeah not", which the grammar's
text matching would reject anyway, and each answer competes as a whole. A menu is decoded
against its phrases, an SRGS grammar against its JSGF compilation. Words the model's
dictionary does not know are left out (a phrase with one is dropped).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from interpreter.grammars.srgs import parse_srgs, to_jsgf
from runtime.voice.asr.decoder_pool import CompiledGrammar

_DIGITS = ("zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_NUMBERS = (*_DIGITS, "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
            "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty",
            "seventy", "eighty", "ninety", "hundred", "thousand", "and", "a", "minus", "point")
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
             "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
             "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth", "thirtieth")
_CALENDAR = ("january", "february", "march", "april", "may", "june", "july", "august",
             "september", "october", "november", "december", "monday", "tuesday", "wednesday",
             "thursday", "friday", "saturday", "sunday", "today", "tomorrow", "yesterday",
             "next", "this", "last", "the", "of", "on")
GRAMMAR_WORDS: dict[str, tuple[str, ...]] = {
    "digits": _DIGITS,
    "phone": (*_DIGITS, "plus"),
    "number": _NUMBERS,
    "currency": (*_NUMBERS, "dollars", "dollar", "euros", "euro", "pounds", "cents"),
    "date": (*_NUMBERS, *_ORDINALS, *_CALENDAR),
    "time": (*_NUMBERS, "o'clock", "a.m.", "p.m.", "noon", "midnight", "at"),
    "boolean": ("yes", "no", "yeah", "yep", "nope", "correct", "right", "wrong", "sure",
                "okay", "that's", "not"),
}
"""English words per built-in grammar (a `text` grammar: any); cloud providers get them as
hints."""

SPOKEN_ANSWERS: dict[str, tuple[str, ...]] = {
    "boolean": ("yes", "yeah", "yep", "yup", "sure", "okay", "correct", "right",
                "absolutely", "definitely", "of course", "yes please", "that's right",
                "that is right", "that's correct", "no", "nope", "nah", "negative",
                "incorrect", "wrong", "not really", "no thanks", "no thank you",
                "that's wrong", "that's not right"),
}
"""Built-in grammars heard as whole answers (each one the grammar's text matching accepts)."""

MAX_COUNTED_DIGITS = 20
"""Digit strings up to this length are decoded as exactly min..max digits (more accurate)."""

Known = Callable[[str], bool]


def words_jsgf(words: Sequence[str], counts: tuple[int, int] | None = None) -> str:
    """A JSGF grammar for one or more of `words` in a row ("four eight two one"), or for
    `counts` = (fewest, most) of them when the input block bounds its length."""
    choices = " | ".join(words) if words else "<NULL>"
    answer = "<word>+"
    if counts is not None:
        answer = " | ".join(" ".join(["<word>"] * count)
                            for count in range(counts[0], counts[1] + 1))
    return (f"#JSGF V1.0;\ngrammar words;\n<word> = {choices};\n"
            f"public <answer> = ( {answer} );\n")


def digit_counts(grammar: str, min_length: int | None,
                 max_length: int | None) -> tuple[int, int] | None:
    """How many digit words to listen for, when a digits grammar's length is bounded."""
    if grammar != "digits" or max_length is None or max_length > MAX_COUNTED_DIGITS:
        return None
    return max(min_length or 1, 1), max_length


def jsgf_for(phrases: Sequence[str]) -> str:
    choices = " | ".join(phrases) if phrases else "<NULL>"
    return f"#JSGF V1.0;\ngrammar menu;\npublic <answer> = {choices};\n"


def phrases_grammar(phrases: Sequence[str], known: Known) -> CompiledGrammar:
    """One of `phrases` (those whose every word the model knows)."""
    usable = [phrase for phrase in phrases
              if phrase.split() and all(known(word) for word in phrase.split())]
    return CompiledGrammar(jsgf_for(usable), _words_of(usable))


def builtin_grammar(grammar: str, known: Known, min_length: int | None = None,
                    max_length: int | None = None) -> CompiledGrammar | None:
    """The decoding grammar of a built-in input grammar; None: free-form (`text`)."""
    answers = SPOKEN_ANSWERS.get(grammar)
    if answers is not None:
        return phrases_grammar(answers, known)
    words = GRAMMAR_WORDS.get(grammar)
    if words is None:
        return None
    usable = [word for word in words if known(word)]
    counts = digit_counts(grammar, min_length, max_length)
    return CompiledGrammar(words_jsgf(usable, counts), frozenset(usable))


def srgs_grammar(source: str, known: Known) -> CompiledGrammar:
    """An SRGS voice grammar's JSGF (words the model does not know left out)."""
    used: set[str] = set()

    def usable(word: str) -> bool:
        if known(word):
            used.add(word)
            return True
        return False

    return CompiledGrammar(to_jsgf(parse_srgs(source), usable), frozenset(used))


def _words_of(phrases: Sequence[str]) -> frozenset[str]:
    return frozenset(word for phrase in phrases for word in phrase.split())
