"""Who calls an installed MicroApp's flows, and what an update would do to each caller.

Callers are the Designer's flow drafts, the published versions its environments run, and other
installed MicroApps. A caller is affected only when its reference would pick the new version
(`@latest`, or a partial version the new one matches); pinned references stay where they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from blocks.module_call import split_module_ref
from microapps_store import versions
from microapps_store.host import FlowDocument, install_target
from microapps_store.installed.lookup import installed_rows
from microapps_store.models import InstalledMicroApp
from microapps_store.package import Package, module_refs
from microapps_store.signature import call_breaks, flow_signature


@dataclass(frozen=True)
class Usage:
    flow_id: str
    source: str
    block_id: str
    ref: str
    props: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"flow": self.flow_id, "source": self.source, "block": self.block_id,
                "ref": self.ref}


def _documents() -> list[FlowDocument]:
    found = list(install_target().flow_documents())
    for row in installed_rows():
        found.extend((flow_id, f"MicroApp {row.ref}", document)
                     for flow_id, document in row.flows.items())
    return found


def usages(publisher: str, flow_ids: set[str]) -> list[Usage]:
    """Every module block, anywhere in this Designer, that calls `publisher/<one of flow_ids>`."""
    found: list[Usage] = []
    for flow_id, source, document in _documents():
        for block_id, ref in module_refs(document):
            module_id, _ = split_module_ref(ref)
            namespace, _, called = module_id.partition("/")
            if namespace == publisher and called in flow_ids:
                props = document["blocks"][block_id].get("props") or {}
                found.append(Usage(flow_id, source, block_id, ref, dict(props)))
    return found


def update_impact(package: Package, installed: list[InstalledMicroApp]) -> dict[str, Any]:
    """Callers that would move to `package` and why some of them would break."""
    before_versions = [row.version for row in installed]
    after_versions = [*before_versions, package.version]
    by_version = {row.version: row for row in installed}
    callers, breaking = [], []
    for usage in usages(package.publisher, set(package.flows) | {
            flow_id for row in installed for flow_id in row.flows}):
        called = split_module_ref(usage.ref)[0].partition("/")[2]
        selector = split_module_ref(usage.ref)[1]
        before = versions.select(before_versions, selector)
        after = versions.select(after_versions, selector)
        entry = {**usage.to_dict(), "from": before, "to": after,
                 "follows": after == package.version and before != package.version}
        callers.append(entry)
        if not entry["follows"]:
            continue
        new_document = package.flows.get(called)
        old_row = by_version.get(before) if before else None
        if new_document is None:
            reasons = [f"calls flow '{called}', which the new version no longer has"]
        else:
            new = flow_signature(new_document)
            old = flow_signature(old_row.flows[called]) if old_row and called in old_row.flows \
                else new
            reasons = call_breaks(usage.props, old, new)
        if reasons:
            breaking.append({**entry, "reasons": reasons})
    return {"callers": callers, "breaking": breaking}
