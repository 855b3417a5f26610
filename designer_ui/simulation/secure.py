"""Keeps secure values and everything computed from them out of what the simulator keeps and
answers: its transcript (which becomes saved test cases), its API output and its variable view.

The engine flags prompt parts and request parts computed from a secret (see
`interpreter.engine.taint`); here they are masked, the caller's answer to a secure input is
stored as a mask with a `secure` mark, and variables declared secure or derived from one are
shown masked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from runtime.secure_output import masked_effect_json

SECRET_MASK = "••••••"
INPUT_VALUE_KEYS = ("dtmf", "text")


def masked_output(effects: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Effects' JSON as the simulator records and returns it."""
    return [masked_effect_json(effect, SECRET_MASK) for effect in effects]


def masked_variables(state: Mapping[str, Any], declared: Iterable[str]) -> dict[str, Any]:
    """The variable view: secure and secure-derived variables as a mask."""
    hidden = set(declared) | set(state.get("secure_derived") or ())
    return {name: SECRET_MASK if name in hidden else value
            for name, value in (state.get("vars") or {}).items()}


def waiting_for_secure_input(transcript: Iterable[Mapping[str, Any]]) -> bool:
    """Whether the last question the flow asked was a secure input."""
    for entry in reversed(list(transcript)):
        for effect in reversed(entry.get("output") or ()):
            if effect.get("kind") == "collect":
                return bool(effect.get("secure"))
    return False


def recorded_request(given: Mapping[str, Any], transcript: Iterable[Mapping[str, Any]]
                     ) -> dict[str, Any]:
    """What the transcript keeps of a user's request: a secure input's value masked."""
    entry = dict(given)
    answer = entry.get("input")
    if isinstance(answer, Mapping) and waiting_for_secure_input(transcript):
        masked = {key: SECRET_MASK if key in INPUT_VALUE_KEYS else value
                  for key, value in answer.items()}
        if masked != dict(answer):
            entry["input"] = masked
            entry["secure"] = True
    return entry
