"""What Designers and people browsing the store see: published MicroApps, searchable by text,
category and tag, with their versions, READMEs (rendered safely) and install counts."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import sqlalchemy as sa

from microapps_store import versions
from microapps_store.errors import StoreError
from microapps_store.host import session
from microapps_store.models import StoreMicroApp, StoreVersion
from microapps_store.package import render_readme
from microapps_store.package.manifest import CATEGORIES
from microapps_store.resolve import resolve
from microapps_store.store.catalog import StoreCatalog, find_version, published


def _published_by_name() -> dict[str, list[StoreVersion]]:
    rows = session().execute(sa.select(StoreVersion).where(
        StoreVersion.status == "published")).scalars()
    grouped: dict[str, list[StoreVersion]] = defaultdict(list)
    for row in rows:
        grouped[row.name].append(row)
    return grouped


def _latest(rows: list[StoreVersion], *, yanked_too: bool = False) -> StoreVersion | None:
    """The newest version not yanked (or, with `yanked_too`, the newest at all)."""
    live = [row for row in rows if not row.yanked] or (rows if yanked_too else [])
    newest = versions.newest(row.version for row in live)
    return next((row for row in live if row.version == newest), None)


def _listing(latest: StoreVersion, rows: list[StoreVersion]) -> dict[str, Any]:
    return {"name": latest.name, "title": latest.title, "description": latest.description,
            "category": latest.category, "tags": latest.tags,
            "icon": latest.manifest.get("icon", "package"), "latest_version": latest.version,
            "versions": len(rows), "install_count": sum(row.install_count for row in rows),
            "deprecated": latest.deprecated}


def _matches(row: StoreVersion, text: str) -> bool:
    haystack = " ".join([row.name, row.title, row.description, *row.tags]).casefold()
    return all(word in haystack for word in text.casefold().split())


def search(text: str = "", category: str | None = None, tag: str | None = None) -> list[dict[str, Any]]:
    found = []
    for rows in _published_by_name().values():
        latest = _latest(rows)
        if latest is None or (category and latest.category != category) or \
                (tag and tag not in latest.tags) or (text and not _matches(latest, text)):
            continue
        found.append(_listing(latest, rows))
    return sorted(found, key=lambda item: (-item["install_count"], item["name"]))


def categories() -> list[dict[str, Any]]:
    counts = {category: 0 for category in CATEGORIES}
    for rows in _published_by_name().values():
        latest = _latest(rows)
        if latest is not None:
            counts[latest.category] += 1
    return [{"category": category, "count": count} for category, count in counts.items()]


def detail(name: str) -> dict[str, Any]:
    rows = published(name)
    latest = _latest(rows, yanked_too=True)
    owner = session().get(StoreMicroApp, name)
    if latest is None or owner is None:
        raise StoreError(404, "not_found", f"The store has no published MicroApp '{name}'.")
    return {**_listing(latest, rows), "owner": owner.owner, "manifest": latest.manifest,
            "readme": latest.readme, "readme_html": render_readme(latest.readme),
            "all_versions": [row.summary() for row in reversed(rows)]}


def version_detail(name: str, version: str, *, may_see_unpublished: bool,
                   viewer: str | None = None) -> dict[str, Any]:
    """One version; an unpublished one only for reviewers and for its own submitter (who reads
    the automated checks and the review comment of what they sent)."""
    row = find_version(name, version)
    if row.status != "published" and not may_see_unpublished and row.submitted_by != viewer:
        raise StoreError(404, "not_found", f"The store has no published {row.ref}.")
    return {**row.summary(), "manifest": row.manifest, "readme": row.readme,
            "readme_html": render_readme(row.readme), "checks": row.checks}


def download(name: str, version: str) -> StoreVersion:
    """A published package's bytes; yanked versions are refused. A download is not an install
    (plans, checks and retries download too): installers report installs with
    `record_install` once one has happened."""
    row = find_version(name, version)
    if row.status != "published":
        raise StoreError(404, "not_found", f"The store has no published {row.ref}.")
    if row.yanked:
        raise StoreError(410, "yanked", f"{row.ref} was yanked ({row.yanked}); new installs are "
                         "refused. Copies already installed keep working.")
    return row


def record_install(name: str, version: str) -> StoreVersion:
    """Count one install of a published version (what the store's listings show)."""
    row = download(name, version)
    row.install_count += 1
    return row


def resolution(name: str, spec: str) -> dict[str, Any]:
    """What installing `name@spec` takes from this store, with each package's sha256."""
    result = resolve({name: spec}, StoreCatalog())
    body = result.to_dict()
    for item in body["packages"]:
        item["sha256"] = find_version(item["name"], item["version"]).sha256
    return body
