"""Search inside flows: block labels, prompt texts, expressions, URLs — any text a draft holds.

The flow list's own filter matches names and ids; this finds the flows that say "storm", call
`api.example.com` or compare `tier == 'gold'`, and where in them, so a designer can change
every place at once. Drafts are searched (what designers edit); each hit carries the block and
property path the editor can select, and a short excerpt around the match.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from designer_ui.extensions import db
from designer_ui.models import Flow

EXCERPT_CONTEXT = 40
"""Characters shown either side of a match."""

FLOW_FIELDS = ("name", "description")
"""Flow-level texts searched besides the blocks."""


@dataclass(frozen=True)
class Hit:
    block_id: str | None
    path: str
    excerpt: str


def texts(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string in a JSON value (keys of mappings too, as they can be names), with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            child = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and not isinstance(item, Mapping | list):
                yield child, key
            yield from texts(item, child)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from texts(item, f"{path}[{index}]")


def excerpt(text: str, at: int, length: int) -> str:
    start, end = max(0, at - EXCERPT_CONTEXT), min(len(text), at + length + EXCERPT_CONTEXT)
    return f"{'…' if start else ''}{text[start:end]}{'…' if end < len(text) else ''}"


def search_document(document: Mapping[str, Any], needle: str) -> Iterator[Hit]:
    """Hits of a lower-case needle in one document: flow texts, then block by block."""
    for field in FLOW_FIELDS:
        value = document.get(field)
        if isinstance(value, str) and (at := value.lower().find(needle)) >= 0:
            yield Hit(None, field, excerpt(value, at, len(needle)))
    blocks = document.get("blocks")
    if not isinstance(blocks, Mapping):
        return
    for block_id, block in blocks.items():
        if not isinstance(block, Mapping):
            continue
        seen: set[str] = set()
        for key in ("label", "props", "next"):
            for path, text in texts(block.get(key), key):
                at = text.lower().find(needle)
                if at >= 0 and path not in seen:
                    seen.add(path)
                    yield Hit(str(block_id), path, excerpt(text, at, len(needle)))


def search_flows(query: str, limit: int) -> tuple[list[dict[str, Any]], bool]:
    """Hits in every draft, by flow id; and whether `limit` cut the list."""
    needle = query.lower()
    hits: list[dict[str, Any]] = []
    for flow in db.session.execute(db.select(Flow).order_by(Flow.id)).scalars():
        for hit in search_document(flow.document, needle):
            if len(hits) >= limit:
                return hits, True
            hits.append({"flow_id": flow.id, "flow_name": flow.name, "block_id": hit.block_id,
                         "path": hit.path, "excerpt": hit.excerpt})
    return hits, False
