"""Renders compiled prompt items into the text or audio a host speaks or sends."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from interpreter.block_compiler import CompiledPromptItem
from interpreter.compiler import CompiledFlow
from interpreter.engine.effects import PromptOut
from interpreter.engine.errors import FlowRuntimeError
from interpreter.engine.masked_render import render_masked
from interpreter.engine.value_reading import say_as
from interpreter.host import Announcement

__all__ = ["render_items", "say_as"]


def _never_secret(item: Any) -> bool:
    return False


def _no_announcements(name: str, language: str) -> Announcement | None:
    raise FlowRuntimeError("PromptError", f"there is no announcement named '{name}'")


def render_items(items: tuple[CompiledPromptItem, ...], flow: CompiledFlow, language: str,
                 evaluate: Callable[[Any], Any], render: Callable[[Any], str],
                 reads_secret: Callable[[Any], bool] = _never_secret,
                 announce: Callable[[str, str], Announcement | None] = _no_announcements,
                 ) -> tuple[PromptOut, ...]:
    """Rendered prompts; a part whose template or value reads a secret is flagged `secure`.

    Announcements are asked of the host (`announce`) at the moment they are spoken, so a
    business user's change is heard at once; one outside its effective period says nothing."""
    out: list[PromptOut] = []
    for item in items:
        if item.kind == "announcement":
            found = announce(item.ref, language)
            if found is not None and (found.text or found.audio):
                out.append(PromptOut(text=found.text, audio=found.audio,
                                     announcement_version=found.version))
            continue
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
