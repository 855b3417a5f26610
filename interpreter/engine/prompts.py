"""Renders compiled prompt items into the text or audio a host speaks or sends."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from typing import Any

from interpreter.compiler import CompiledFlow, CompiledPromptItem
from interpreter.engine.effects import PromptOut
from interpreter.engine.errors import FlowRuntimeError
from interpreter.engine.masked_render import render_masked
from interpreter.expressions import to_js_string, to_number

_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"),
}


def _never_secret(item: Any) -> bool:
    return False


def render_items(items: tuple[CompiledPromptItem, ...], flow: CompiledFlow, language: str,
                 evaluate: Callable[[Any], Any], render: Callable[[Any], str],
                 reads_secret: Callable[[Any], bool] = _never_secret,
                 ) -> tuple[PromptOut, ...]:
    """Rendered prompts; a part whose template or value reads a secret is flagged `secure`."""
    out: list[PromptOut] = []
    for item in items:
        if item.kind == "tts":
            out.append(_template_part(item.template, evaluate, render, reads_secret))
        elif item.kind == "audio":
            out.append(PromptOut(audio=item.ref))
        elif item.kind == "prompt":
            out.append(_library_prompt(item.ref, flow, language, evaluate, render, reads_secret))
        else:
            out.append(PromptOut(text=say_as(evaluate(item.expression), item.say_as, language),
                                 secure=reads_secret(item.expression)))
    return tuple(out)


def _template_part(template: Any, evaluate: Callable[[Any], Any], render: Callable[[Any], str],
                   reads_secret: Callable[[Any], bool]) -> PromptOut:
    """A rendered template; one that reads a secret also carries its masked pieces."""
    if not reads_secret(template):
        return PromptOut(text=render(template))
    text, masked = render_masked(template.source, evaluate, reads_secret)
    return PromptOut(text=text, secure=True, masked=masked)


def _library_prompt(prompt_id: str, flow: CompiledFlow, language: str,
                    evaluate: Callable[[Any], Any], render: Callable[[Any], str],
                    reads_secret: Callable[[Any], bool]) -> PromptOut:
    variants = flow.prompts.get(prompt_id)
    if not variants:
        raise FlowRuntimeError("PromptError", f"there is no prompt named '{prompt_id}'")
    variant = (variants.get(language) or variants.get(flow.flow.default_language)
               or next(iter(variants.values())))
    if variant.template is None:
        return PromptOut(audio=variant.ref) if variant.kind == "audio" else PromptOut()
    part = _template_part(variant.template, evaluate, render, reads_secret)
    if variant.kind == "audio":
        return PromptOut(text=part.text or None, audio=variant.ref,
                         secure=part.secure and bool(part.text), masked=part.masked)
    return part


def say_as(value: Any, kind: str, language: str = "en-US") -> str:
    """A value as words for speech or chat: digits one by one, money, dates and times.

    Dates and times follow the language (English and Spanish so far; others read as English).
    """
    text = to_js_string(value)
    spanish = language.lower().startswith("es")
    if kind == "digits":
        return " ".join(ch for ch in text if not ch.isspace())
    if kind == "currency":
        number = to_number(value)
        if number != number:
            return text
        sign = "-" if number < 0 else ""
        return f"{sign}${abs(number):,.2f}"
    if kind == "date":
        try:
            day = date.fromisoformat(text[:10])
        except ValueError:
            return text
        if spanish:
            return f"{day.day} de {_MONTHS['es'][day.month - 1]} de {day.year}"
        return f"{_MONTHS['en'][day.month - 1]} {day.day}, {day.year}"
    if kind == "time":
        try:
            moment = time.fromisoformat(text if len(text) > 5 else text + ":00")
        except ValueError:
            return text
        if spanish:
            return f"{moment.hour}:{moment.minute:02d}"
        hour = moment.hour % 12 or 12
        suffix = "AM" if moment.hour < 12 else "PM"
        return f"{hour}:{moment.minute:02d} {suffix}" if moment.minute else f"{hour} {suffix}"
    return text
