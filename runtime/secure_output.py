"""What every recorder does with output the engine flagged as computed from a secret.

The engine marks a rendered prompt part (`PromptOut.secure`) and the parts of an HTTP request,
a route, a transfer or a callback (`secure_parts`, with `data.<key>` for attached data) that
read a secure or secure-derived variable (see
`interpreter.engine.taint`). The caller still hears or reads the real text; transcripts,
simulator records, saved test cases and reports keep these helpers' masked forms instead, and
the real texts join the secrets that value-masking replaces wherever else they appear.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from interpreter.engine.effects import (
    DATA_PART,
    Callback,
    Effect,
    HttpRequest,
    PromptOut,
    Route,
    Transfer,
    prompt_text,
)
from interpreter.engine.masked_render import join_masked
from interpreter.engine.state import decode_scope
from interpreter.engine.taint import secret_texts

MAX_HOLES_TO_RECOVER = 4
"""A secure part with more secret holes than this counts as one secret (bounded matching)."""


def masked_part(text: str | None, masked: Any, mask: str) -> str | None:
    """A secure part's text as records show it: only its secret holes masked when the engine
    told which they are, else the whole text."""
    if not text:
        return text
    if isinstance(masked, list | tuple) and masked:
        return join_masked(tuple(masked), mask)
    return mask


def masked_prompts(prompts: tuple[PromptOut, ...], mask: str) -> tuple[PromptOut, ...]:
    """The prompts with the secret in every secure part replaced by `mask`."""
    if not any(prompt.secure for prompt in prompts):
        return prompts
    return tuple(PromptOut(text=masked_part(prompt.text, prompt.masked, mask),
                           audio=prompt.audio, secure=True)
                 if prompt.secure else prompt for prompt in prompts)


def masked_prompt_text(prompts: tuple[PromptOut, ...], mask: str) -> str:
    """The text as spoken or sent, each secure part shown as `mask`."""
    return prompt_text(masked_prompts(prompts, mask))


def masked_effect_json(effect: Mapping[str, Any], mask: str) -> dict[str, Any]:
    """An effect's JSON (`Effect.to_json()`) with its secure prompt parts and request parts
    replaced by `mask`."""
    result = dict(effect)
    if isinstance(result.get("prompts"), list):
        result["prompts"] = [
            {key: value for key, value in item.items() if key != "masked"}
            | {"text": masked_part(item["text"], item.get("masked"), mask)}
            if item.get("secure") and "text" in item else item
            for item in result["prompts"]]
    pieces = result.pop("masked", None) if "secure_parts" in result else None
    for part in result.get("secure_parts") or ():
        value = result.get(part)
        if part == "headers" and isinstance(value, dict):
            result["headers"] = {name: mask for name in value}
        elif part.startswith(DATA_PART) and isinstance(result.get("data"), dict):
            key = part[len(DATA_PART):]
            if key in result["data"]:
                result["data"] = {**result["data"], key: mask}
        elif part == "skills" and isinstance(value, list):
            result["skills"] = [mask for _ in value]
        elif value is not None:
            text = value if isinstance(value, str) else json.dumps(value)
            result[part] = masked_part(text, (pieces or {}).get(part), mask)
    return result


def recorded_target(effect: Route | Transfer, mask: str) -> str:
    """Where a route or transfer went, as call records and logs keep it: a target computed
    from a secret masked (the route itself used the real one)."""
    part, text = (("target", effect.target) if isinstance(effect, Route)
                  else ("destination", effect.destination))
    if part not in effect.secure_parts:
        return text
    return masked_part(text, effect.masked.get(part), mask) or mask


def effect_secrets(effect: Effect) -> Iterator[str]:
    """The real texts of an effect's secure parts, for masking them wherever else they show."""
    for prompt in getattr(effect, "prompts", ()):
        if prompt.secure and prompt.text:
            yield from _hole_values(prompt.text, prompt.masked)
    if isinstance(effect, HttpRequest):
        for part in effect.secure_parts:
            if part == "headers":
                yield from effect.headers.values()
            elif part == "url":
                yield from _hole_values(effect.url, effect.masked.get("url", ()))
            elif part == "body" and effect.body:
                yield from _hole_values(effect.body, effect.masked.get("body", ()))
    elif isinstance(effect, Route | Transfer | Callback):
        for part in effect.secure_parts:
            if part.startswith(DATA_PART):
                yield from secret_texts(effect.data.get(part[len(DATA_PART):]))
                continue
            value = getattr(effect, part, None)
            if isinstance(value, str) and value:
                yield from _hole_values(value, effect.masked.get(part, ()))
            else:
                yield from secret_texts(value)


def _hole_values(text: str, masked: tuple[str | None, ...]) -> list[str]:
    """The secret holes' values, found by matching the text against its masked pieces."""
    holes = sum(1 for piece in masked if piece is None)
    if not masked or holes > MAX_HOLES_TO_RECOVER:
        return [text]
    pattern = "".join("(.+?)" if piece is None else re.escape(piece) for piece in masked)
    found = re.fullmatch(pattern, text, re.DOTALL)
    return list(found.groups()) if found else [text]


def derived_secrets(states: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """The texts of the secure-derived variables of saved states (every scope on the stack)."""
    for state in states:
        for frame in [*state.get("stack", ()), state]:
            names = frame.get("secure_derived") or ()
            if not names:
                continue
            try:
                scope = decode_scope(frame.get("vars", {}))
            except ValueError:
                continue
            for name in names:
                if name in scope:
                    yield from secret_texts(scope[name])
