"""What a caller (or the outside world) sees of a flow, as the ordered list a case expects from.

The engine's effects become outputs: a `Say` is a `say` (and on chat also a `message`), a
`Collect` is a `prompt` followed, for a menu, by `menu` (and on chat `buttons`), and so on.
One output may answer to several names, so `say` and `message` consume the same chat message.
Effects a case cannot expect (milestones, language changes) are not outputs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from interpreter.engine.effects import (
    BotTurn,
    Callback,
    Collect,
    Effect,
    End,
    ErrorRaised,
    HttpRequest,
    PromptOut,
    Record,
    Route,
    Say,
    Transfer,
)
from runtime.flowtests.values import show


@dataclass(frozen=True)
class Output:
    kinds: tuple[str, ...]
    """The expect kinds this output answers to; the first is its name in reports."""
    block: str
    data: dict[str, Any]

    @property
    def kind(self) -> str:
        return self.kinds[0]

    def describe(self, kind: str | None = None) -> str:
        """One line for reports, as the given kind (its own name by default)."""
        return describe_output(kind or self.kind, self.data)


def outputs_from_effects(effects: Iterable[Effect], channel: str) -> list[Output]:
    found: list[Output] = []
    for effect in effects:
        found.extend(_outputs(effect, channel))
    return found


def _outputs(effect: Effect, channel: str) -> list[Output]:
    chat = channel == "chat"
    if isinstance(effect, Say):
        kinds = ("say", "message") if chat else ("say",)
        return [Output(kinds, effect.block, _prompt_data(effect.prompts))]
    if isinstance(effect, Collect):
        found = []
        if effect.prompts:
            found.append(Output(("prompt",), effect.block, _prompt_data(effect.prompts)))
        if effect.mode == "menu":
            found.append(Output(("menu", "buttons") if chat else ("menu",), effect.block, {
                "options": [option.key for option in effect.options],
                "labels": [option.label for option in effect.options]}))
        return found
    if isinstance(effect, Record):
        return [Output(("record",), effect.block, {
            **_prompt_data(effect.prompts), "beep": effect.beep,
            "max_seconds": effect.max_seconds})]
    if isinstance(effect, HttpRequest):
        return [Output(("http",), effect.block, {
            "method": effect.method, "url": effect.url, "body": effect.body,
            "headers": dict(effect.headers)})]
    if isinstance(effect, BotTurn):
        return [Output(("bot",), effect.block, {"bot": effect.bot, "text": effect.text})]
    if isinstance(effect, Route):
        return [Output(("route",), effect.block, {
            "type": effect.target_type, "value": effect.target, "skills": list(effect.skills),
            "priority": effect.priority, "data": dict(effect.data)})]
    if isinstance(effect, Transfer):
        return [Output(("transfer",), effect.block, {
            "destination": effect.destination, "mode": effect.mode,
            "data": dict(effect.data)})]
    if isinstance(effect, Callback):
        return [Output(("callback",), effect.block, {
            "mode": effect.mode, "number": effect.number, "when": effect.when,
            "queue": effect.queue})]
    if isinstance(effect, ErrorRaised):
        return [Output(("error",), effect.block, {
            "type": effect.type, "message": effect.message, "block": effect.block,
            "handled": effect.handled})]
    if isinstance(effect, End):
        return [Output(("end",), effect.block, {"reason": effect.reason})]
    return []


def _prompt_data(prompts: tuple[PromptOut, ...]) -> dict[str, Any]:
    return {"text": " ".join(p.text for p in prompts if p.text),
            "audio": [p.audio for p in prompts if p.audio]}


def describe_output(kind: str, data: dict[str, Any]) -> str:
    """How an output reads in a failure message: `say "Welcome to Acme."`."""
    if kind in ("say", "message", "prompt"):
        audio = "".join(f" [audio {item}]" for item in data.get("audio", ()))
        return f"{kind} {quote(data['text'])}{audio}"
    if kind == "menu":
        return f"menu options {', '.join(data['options'])}"
    if kind == "buttons":
        return f"buttons {', '.join(quote(label) for label in data['labels'])}"
    if kind == "record":
        prompt = f" after {quote(data['text'])}" if data.get("text") else ""
        return f"record (up to {data['max_seconds']} s{', beep' if data['beep'] else ''}){prompt}"
    if kind == "http":
        body = f" body {data['body']}" if data.get("body") else ""
        return f"http {data['method']} {data['url']}{body}"
    if kind == "bot":
        text = quote(data["text"]) if data.get("text") is not None else "(opening turn)"
        return f"bot {data['bot']}: {text}"
    if kind == "route":
        extra = f" skills {', '.join(data['skills'])}" if data.get("skills") else ""
        extra += f" priority {data['priority']}" if data.get("priority") else ""
        return f"route {data['type']} {quote(data['value'])}{extra}{_attached(data)}"
    if kind == "transfer":
        return f"transfer {quote(data['destination'])} ({data['mode']}){_attached(data)}"
    if kind == "callback":
        when = f" at {data['when']}" if data.get("when") else ""
        return f"callback {data['mode']} to {quote(data['number'])}{when}"
    if kind == "error":
        handled = "handled" if data.get("handled") else "not handled"
        return f"error {data['type']}: {data['message']} ({handled})"
    if kind == "end":
        return f"end (reason: {data['reason']})"
    return f"{kind} {json.dumps(data, default=str)}"


def _attached(data: dict[str, Any]) -> str:
    return f" data {show(data['data'])}" if data.get("data") else ""


def quote(text: Any) -> str:
    return json.dumps(text, ensure_ascii=False) if isinstance(text, str) else str(text)
