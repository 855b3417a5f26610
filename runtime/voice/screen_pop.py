"""The screen pop a queued call carries to the agent's phone: SIP headers on the INVITE the
worker sends to the agent, read by the agent desk's softphone (and shown by SIP phones that
display headers).

- `X-Interaction-Id`: the queue interaction;
- `X-Interaction-Queue`: the queue's name;
- `X-Interaction-Caller`: the caller's number (the INVITE's From is the worker's own address);
- `X-Interaction-Data`: the route's attached data, a JSON object, URL-encoded so that any text
  fits in a header;
- `X-Interaction-Path`: the blocks the call went through, joined by ` > `.

Each header stays within `MAX_POP_CHARS`: data fields that would not fit are left out (the
first ones are kept), the oldest path steps likewise, and at most `MAX_POP_FIELDS` fields and
`MAX_POP_STEPS` steps are sent, the bounds the desk applies when it reads them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

MAX_POP_CHARS = 4096
MAX_POP_FIELDS = 50
MAX_POP_STEPS = 50
PATH_SEPARATOR = " > "


def encoded_data(data: Mapping[str, Any]) -> str:
    """The attached data as URL-encoded JSON, the first fields that fit in `MAX_POP_CHARS`."""
    kept: dict[str, Any] = {}
    for key, value in list(data.items())[:MAX_POP_FIELDS]:
        trial = {**kept, str(key): value}
        if len(_encode(trial)) > MAX_POP_CHARS:
            continue
        kept = trial
    return _encode(kept)


def joined_path(path: Sequence[str]) -> str:
    """The last steps of the path that fit in `MAX_POP_CHARS`, oldest first."""
    steps: list[str] = []
    length = 0
    for step in reversed(list(path)[-MAX_POP_STEPS:]):
        clean = _plain(step).replace(">", " ")
        added = len(clean) + (len(PATH_SEPARATOR) if steps else 0)
        if length + added > MAX_POP_CHARS:
            break
        steps.append(clean)
        length += added
    return PATH_SEPARATOR.join(reversed(steps))


def screen_pop_headers(interaction: int, queue: str, data: Mapping[str, Any],
                       path: Sequence[str], caller: str = "") -> dict[str, str]:
    headers = {"X-Interaction-Id": str(interaction),
               "X-Interaction-Queue": _plain(queue)[:MAX_POP_CHARS],
               "X-Interaction-Data": encoded_data(data)}
    if _plain(caller):
        headers["X-Interaction-Caller"] = _plain(caller)[:MAX_POP_CHARS]
    steps = joined_path(path)
    if steps:
        headers["X-Interaction-Path"] = steps
    return headers


def _encode(data: Mapping[str, Any]) -> str:
    return quote(json.dumps(data, ensure_ascii=False, default=str, separators=(",", ":")),
                 safe="")


def _plain(text: str) -> str:
    """One header line of printable characters."""
    return "".join(char if char.isprintable() else " " for char in str(text)).strip()
