"""Bot turns on a call: the `bot` block's `BotTurn` effects, with the caller's voice for Lex.

A flow source gives each call's flow a bot connector (`CallFlow.bots`: anything with
`turn(effect) -> BotResponse`, normally a `runtime.bots.RegistryBotConnector`). A turn the
caller spoke carries the recorded utterance along: when the turn's bot is a Lex bot, the
audio goes to Lex (`RecognizeUtterance`, which transcribes it with Lex's own speech
recognition) instead of the worker's pocketsphinx transcript; every other provider, and every
keyed or typed turn, gets the text. Lex takes the phone audio as it is recorded (8 kHz 16-bit
little-endian PCM, `audio/lpcm`), or upsampled to 16 kHz L16 when the settings ask for it.

Definitions for the file source come from a bots file (`--bots FILE`): JSON or YAML, a list of
Bot Registry entries (`{"bots": [...]}`, a bare list, or a mapping of name to entry), checked
with the runtime's own loader; a native bot's `native` may name a YAML/JSON file, relative to
the bots file.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from marshmallow import ValidationError

from interpreter.engine.effects import BotTurn
from interpreter.engine.events import BotResponse
from runtime.bots.connector import BotDispatcher
from runtime.bots.definition import BotDefinition, load_definition
from runtime.bots.redaction import redact_response, secrets_of
from runtime.bots.registry import RegistryBotConnector, StaticDefinitions
from runtime.effects.connectors import BotConnector
from runtime.safe_yaml import load_yaml
from runtime.voice.speech import Utterance, upsample

log = logging.getLogger(__name__)
LEX_LPCM_8K = ("audio/lpcm; sample-rate=8000; sample-size-bits=16; channel-count=1; "
               "is-big-endian=false")
LEX_L16_16K = "audio/l16; rate=16000; channels=1"
AUDIO_RATES = (8000, 16000)


@dataclass(frozen=True, slots=True)
class BotAnswer:
    """A turn's answer and how the caller's turn was sent: `audio`, `text` (or `none`)."""

    response: BotResponse
    sent: str


def lex_audio(utterance: Utterance, rate: int = 8000) -> tuple[bytes, str]:
    """The utterance's samples and the content type Lex reads them as, at `rate` Hz."""
    if rate not in AUDIO_RATES:
        raise ValueError(f"Lex takes phone audio at 8000 or 16000 Hz, not {rate}")
    if utterance.rate == rate:
        return utterance.pcm, LEX_LPCM_8K if rate == 8000 else LEX_L16_16K
    if utterance.rate == 8000 and rate == 16000:
        return upsample(utterance.pcm), LEX_L16_16K
    raise ValueError(f"cannot send {utterance.rate} Hz audio to Lex at {rate} Hz")


class VoiceBots:
    """Answers a call's `BotTurn`s through the flow's connector; never raises."""

    def __init__(self, connector: BotConnector, *, audio_rate: int = 8000):
        self.connector = connector
        self.audio_rate = audio_rate

    def turn(self, effect: BotTurn, utterance: Utterance | None = None) -> BotAnswer:
        if utterance is not None and utterance.pcm and effect.dtmf is None:
            answer = self._audio_turn(effect, utterance)
            if answer is not None:
                return answer
        sent = "text" if (effect.text or effect.dtmf) else "none"
        try:
            return BotAnswer(self.connector.turn(effect), sent)
        except Exception as exc:  # a connector should not raise; the flow must still go on
            log.warning("voice: bot '%s' failed: %s", effect.bot, type(exc).__name__)
            return BotAnswer(BotResponse(state="failed", error=f"the bot connector failed "
                                                                f"({type(exc).__name__})"), sent)

    def _audio_turn(self, effect: BotTurn, utterance: Utterance) -> BotAnswer | None:
        """Send the utterance itself when the turn's bot is a Lex bot; None otherwise (the
        text turn then goes through the connector, which also reports registry problems)."""
        source = getattr(self.connector, "source", None)
        dispatcher = getattr(self.connector, "dispatcher", None)
        if source is None or not isinstance(dispatcher, BotDispatcher):
            return None
        try:
            definition = source.definition(effect.bot)
        except Exception:  # the text turn reports it
            return None
        if not isinstance(definition, BotDefinition) or definition.provider != "lex":
            return None
        try:
            provider = dispatcher.connector("lex")
            turn_audio = getattr(provider, "turn_audio", None)
            if not callable(turn_audio):
                return None
            audio, content_type = lex_audio(utterance, self.audio_rate)
            response = turn_audio(effect, definition, audio, content_type)
        except Exception as exc:
            log.warning("voice: bot '%s' (lex) failed on audio: %s", definition.name,
                        type(exc).__name__)
            response = BotResponse(state="failed", error=f"bot '{definition.name}' failed "
                                                         f"unexpectedly ({type(exc).__name__})")
        return BotAnswer(redact_response(response, secrets_of(definition)), "audio")


