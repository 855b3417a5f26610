"""Reading an incoming INVITE, and writing attached data as SIP headers.

pjsua2 hands the worker the whole INVITE as text; the flow needs the caller (From user), the
dialled number (Request-URI user, else To user), the Call-ID and the headers
(`system.SIPHeaders`). Going the other way, a `route` or `transfer` carries the interaction's
attached data (`set_data`) to the agent side as `X-` headers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

MAX_HEADERS = 100
MAX_HEADER_VALUE = 512
COMPACT = {"f": "From", "t": "To", "i": "Call-ID", "m": "Contact", "v": "Via", "c": "Content-Type",
           "l": "Content-Length"}
_USER = re.compile(r"^\s*(?:\"[^\"]*\"\s*|[^<\"]*)?<?\s*(?:sips?|tel):([^@;>?]+)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class InviteInfo:
    call_id: str
    ani: str
    dnis: str
    request_uri: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    received_at: float | None = None
    """When the worker got the INVITE (wall clock): the call's start in its record, before
    the flow look-up and the answer."""


def user_part(value: str) -> str:
    """'"Bob" <sip:+1555@host>;tag=x' → '+1555'."""
    match = _USER.match(value)
    return match.group(1).strip() if match else ""


def parse_invite(message: str, received_at: float | None = None) -> InviteInfo:
    head = message.split("\r\n\r\n", 1)[0].split("\n\n", 1)[0]
    lines = head.replace("\r\n", "\n").split("\n")
    request_uri = lines[0].split(" ")[1] if lines and len(lines[0].split(" ")) >= 3 else ""
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if ":" not in line or len(headers) >= MAX_HEADERS:
            continue
        name, _, value = line.partition(":")
        name = COMPACT.get(name.strip().lower(), name.strip())
        value = value.strip()[:MAX_HEADER_VALUE]
        if name in headers:
            headers[name] = f"{headers[name]}, {value}"
        else:
            headers[name] = value
    dnis = user_part(request_uri) or user_part(headers.get("To", ""))
    return InviteInfo(call_id=headers.get("Call-ID", ""), ani=user_part(headers.get("From", "")),
                      dnis=dnis, request_uri=request_uri, headers=headers,
                      received_at=received_at)


def header_name(key: str) -> str:
    """'customer_id' → 'X-Customer-Id'."""
    words = [word for word in re.split(r"[^A-Za-z0-9]+", key) if word]
    return "X-" + "-".join(word[:1].upper() + word[1:] for word in words)


def header_value(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return re.sub(r"[\x00-\x1f\x7f]", " ", text)[:MAX_HEADER_VALUE]


def data_headers(data: Mapping[str, Any], extra: Mapping[str, Any] | None = None
                 ) -> dict[str, str]:
    """Attached data as `X-` headers (keys title-cased, values JSON unless text)."""
    headers: dict[str, str] = {}
    for key, value in {**(extra or {}), **data}.items():
        name = header_name(str(key))
        if name != "X-" and value is not None:
            headers[name] = header_value(value)
    return headers
