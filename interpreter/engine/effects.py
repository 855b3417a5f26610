"""What the engine asks its host to do: the effects of one step.

Effects are plain, immutable records with a `kind`; `to_json()` gives the form hosts log, send
to browsers and compare in flow tests. The same effects serve voice and chat: a host renders a
`Say` as speech or as a chat message, a `Collect` as a DTMF/speech prompt or as buttons.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, ClassVar


@dataclass(frozen=True, slots=True)
class PromptOut:
    """A rendered prompt: text to speak or send, or an audio item (with its text, if known)."""

    text: str | None = None
    audio: str | None = None
    secure: bool = False
    """The text was computed from a secure value: recorders mask it (see `taint`)."""
    masked: tuple[str | None, ...] = ()
    """For a secure template: its text pieces with None for each hole that read a secret
    (empty: mask the whole text)."""
    announcement_version: int = field(default=0, compare=False)
    """For a prompt an announcement made: its version (bumped on every save), so players that
    cache synthesised speech fetch a re-saved announcement anew; 0 for other prompts. Not part
    of `to_json`: transcripts and chat messages show what was said, not how it was cached."""

    def to_json(self) -> dict[str, Any]:
        result: dict[str, Any] = {key: value for key, value in
                                  (("text", self.text), ("audio", self.audio)) if value is not None}
        if self.secure:
            result["secure"] = True
            if self.masked:
                result["masked"] = list(self.masked)
        return result


@dataclass(frozen=True, slots=True)
class MenuOption:
    key: str
    label: str
    utterances: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "utterances": list(self.utterances)}


class Effect:
    kind: ClassVar[str]
    block: str
    quiet_when_empty: ClassVar[frozenset[str]] = frozenset()
    """Fields `to_json` leaves out while they are empty (the secure marks of routing effects)."""

    def to_json(self) -> dict[str, Any]:
        result: dict[str, Any] = {"kind": self.kind}
        quiet = self.quiet_when_empty
        for item in fields(self):  # type: ignore[arg-type]
            value = getattr(self, item.name)
            if value or item.name not in quiet:
                result[item.name] = _json(value)
        return result


SECURE_MARKS = frozenset({"secure_parts", "masked"})
DATA_PART = "data."
"""A secure part `data.<key>`: the attached-data value under `key` was set from a secret."""


def secure_data_parts(data: dict[str, Any], secure_keys: set[str] | frozenset[str]
                      ) -> tuple[str, ...]:
    """The `secure_parts` naming the attached-data keys set from a secret (see `taint`)."""
    return tuple(f"{DATA_PART}{key}" for key in data if key in secure_keys)


def _json(value: Any) -> Any:
    if hasattr(value, "to_json"):
        return value.to_json()
    if isinstance(value, tuple | list):
        return [_json(item) for item in value]
    if isinstance(value, dict):
        return {key: _json(item) for key, item in value.items()}
    return value


_NO_SPACE_BEFORE = frozenset(".,;:!?)]}%")


def prompt_text(prompts: tuple[PromptOut, ...]) -> str:
    """The text of rendered prompts joined as it would be spoken or sent.

    Parts are joined with one space, except before punctuation, so "Your balance is" +
    "$2.00" + "." reads "Your balance is $2.00."
    """
    text = ""
    for prompt in prompts:
        part = (prompt.text or "").strip()
        if not part:
            continue
        if text and part[0] not in _NO_SPACE_BEFORE:
            text += " "
        text += part
    return text


@dataclass(frozen=True, slots=True)
class Say(Effect):
    kind: ClassVar[str] = "say"
    block: str
    prompts: tuple[PromptOut, ...]
    bargein: bool = True
    language: str = "en-US"

    @property
    def text(self) -> str:
        return prompt_text(self.prompts)

    @property
    def secure(self) -> bool:
        """Some of the text was computed from a secure value."""
        return any(prompt.secure for prompt in self.prompts)


@dataclass(frozen=True, slots=True)
class Collect(Effect):
    """Ask the caller for input: a menu choice or a value; the host answers with an `Input`."""

    kind: ClassVar[str] = "collect"
    block: str
    mode: str
    prompts: tuple[PromptOut, ...]
    options: tuple[MenuOption, ...] = ()
    grammar: Any = None
    min_length: int | None = None
    max_length: int | None = None
    terminator: str | None = None
    timeout_ms: int = 5000
    interdigit_timeout_ms: int = 3000
    bargein: bool = True
    attempt: int = 1
    reprompt: str | None = None
    secure: bool = False
    language: str = "en-US"
    speech: bool = False

    @property
    def text(self) -> str:
        return prompt_text(self.prompts)

    @property
    def prompt_secure(self) -> bool:
        """Some of the question was computed from a secure value (`secure` is the answer's)."""
        return any(prompt.secure for prompt in self.prompts)


@dataclass(frozen=True, slots=True)
class Record(Effect):
    kind: ClassVar[str] = "record"
    block: str
    prompts: tuple[PromptOut, ...]
    beep: bool = True
    max_seconds: int = 60
    final_silence_ms: int = 3000
    dtmf_terminates: bool = True
    language: str = "en-US"


@dataclass(frozen=True, slots=True)
class HttpRequest(Effect):
    kind: ClassVar[str] = "http"
    block: str
    method: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None
    timeout_ms: int = 5000
    secure_parts: tuple[str, ...] = ()
    """Which of `url`, `headers`, `body` were computed from a secure value (masked in records)."""
    masked: dict[str, tuple[str | None, ...]] = field(default_factory=dict)
    """For a secure `url` or `body`: its pieces with None for each hole that read a secret."""


@dataclass(frozen=True, slots=True)
class BotTurn(Effect):
    """Send one caller turn to a bot (text is None on the first turn: the bot opens)."""

    kind: ClassVar[str] = "bot"
    block: str
    bot: str
    text: str | None
    turn: int
    session_key: str
    language: str = "en-US"
    dtmf: str | None = None
    context: dict[str, Any] | None = None
    """What the bot's connector asked to be handed back on the next turn (session state)."""
    timeout_ms: int | None = None


@dataclass(frozen=True, slots=True)
class Transfer(Effect):
    kind: ClassVar[str] = "transfer"
    quiet_when_empty: ClassVar[frozenset[str]] = SECURE_MARKS
    block: str
    destination: str
    mode: str = "blind"
    data: dict[str, Any] = field(default_factory=dict)
    secure_parts: tuple[str, ...] = ()
    """Which of `destination` and `data.<key>` were computed from a secure value (the
    transfer uses the real values; records mask them)."""
    masked: dict[str, tuple[str | None, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Route(Effect):
    kind: ClassVar[str] = "route"
    quiet_when_empty: ClassVar[frozenset[str]] = SECURE_MARKS
    block: str
    target_type: str
    target: str
    skills: tuple[str, ...] = ()
    priority: int = 0
    timeout_ms: int = 60000
    data: dict[str, Any] = field(default_factory=dict)
    secure_parts: tuple[str, ...] = ()
    """Which of `target`, `skills`, `priority` and `data.<key>` were computed from a secure
    value (the route uses the real values; records mask them)."""
    masked: dict[str, tuple[str | None, ...]] = field(default_factory=dict)
    """For a secure `target` template: its pieces with None for each hole that read a secret."""


@dataclass(frozen=True, slots=True)
class Callback(Effect):
    kind: ClassVar[str] = "callback"
    quiet_when_empty: ClassVar[frozenset[str]] = SECURE_MARKS
    block: str
    mode: str
    number: str
    when: str | None = None
    queue: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    secure_parts: tuple[str, ...] = ()
    """Which of `number`, `when` and `data.<key>` were computed from a secure value."""
    masked: dict[str, tuple[str | None, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Milestone(Effect):
    kind: ClassVar[str] = "milestone"
    block: str
    name: str


@dataclass(frozen=True, slots=True)
class LanguageChanged(Effect):
    kind: ClassVar[str] = "language"
    block: str
    language: str


@dataclass(frozen=True, slots=True)
class ErrorRaised(Effect):
    """An error in a block: taken through its `error` port (handled) or ending the flow."""

    kind: ClassVar[str] = "error"
    block: str
    type: str
    message: str
    handled: bool


@dataclass(frozen=True, slots=True)
class Disconnect(Effect):
    """The interaction with the caller is over (terminate); finalize may still run."""

    kind: ClassVar[str] = "disconnect"
    block: str
    reason: str


@dataclass(frozen=True, slots=True)
class End(Effect):
    """The session is over: every phase has run."""

    kind: ClassVar[str] = "end"
    block: str
    reason: str


@dataclass(slots=True)
class AnalyticsEvent:
    """An event for analytics and observers: block entered, port taken, milestone, ..."""

    seq: int
    kind: str
    block: str | None
    ts: float
    data: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        result: dict[str, Any] = {"seq": self.seq, "kind": self.kind, "block": self.block,
                                  "ts": self.ts}
        if self.data:
            result["data"] = self.data
        return result
