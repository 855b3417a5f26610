"""What a module offers its callers — inputs and outputs with their types — and what changes
between two versions, so an update can say which calling flows would break.

A change breaks a calling `module` block when the block binds an input that is gone, maps an
output that is gone, or maps an output whose type changed (the variable it lands in was
declared for the old type). A new input is not a break: the module uses its default.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Signature = dict[str, dict[str, str]]


def flow_signature(document: Mapping[str, Any]) -> Signature:
    variables = document.get("variables") or {}
    return {kind: {name: str((variables.get(name) or {}).get("type", "any"))
                   for name in document.get(kind) or []}
            for kind in ("inputs", "outputs")}


def manifest_signature(manifest: Mapping[str, Any]) -> Signature:
    return {kind: {name: str(parameter.get("type", "any"))
                   for name, parameter in (manifest.get(kind) or {}).items()}
            for kind in ("inputs", "outputs")}


def signature_changes(old: Signature, new: Signature) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for kind in ("inputs", "outputs"):
        before, after = old.get(kind, {}), new.get(kind, {})
        changes[kind] = {
            "added": sorted(set(after) - set(before)),
            "removed": sorted(set(before) - set(after)),
            "changed": [{"name": name, "from": before[name], "to": after[name]}
                        for name in sorted(set(before) & set(after)) if before[name] != after[name]],
        }
    return changes


def manifest_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    changes = signature_changes(manifest_signature(old), manifest_signature(new))
    old_deps, new_deps = old.get("dependencies") or {}, new.get("dependencies") or {}
    changes["dependencies"] = {name: {"from": old_deps.get(name), "to": new_deps.get(name)}
                               for name in sorted(set(old_deps) | set(new_deps))
                               if old_deps.get(name) != new_deps.get(name)}
    return changes


def is_breaking(changes: Mapping[str, Any]) -> bool:
    return any(changes[kind]["removed"] or changes[kind]["changed"] for kind in ("inputs", "outputs"))


def call_breaks(props: Mapping[str, Any], old: Signature, new: Signature) -> list[str]:
    """Why a `module` block with these props stops working against the new signature."""
    reasons: list[str] = []
    for name in (props.get("inputs") or {}):
        if name not in new["inputs"]:
            reasons.append(f"binds input '{name}', which the new version no longer has")
    for name in (props.get("outputs") or {}):
        if name not in new["outputs"]:
            reasons.append(f"uses output '{name}', which the new version no longer returns")
        elif name in old["outputs"] and old["outputs"][name] != new["outputs"][name]:
            reasons.append(f"uses output '{name}', whose type changes from "
                           f"{old['outputs'][name]} to {new['outputs'][name]}")
    return reasons
