"""Property-panel descriptors shared by several block types: the question-and-retry fields of
`menu`, `input` and `survey` are the same, so they read the same in every panel."""

from __future__ import annotations

from interpreter.blocktype import FieldInfo

QUESTION = FieldInfo("prompts", "Prompts", "What the caller hears or the chat user reads "
                     "before answering: the question.", summary=True)
BARGE_IN = FieldInfo("bargein", "Barge-in", "Let the caller answer before the prompts finish.")
NO_INPUT_PROMPTS = FieldInfo("noinput_prompts", "No-input prompts",
                             "Said when the caller does not answer in time, before asking again.")
NO_MATCH_PROMPTS = FieldInfo("nomatch_prompts", "No-match prompts",
                             "Said when the answer is not understood, before asking again.")
RETRIES = FieldInfo("retries", "Retries", "How many more times to ask after no input or no "
                    "match before taking the 'noinput' or 'nomatch' port.", advanced=True)


def answer_timeout(help_text: str = "How long to wait for an answer, in milliseconds.") -> FieldInfo:
    return FieldInfo("timeout_ms", "Answer timeout (ms)", help_text, advanced=True)


RETRYING_INPUT_FIELDS = (BARGE_IN, NO_INPUT_PROMPTS, NO_MATCH_PROMPTS, RETRIES, answer_timeout())
"""The retry loop's fields, in panel order, after a block's own question and answer fields."""
