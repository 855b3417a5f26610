"""Amazon Lex V2 responses, read into the engine's `BotResponse`.

Lex says where a conversation stands with two fields: the dialog action (what it does next)
and the intent state. The `bot` block only needs four outcomes, so they fold as follows:
FallbackIntent -> fallback; intent Failed -> failed; Fulfilled or ReadyForFulfillment ->
fulfilled; a Close with no intent -> fallback; anything still eliciting (ElicitSlot,
ElicitIntent, ConfirmIntent, Delegate, InProgress) -> in_progress.
"""

from __future__ import annotations

import base64
import gzip
import json
import re
from collections.abc import Mapping
from typing import Any

from interpreter.engine.events import BotResponse

FALLBACK_INTENT = "FallbackIntent"
_TAG = re.compile(r"<[^>]+>")
UTTERANCE_HEADERS = ("messages", "interpretations", "sessionState", "requestAttributes")


def decode_header(value: str | None) -> Any:
    """A `x-amz-lex-*` header of RecognizeUtterance: base64 of gzip of JSON (boto3 leaves it)."""
    if not value:
        return None
    return json.loads(gzip.decompress(base64.b64decode(value)))


def encode_header(value: Any) -> str:
    """The same encoding, for the session state a RecognizeUtterance request carries."""
    return base64.b64encode(gzip.compress(json.dumps(value).encode())).decode("ascii")


def prune_to_shape(value: Any, shape: Any) -> Any:
    """`value` with only what botocore's input `shape` accepts, and no nulls.

    Lex returns empty slots as null and may add response-only fields; boto3 refuses both when
    the session state is sent back, so it is cut down to the request model first.
    """
    kind = shape.type_name
    if kind == "structure" and isinstance(value, Mapping):
        return {key: prune_to_shape(item, shape.members[key]) for key, item in value.items()
                if key in shape.members and item is not None}
    if kind == "map" and isinstance(value, Mapping):
        return {key: prune_to_shape(item, shape.value) for key, item in value.items()
                if item is not None}
    if kind == "list" and isinstance(value, list):
        return [prune_to_shape(item, shape.member) for item in value if item is not None]
    return value


def dialog_state(session_state: Mapping[str, Any]) -> str:
    intent = session_state.get("intent") or {}
    action = (session_state.get("dialogAction") or {}).get("type")
    name = intent.get("name")
    if name == FALLBACK_INTENT:
        return "fallback"
    if intent.get("state") == "Failed":
        return "failed"
    if intent.get("state") in ("Fulfilled", "ReadyForFulfillment"):
        return "fulfilled"
    if action == "Close":
        return "fulfilled" if name else "fallback"
    return "in_progress"


def slot_values(slots: Mapping[str, Any] | None) -> dict[str, Any]:
    """`{slot: interpretedValue}`; a multi-value slot gives a list; an empty slot gives None."""
    values: dict[str, Any] = {}
    for name, slot in (slots or {}).items():
        values[name] = _slot_value(slot)
    return values


def _slot_value(slot: Mapping[str, Any] | None) -> Any:
    if not slot:
        return None
    if slot.get("values"):
        return [_slot_value(item) for item in slot["values"]]
    value = slot.get("value") or {}
    return value.get("interpretedValue", value.get("originalValue"))


def message_texts(messages: list[Mapping[str, Any]] | None) -> tuple[str, ...]:
    """Plain text to speak or send: SSML loses its tags, a card gives its title."""
    texts: list[str] = []
    for message in messages or ():
        kind = message.get("contentType")
        if kind == "PlainText" and message.get("content"):
            texts.append(str(message["content"]))
        elif kind == "SSML" and message.get("content"):
            texts.append(" ".join(_TAG.sub(" ", str(message["content"])).split()))
        elif kind == "ImageResponseCard":
            card = message.get("imageResponseCard") or {}
            if card.get("title"):
                texts.append(str(card["title"]))
    return tuple(texts)


def confidence(interpretations: list[Mapping[str, Any]] | None, intent: str | None) -> float | None:
    """The NLU score of the interpretation Lex acted on (the chosen intent's, else the top one)."""
    scored = [item for item in interpretations or () if item.get("nluConfidence")]
    chosen = next((item for item in scored if (item.get("intent") or {}).get("name") == intent),
                  scored[0] if scored else None)
    if chosen is None:
        return None
    return float(chosen["nluConfidence"].get("score", 0.0))


def lex_response(result: Mapping[str, Any]) -> BotResponse:
    """A RecognizeText result (or a decoded RecognizeUtterance one) as a `BotResponse`.

    `raw` keeps Lex's own fields, and `raw["context"]` the session state to send back.
    """
    session_state = dict(result.get("sessionState") or {})
    intent = session_state.get("intent") or {}
    name = intent.get("name")
    raw = {key: value for key, value in result.items() if key != "ResponseMetadata"}
    raw["provider"] = "lex"
    raw["context"] = {"sessionState": session_state}
    return BotResponse(
        state=dialog_state(session_state),
        intent=name,
        slots=slot_values(intent.get("slots")),
        confidence=confidence(result.get("interpretations"), name),
        messages=message_texts(result.get("messages")),
        raw=raw,
    )
