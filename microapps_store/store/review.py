"""The review queue: what a reviewer reads before approving (README, flows for a read-only
canvas, the automated checks, what changed since the previous published version) and the
decision itself. A reviewer never reviews their own submission."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from interpreter.document_diff import diff_documents
from microapps_store import versions
from microapps_store.columns import utcnow
from microapps_store.errors import StoreError
from microapps_store.host import audit, session
from microapps_store.models import StoreMicroApp, StoreVersion
from microapps_store.package import read_package, render_readme
from microapps_store.signature import manifest_changes
from microapps_store.store.catalog import find_version, published

DECISIONS = ("approve", "reject")


def queue() -> list[dict[str, Any]]:
    rows = session().execute(sa.select(StoreVersion).where(StoreVersion.status == "pending")
                              .order_by(StoreVersion.submitted_at)).scalars()
    return [row.summary() for row in rows]


def previous_published(row: StoreVersion) -> StoreVersion | None:
    older = [other for other in published(row.name)
             if versions.compare(other.version, row.version) < 0]
    return older[-1] if older else None


def changes_since(row: StoreVersion, previous: StoreVersion | None) -> dict[str, Any] | None:
    if previous is None:
        return None
    old_flows = read_package(previous.archive).flows
    new_flows = read_package(row.archive).flows
    flows: dict[str, Any] = {}
    for flow_id in sorted(set(old_flows) | set(new_flows)):
        if flow_id not in old_flows:
            flows[flow_id] = {"status": "added"}
        elif flow_id not in new_flows:
            flows[flow_id] = {"status": "removed"}
        elif old_flows[flow_id] != new_flows[flow_id]:
            flows[flow_id] = {"status": "changed", **diff_documents(old_flows[flow_id],
                                                                   new_flows[flow_id])}
    return {"previous": previous.version,
            "manifest": manifest_changes(previous.manifest, row.manifest), "flows": flows}


def review_detail(row: StoreVersion) -> dict[str, Any]:
    package = read_package(row.archive)
    return {**row.summary(), "manifest": row.manifest, "readme": row.readme,
            "readme_html": render_readme(row.readme), "flows": package.flows,
            "tests": {path: data.decode("utf-8") for path, data in package.tests.items()},
            "checks": row.checks, "changes": changes_since(row, previous_published(row))}


def decide(name: str, version: str, decision: str, comment: str, reviewer: str) -> StoreVersion:
    row = find_version(name, version)
    if row.status != "pending":
        raise StoreError(409, "not_pending", f"{row.ref} is {row.status}, not waiting for review.")
    if row.submitted_by == reviewer:
        raise StoreError(403, "own_submission", f"You submitted {row.ref}; another reviewer "
                         "must review it.")
    if decision == "reject" and not comment.strip():
        raise StoreError(400, "comment_required", "Say why the version is rejected, so its "
                         "author can fix it.")
    row.status = "published" if decision == "approve" else "rejected"
    row.reviewed_by, row.reviewed_at, row.review_comment = reviewer, utcnow(), comment
    audit(f"microapp.{decision}", f"microapp:{row.ref}", username=reviewer,
                 comment=comment)
    return row


def deprecate(name: str, version: str, message: str, username: str, may_moderate: bool) -> StoreVersion:
    row = _published_for_change(name, version, username, may_moderate)
    row.deprecated, row.deprecated_at = message, utcnow()
    audit("microapp.deprecate", f"microapp:{row.ref}", username=username, message=message)
    return row


def yank(name: str, version: str, reason: str, username: str, may_moderate: bool) -> StoreVersion:
    row = _published_for_change(name, version, username, may_moderate)
    row.yanked, row.yanked_at = reason, utcnow()
    audit("microapp.yank", f"microapp:{row.ref}", username=username, reason=reason)
    return row


def _published_for_change(name: str, version: str, username: str,
                          may_moderate: bool) -> StoreVersion:
    row = find_version(name, version)
    owner = session().get(StoreMicroApp, name)
    if not may_moderate and (owner is None or owner.owner != username):
        raise StoreError(403, "not_owner", f"Only the owner of {name} or a reviewer may change "
                         "its versions.")
    if row.status != "published":
        raise StoreError(409, "not_published", f"{row.ref} is {row.status}; only published "
                         "versions are deprecated or yanked.")
    return row
