"""Installing MicroApps into this Designer: plan, install (with dependencies), upload, remove.

An install resolves the whole dependency tree first, then reads and verifies each package it
needs (archive, hashes, flows against the dependencies chosen) before adding it, dependencies
first, all in the caller's transaction: a failure anywhere rolls back and leaves nothing
installed.
Installed versions are never replaced: a new version is added beside the old ones, and each
calling flow keeps the version its reference picks (see `lookup`).
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from microapps_store import versions
from microapps_store.errors import PackageError, ResolutionError, StoreError
from microapps_store.host import audit, install_target, session
from microapps_store.installed.lookup import installed_rows, installed_version
from microapps_store.installed.sources import PackageSource
from microapps_store.installed.usage import update_impact, usages
from microapps_store.models import InstalledMicroApp
from microapps_store.package import ModuleSet, Package, check_flows, read_package
from microapps_store.publishers import refuse_reserved_publisher
from microapps_store.resolve import Candidate, Resolution, resolve
from microapps_store.signature import manifest_changes

BUSINESS_KINDS = ("hours", "emergency", "tables")


def requirement_notes(package: Package) -> list[str]:
    """What the MicroApp needs that this Designer must provide (told, not enforced)."""
    requires = package.manifest["requires"]
    notes = [f"{package.ref} needs bot '{bot['name']}'"
             + (f" ({bot['provider']})" if bot.get("provider") else "") + " in the Bot Registry."
             for bot in requires["bots"]]
    controls = install_target().business_controls
    for kind in BUSINESS_KINDS:
        for name in requires["business"][kind]:
            if not controls.has(kind, name):
                notes.append(f"{package.ref} needs {kind.replace('_', ' ')} '{name}', which "
                             "this Designer does not have yet (Business Controls).")
    return notes


def plan(name: str, spec: str, source: PackageSource) -> dict[str, Any]:
    """What installing `name@spec` would do, without doing it."""
    resolution = resolve({name: spec}, source)
    packages, notes = [], list(resolution.warnings)
    for item in resolution.order:
        candidate = resolution.chosen[item]
        present = installed_rows(name=item)
        current = versions.newest(row.version for row in present)
        entry: dict[str, Any] = {"name": item, "version": candidate.version, "current": current,
                                 "deprecated": candidate.deprecated}
        if any(row.version == candidate.version for row in present):
            entry["action"] = "present"
        else:
            package = source.fetch(item, candidate.version)
            entry["action"] = "install" if current is None else "add_version"
            current_row = next((row for row in present if row.version == current), None)
            entry["changes"] = manifest_changes(current_row.manifest, package.manifest) \
                if current_row is not None else None
            entry.update(update_impact(package, present))
            notes.extend(requirement_notes(package))
        packages.append(entry)
    return {"request": f"{name}@{spec}", "packages": packages, "notes": notes}


def _dependency_sets(resolution: Resolution, item: str,
                     sets: dict[str, ModuleSet]) -> dict[str, ModuleSet]:
    return {name: sets[name] for name in nx.descendants(resolution.graph, item)}


def _check_clash(package: Package) -> None:
    for row in installed_rows(publisher=package.publisher):
        shared = sorted(set(row.flows) & set(package.flows))
        if row.name != package.name and shared:
            raise PackageError("flow_clash", f"{package.ref} has flow '{shared[0]}', which "
                               f"{row.ref} installed here already has under '{package.publisher}/'.")


def add_package(package: Package, data: bytes, dependencies: dict[str, ModuleSet], *,
                source: str, username: str | None, requested: bool) -> InstalledMicroApp:
    """Verify one package against its dependencies and add it (flushed, not committed)."""
    check_flows(package, dependencies)
    _check_clash(package)
    row = InstalledMicroApp(name=package.name, publisher=package.publisher,
                            version=package.version, manifest=package.manifest,
                            flows=package.flows, archive=data, sha256=package.sha256,
                            source=source, requested=requested, installed_by=username)
    session().add(row)
    session().flush()
    audit("microapp.install", f"microapp:{row.ref}", username=username, source=source,
                 sha256=package.sha256)
    return row


def install(name: str, spec: str, source: PackageSource, username: str | None) -> dict[str, Any]:
    """Install `name@spec` with its dependencies (flushed; the caller commits or rolls back)."""
    resolution = resolve({name: spec}, source)
    sets: dict[str, ModuleSet] = {}
    added: list[InstalledMicroApp] = []
    for item in resolution.order:
        version = resolution.chosen[item].version
        existing = installed_version(item, version)
        if existing is not None:
            sets[item] = existing
            continue
        data = source.package_bytes(item, version)
        package = read_package(data)
        if package.ref != f"{item}@{version}":
            raise PackageError("wrong_package", f"Asked {source.describe()} for {item}@{version} "
                               f"and got {package.ref}.")
        row = add_package(package, data, _dependency_sets(resolution, item, sets),
                          source=source.describe(), username=username, requested=item == name)
        source.record_install(item, version)
        sets[item] = row
        added.append(row)
    return {"installed": [row.summary() for row in added],
            "present": [f"{item}@{resolution.chosen[item].version}" for item in resolution.order
                        if all(row.name != item for row in added)],
            "warnings": resolution.warnings}


class InstalledCatalog:
    """The MicroApps installed here, as dependencies of an uploaded package."""

    def candidates(self, name: str) -> list[Candidate]:
        return [Candidate(row.name, row.version, dict(row.manifest.get("dependencies", {})))
                for row in installed_rows(name=name)]

    def fetch(self, name: str, version: str) -> ModuleSet:
        row = installed_version(name, version)
        if row is None:
            raise ResolutionError("not_found", f"{name}@{version} is not installed here.")
        return row


def install_upload(data: bytes, username: str | None) -> InstalledMicroApp:
    """Install an uploaded `.mapp`; its dependencies must already be installed here. A
    package of a reserved publisher (`builtin/…`) only comes from the built-in loader."""
    package = read_package(data)
    refuse_reserved_publisher(package)
    if installed_version(package.name, package.version) is not None:
        raise StoreError(409, "already_installed", f"{package.ref} is installed already.")
    try:
        resolution = resolve({package.name: package.version}, InstalledCatalog(),
                             {package.name: Candidate(package.name, package.version,
                                                      package.dependencies)})
    except ResolutionError as exc:
        raise ResolutionError(exc.code, f"{exc.message} Install the dependencies of "
                              f"{package.ref} first.", details=exc.details) from None
    catalog = InstalledCatalog()
    dependencies = {name: catalog.fetch(name, resolution.chosen[name].version)
                    for name in nx.descendants(resolution.graph, package.name)}
    return add_package(package, data, dependencies, source="upload", username=username,
                       requested=True)


def uninstall(name: str, version: str, username: str | None) -> None:
    row = installed_version(name, version)
    if row is None:
        raise StoreError(404, "not_found", f"{name}@{version} is not installed here.")
    others = [other.version for other in installed_rows(name=name) if other.version != version]
    users = [usage for usage in usages(row.publisher, set(row.flows))
             if not usage.source.startswith(f"MicroApp {row.ref}")
             and versions.select([*others, version], usage.ref.rpartition("@")[2]) == version]
    if users:
        names = ", ".join(sorted({f"{usage.flow_id} ({usage.source})" for usage in users}))
        raise StoreError(409, "in_use", f"{row.ref} is used by {names}; change those flows first.",
                         details={"used_by": [usage.to_dict() for usage in users]})
    session().delete(row)
    audit("microapp.uninstall", f"microapp:{row.ref}", username=username)
