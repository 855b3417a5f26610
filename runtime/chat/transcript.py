"""How engine effects and visitor actions become transcript messages, with secrets masked.

The transcript is what the widget shows, what a reconnecting client replays and what agents
read, so it holds text and buttons, never engine internals; and it is kept for months, so the
values of `secure` variables never reach it: the visitor's answer to a secure input is stored
masked, and any secure value a flow message would repeat is masked too — also a value computed
from one (a prompt part the engine flagged `secure`, a secure-derived variable's value).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Any

from interpreter.compiler import CompiledFlow
from interpreter.engine.effects import Collect, PromptOut, Route, Say
from interpreter.engine.state import decode_scope
from interpreter.expressions import UNDEFINED, to_js_string
from runtime.secure_output import derived_secrets, masked_prompt_text
from runtime.sessions.records import FLOW, SYSTEM, VISITOR, Message, Timer

MASK = "••••"
MIN_MASKED_LENGTH = 3


def say_message(effect: Say, now: float) -> Message:
    return Message(FLOW, "text", masked_prompt_text(effect.prompts, MASK), now,
                   _prompt_data(effect.block, effect.prompts))


def prompt_message(effect: Collect, now: float) -> Message | None:
    """The question a `Collect` asks, with buttons for menu options (None if it shows nothing)."""
    data = _prompt_data(effect.block, effect.prompts)
    data.update(mode=effect.mode, attempt=effect.attempt)
    if effect.reprompt:
        data["reprompt"] = effect.reprompt
    if effect.options:
        data["buttons"] = [{"key": option.key, "label": option.label}
                           for option in effect.options]
    if effect.mode == "input":
        data["input"] = {"grammar": effect.grammar, "secure": effect.secure,
                         "max_length": effect.max_length}
    if not effect.text and "buttons" not in data and "audio" not in data:
        return None
    return Message(FLOW, "prompt", masked_prompt_text(effect.prompts, MASK), now, data)


def visitor_wait(effect: Collect, now: float) -> tuple[dict[str, Any], Timer | None]:
    """The waiting marker and no-input timer of a `Collect` (no timer when timeout_ms is 0)."""
    waiting: dict[str, Any] = {
        "for": "visitor", "block": effect.block, "mode": effect.mode,
        "timeout_ms": effect.timeout_ms, "secure": effect.secure, "since": now,
        "options": [{"key": option.key, "label": option.label} for option in effect.options],
    }
    timer = Timer(now + effect.timeout_ms / 1000.0, "noinput", effect.block) \
        if effect.timeout_ms > 0 else None
    return waiting, timer


def agent_wait(effect: Route, now: float) -> tuple[dict[str, Any], Timer]:
    """The waiting marker of a queued session (what the agent desk routes on) and its timer."""
    waiting = {"for": "agent", "block": effect.block, "target_type": effect.target_type,
               "target": effect.target, "skills": list(effect.skills),
               "priority": effect.priority, "timeout_ms": effect.timeout_ms,
               "data": dict(effect.data), "since": now}
    return waiting, Timer(now + effect.timeout_ms / 1000.0, "route", effect.block)


def typing_message(now: float) -> Message:
    return Message(FLOW, "typing", "", now)


def note(text: str, now: float, event: str, **data: Any) -> Message:
    return Message(SYSTEM, "note", text, now, {"event": event, **data})


def visitor_message(text: str, now: float, *, secure: bool, client_message_id: str | None,
                    choice: Mapping[str, str] | None = None) -> Message:
    data: dict[str, Any] = {"masked": True} if secure else {}
    if choice is not None:
        data["key"] = choice["key"]
        return Message(VISITOR, "choice", MASK if secure else choice["label"], now, data,
                       client_message_id=client_message_id)
    return Message(VISITOR, "text", MASK if secure else text, now, data,
                   client_message_id=client_message_id)


def _prompt_data(block: str, prompts: tuple[PromptOut, ...]) -> dict[str, Any]:
    data: dict[str, Any] = {"block": block}
    audio = [prompt.audio for prompt in prompts if prompt.audio]
    if audio:
        data["audio"] = audio
    if any(prompt.secure for prompt in prompts):
        data["masked"] = True
    return data


class SecretMask:
    """Masks the current values of secure variables (of the flow and its modules) in text."""

    def __init__(self, flow: CompiledFlow, states: Iterable[Mapping[str, Any]],
                 modules: Callable[[str], CompiledFlow] | None = None):
        secrets: set[str] = set()
        for state in states:
            scopes = [(state.get("flow"), state.get("vars", {}))]
            scopes += [(frame.get("flow"), frame.get("vars", {}))
                       for frame in state.get("stack", [])]
            for ref, encoded in scopes:
                names = _secure_names(flow, ref, modules)
                if names:
                    secrets.update(text for name, value in _decoded(encoded).items()
                                   if name in names for text in _texts(value))
            secrets.update(derived_secrets([state]))
        self.secrets = sorted((s for s in secrets if len(s) >= MIN_MASKED_LENGTH),
                              key=len, reverse=True)

    def apply(self, messages: list[Message]) -> list[Message]:
        if not self.secrets:
            return messages
        return [replace(message, text=self.text(message.text)) for message in messages]

    def text(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        return text


def _secure_names(root: CompiledFlow, ref: Any,
                  modules: Callable[[str], CompiledFlow] | None) -> frozenset[str]:
    if not isinstance(ref, Mapping) or ref.get("id") == root.id:
        return root.flow.secure_variables
    if modules is None:
        return frozenset()
    try:
        return modules(f"{ref.get('id')}@{ref.get('version')}").flow.secure_variables
    except LookupError:
        return frozenset()


def _decoded(encoded: Any) -> dict[str, Any]:
    try:
        return decode_scope(encoded)
    except ValueError:
        return {}


def _texts(value: Any) -> list[str]:
    if value is None or value is UNDEFINED or isinstance(value, bool):
        return []
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    try:
        return [to_js_string(value)]
    except (TypeError, ValueError):
        return []