# -- bots files ---------------------------------------------------------------------------------


class BotsFileError(ValueError):
    """A bots file that cannot be used; the message names the file and the entry."""


def read_bot_definitions(path: str | Path) -> dict[str, BotDefinition]:
    """The Bot Registry entries of a JSON or YAML file, by name."""
    path = Path(path)
    try:
        document = _read_document(path)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise BotsFileError(f"{path}: {exc}") from None
    if isinstance(document, Mapping) and "bots" in document:
        document = document["bots"]
    if isinstance(document, Mapping):
        entries = [{"name": name, **entry} if isinstance(entry, Mapping) else entry
                   for name, entry in document.items()]
    elif isinstance(document, list):
        entries = document
    else:
        raise BotsFileError(f"{path}: a bots file holds a list of Bot Registry entries")
    definitions: dict[str, BotDefinition] = {}
    for position, entry in enumerate(entries, 1):
        if not isinstance(entry, Mapping):
            raise BotsFileError(f"{path}: entry {position} is not a mapping")
        entry = dict(entry)
        name = str(entry.get("name") or f"#{position}")
        if isinstance(entry.get("native"), str):
            native = path.parent / str(entry["native"])
            try:
                entry["native"] = _read_document(native)
            except (OSError, ValueError, yaml.YAMLError) as exc:
                raise BotsFileError(f"{path}: bot '{name}': {native}: {exc}") from None
        try:
            definition = load_definition(entry)
        except ValidationError as exc:
            raise BotsFileError(f"{path}: bot '{name}': {_first_problem(exc.messages)}") from None
        if definition.name in definitions:
            raise BotsFileError(f"{path}: bot '{definition.name}' is defined twice")
        definitions[definition.name] = definition
    return definitions


def file_bot_connector(path: str | Path, *, warm: bool = True) -> RegistryBotConnector:
    """One connector for every bot of a bots file. With `warm`, the Lex clients are built now,
    while the worker starts: importing boto3 and building a client takes 0.3 s (seconds on a
    busy machine), and doing it during calls, in a job thread, competes with them for the GIL
    (pjmedia's clock thread needs it at every prompt's end), which shows as gaps in their
    audio."""
    definitions = read_bot_definitions(path)
    dispatcher = BotDispatcher(definitions)
    lex = [definition for definition in definitions.values() if definition.provider == "lex"]
    if warm and lex:
        _warm_lex(dispatcher, lex)
    return RegistryBotConnector(StaticDefinitions(definitions), dispatcher=dispatcher)


def _warm_lex(dispatcher: BotDispatcher, definitions: list[BotDefinition]) -> None:
    try:
        connector = dispatcher.connector("lex")
        client = getattr(connector, "client", None)
        for definition in definitions:
            if callable(client):
                client(definition)
    except Exception as exc:  # the first turn reports the problem to the flow
        log.warning("voice: Lex clients could not be prepared: %s", type(exc).__name__)


def _read_document(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".json":
        return json.loads(text)
    return load_yaml(text)


def _first_problem(messages: Any) -> str:
    if isinstance(messages, Mapping):
        for field_name, problem in messages.items():
            detail = _first_problem(problem)
            return detail if field_name == "_schema" else f"{field_name}: {detail}"
    if isinstance(messages, list) and messages:
        return _first_problem(messages[0])
    return str(messages)
