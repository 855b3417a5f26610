"""encodeURIComponent and decodeURIComponent, strict about malformed input like ECMAScript.

Python's ``urllib.parse.unquote`` silently replaces bad bytes with U+FFFD; ECMAScript
throws URIError, so decoding is done here by hand on top of the strict UTF-8 codec.
"""

from __future__ import annotations

import re
import urllib.parse
from typing import Any

from .budget import PER_ITEM, charge
from .conversions import to_js_string
from .errors import ExpressionRuntimeError
from .global_functions import combine_surrogates
from .natives import arg, register
from .strings import check_length

URI_FUNCTIONS: dict[str, Any] = {}

_COMPONENT_SAFE = "-_.!~*'()"
_PERCENT_RUN = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _malformed() -> ExpressionRuntimeError:
    return ExpressionRuntimeError("URIError", "URI malformed")


@register(URI_FUNCTIONS, "encodeURIComponent")
def _encode_uri_component(this: Any, args: tuple[Any, ...], ctx: Any) -> str:
    text = to_js_string(arg(args, 0))
    charge(len(text) * PER_ITEM)
    text = combine_surrogates(text)
    try:
        result = urllib.parse.quote(text, safe=_COMPONENT_SAFE, errors="strict")
    except UnicodeEncodeError:
        raise _malformed() from None
    check_length(len(result))
    return result


def _decode_run(match: re.Match[str]) -> str:
    run = match.group()
    data = bytes(int(run[index + 1 : index + 3], 16) for index in range(0, len(run), 3))
    try:
        return data.decode("utf-8", "strict")
    except UnicodeDecodeError:
        raise _malformed() from None


@register(URI_FUNCTIONS, "decodeURIComponent")
def _decode_uri_component(this: Any, args: tuple[Any, ...], ctx: Any) -> str:
    text = to_js_string(arg(args, 0))
    if "%" not in text:
        return text
    charge(len(text) * PER_ITEM)
    if _STRAY_PERCENT.search(text):
        raise _malformed()
    return _PERCENT_RUN.sub(_decode_run, text)
