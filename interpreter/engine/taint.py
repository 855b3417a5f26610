"""Secure-derived values: a value computed from a secret is a secret too.

A variable declared `secure: true` holds a PIN or a card number, and recorders mask it. But a
flow can copy it (`Last4 = Card.slice(-4)`), reformat it (`PIN.slice(0,2) + '-' +
PIN.slice(2)`) or read it out digit by digit, and the copies must not leak where the original
is masked. So the engine tracks taint: compiled expressions and templates know the names they
read, and whatever is computed from a secure or already tainted variable is tainted:

- a variable assigned from such an expression (`assign`, module inputs and outputs) becomes
  secure for the rest of the session; the names are kept in the session state
  (`secure_derived`, per scope) so any host resumes with them;
- attached data set from such an expression is kept under `secure_data`;
- a rendered prompt part, a request and a bot turn built from such a value carry a `secure`
  flag, so every recorder masks them while the caller still hears or reads the real text;
- so do the parts of a route, transfer or callback computed from one (`secure_parts`: the
  target or destination, skills, priority, number, time, and each attached-data key set from
  a secret): the live route gets the real values, recorders the masked ones;
- an error a block raises while it evaluates expressions and one of them reads a secret
  (`block_reads_secret`) keeps its type but not its message: a message such as `Invalid
  regular expression: /(4|8|2|1/` or `Cannot read properties of null (reading '4821')` is
  computed from the secret in ways no masking of known values can find.

This module holds the rules that need no engine internals: which compiled items read a
secret, and masking known secret texts in free text (error messages).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from threading import Lock
from typing import Any

from interpreter.engine.errors import SessionStateError
from interpreter.expressions import UNDEFINED, to_js_string

MASK = "****"
MIN_SECRET_LENGTH = 2
"""Shorter secret texts are not masked in free text: masking every `1` hides nothing."""
MAX_CACHED_FLOWS = 32
"""How many compiled flows' per-block reads `block_reads` keeps (it is asked on errors only)."""


def reads_any(names: Iterable[str] | None, secret_names: frozenset[str] | set[str]) -> bool:
    """Whether a compiled item reading `names` reads one of `secret_names`."""
    return bool(names) and bool(secret_names) and not secret_names.isdisjoint(names or ())


def names_of(item: Any) -> frozenset[str]:
    """The root names a compiled expression or template reads (empty for anything else)."""
    names = getattr(item, "names", None)
    return names if isinstance(names, frozenset) else frozenset()


def block_reads(flow: Any) -> Mapping[str, frozenset[str]]:
    """The names each block of a compiled flow reads (its expressions and templates, and the
    library prompts it plays), computed once per flow from its `expression_reads`."""
    key = id(flow)
    cached = _BLOCK_READS.get(key)
    if cached is not None and cached[0] is flow:
        return cached[1]
    reads: dict[str, frozenset[str]] = {}
    for block_id, _path, names in flow.expression_reads:
        reads[block_id] = reads.get(block_id, frozenset()) | names
    for block in flow.blocks.values():
        for ref in _prompt_refs(block.props):
            library = reads.get(f"prompt:{ref}")
            if library:
                reads[block.id] = reads.get(block.id, frozenset()) | library
    with _CACHE_LOCK:
        if len(_BLOCK_READS) >= MAX_CACHED_FLOWS:
            _BLOCK_READS.clear()
        _BLOCK_READS[key] = (flow, reads)
    return reads


_BLOCK_READS: dict[int, tuple[Any, dict[str, frozenset[str]]]] = {}
_CACHE_LOCK = Lock()


def block_reads_secret(flow: Any, block_id: str, secret_names: frozenset[str] | set[str]) -> bool:
    """Whether a block of `flow` evaluates an expression that reads one of `secret_names`."""
    return bool(secret_names) and reads_any(block_reads(flow).get(block_id), secret_names)


def _prompt_refs(props: Any) -> Iterator[str]:
    """The library prompts compiled block props play (prompt items of kind `prompt`)."""
    if isinstance(props, Mapping):
        for value in props.values():
            yield from _prompt_refs(value)
    elif isinstance(props, list | tuple):
        for value in props:
            yield from _prompt_refs(value)
    elif getattr(props, "kind", None) == "prompt" and isinstance(getattr(props, "ref", None), str):
        yield props.ref


def secret_texts(value: Any) -> Iterator[str]:
    """How a secret value can appear in text: as the flow prints it and escaped in JSON."""
    if value is None or value is UNDEFINED or isinstance(value, bool):
        return
    if isinstance(value, Mapping):
        for item in value.values():
            yield from secret_texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from secret_texts(item)
    elif isinstance(value, str):
        yield value
        escaped = json.dumps(value, ensure_ascii=False)[1:-1]
        if escaped != value:
            yield escaped
    elif isinstance(value, int | float):
        try:
            yield to_js_string(float(value))
        except (TypeError, ValueError):
            return


def mask_texts(text: str, secrets: Iterable[str], mask: str = MASK) -> str:
    """`text` with every occurrence of a secret (longest first) replaced by `mask`."""
    found = sorted({s for s in secrets if len(s) >= MIN_SECRET_LENGTH}, key=len, reverse=True)
    for secret in found:
        text = text.replace(secret, mask)
    return text


def decode_names(value: Any, what: str) -> set[str]:
    """A saved list of names; anything else is a damaged state."""
    if value is None:
        return set()
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise SessionStateError(f"session state: '{what}' must be a list of names")
    return set(value)
