"""The `boolean` grammar: a yes or a no, as `True` or `False`.

Voice follows VoiceXML: key 1 is yes, key 2 is no. Chat accepts the common ways of saying yes
or no in English, ignoring case and trailing punctuation; "1" and "2" also work there so that
an omnichannel prompt ("press 1 for yes") reads the same on both channels.
"""

from __future__ import annotations

from datetime import date

from .base import Grammar, GrammarMatch, fold_chat_text, matched, no_match

_YES = frozenset(
    {
        "yes", "y", "yeah", "yea", "yep", "yup", "ya", "sure", "ok", "okay", "k", "true",
        "correct", "right", "affirmative", "absolutely", "definitely", "of course", "yes please",
        "that's right", "that is right", "that's correct", "1", "👍",
    }
)  # fmt: skip
_NO = frozenset(
    {
        "no", "n", "nope", "nah", "false", "negative", "incorrect", "wrong", "not really",
        "no thanks", "no thank you", "that's wrong", "that's not right", "2", "👎",
    }
)  # fmt: skip
_PUNCTUATION = str.maketrans({".": " ", ",": " ", "!": " ", "?": " ", "\u2019": "'"})


class BooleanGrammar(Grammar):
    """Yes or no."""

    name = "boolean"

    def match_voice(self, keys: str) -> GrammarMatch:
        return _answer(keys)

    def match_chat(self, text: str, today: date | None) -> GrammarMatch:
        words = " ".join(fold_chat_text(text).translate(_PUNCTUATION).split())
        return _answer(words)


def _answer(words: str) -> GrammarMatch:
    if words in _YES:
        return matched(True)
    if words in _NO:
        return matched(False)
    return no_match("not yes or no")
