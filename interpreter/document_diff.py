"""What changed between two versions of a flow document, block by block: the Designer's
review screen and the MicroApps store's review both show it. Plain data in, plain data out."""

from __future__ import annotations

from typing import Any

NESTED_BLOCK_KEYS = ("props", "next")


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def block_fields(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Changed keys of a block; inside `props` and `next`, the changed sub-keys (`props.retries`)."""
    changed: list[str] = []
    for key in sorted(set(old) | set(new)):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if key in NESTED_BLOCK_KEYS and isinstance(before, dict | None) and isinstance(after, dict | None):
            inner_old, inner_new = _mapping(before), _mapping(after)
            changed.extend(f"{key}.{inner}" for inner in sorted(set(inner_old) | set(inner_new))
                           if inner_old.get(inner) != inner_new.get(inner))
        else:
            changed.append(key)
    return changed


def diff_documents(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    old_blocks, new_blocks = _mapping(old.get("blocks")), _mapping(new.get("blocks"))
    added = [block for block in new_blocks if block not in old_blocks]
    removed = [block for block in old_blocks if block not in new_blocks]
    changed = []
    for block in new_blocks:
        if block in old_blocks and old_blocks[block] != new_blocks[block]:
            changed.append({"block": block, "fields": block_fields(_mapping(old_blocks[block]),
                                                                   _mapping(new_blocks[block]))})
    flow_changed = sorted(key for key in set(old) | set(new)
                          if key != "blocks" and old.get(key) != new.get(key))
    return {"added": added, "removed": removed, "changed": changed, "flow_changed": flow_changed}
