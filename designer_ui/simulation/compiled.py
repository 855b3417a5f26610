"""Compiled flows for the simulator, kept between requests of the same process.

Every simulator request used to load, validate and compile its flow document again; for a
large flow that cost seconds per click. A flow is compiled once per document content (its
SHA-256 digest, so an edited draft compiles afresh) and kept in a small LRU cache; compiled
flows are read-only, so requests share them safely.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from interpreter.compiler import CompiledFlow

CACHE_SIZE = 16

_lock = threading.Lock()
_cache: OrderedDict[tuple[str, str], CompiledFlow] = OrderedDict()


def digest(document: Any) -> str:
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cached_compile(document: dict[str, Any], label: str,
                   compile_document: Callable[[dict[str, Any], str], CompiledFlow]
                   ) -> CompiledFlow:
    """`compile_document(document, label)`, or the flow it gave for the same content before."""
    key = (label, digest(document))
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    flow = compile_document(document, label)
    with _lock:
        _cache[key] = flow
        _cache.move_to_end(key)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return flow
