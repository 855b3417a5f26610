"""Installing MicroApps into a project folder, for `designer test --module-path` and pytest's
`flowtest_module_paths`: flows land as `<folder>/<publisher>/<flow id>.json`, where the
flow-test runner finds namespaced module references, with each MicroApp's manifest and README
under `<folder>/<publisher>/.microapps/<name>/`.

A folder holds one version of each MicroApp (the runner ignores versions). Everything is
verified and written to a staging folder first, then moved into place, so a failed install
leaves the folder as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from pathlib import Path
from typing import Any

import networkx as nx

from microapps_store.installed.sources import PackageSource
from microapps_store.package import ModuleSet, Package, check_flows, read_package
from microapps_store.package.contents import README_NAME
from microapps_store.package.manifest import MANIFEST_NAME, entry_flow_id
from microapps_store.resolve import resolve

META_FOLDER = ".microapps"


def _stage(staging: Path, package: Package) -> None:
    namespace = staging / package.publisher
    meta = namespace / META_FOLDER / entry_flow_id(package.name)
    meta.mkdir(parents=True, exist_ok=True)
    for flow_id, document in package.flows.items():
        (namespace / f"{flow_id}.json").write_text(json.dumps(document, indent=2) + "\n",
                                                   encoding="utf-8")
    (meta / MANIFEST_NAME).write_bytes(package.files[MANIFEST_NAME])
    (meta / README_NAME).write_bytes(package.files[README_NAME])


def install_into_folder(folder: Path, name: str, spec: str, source: PackageSource) -> list[str]:
    """Install `name@spec` and its dependencies; returns the refs written."""
    resolution = resolve({name: spec}, source)
    packages: dict[str, Package] = {}
    for item in resolution.order:
        package = read_package(source.package_bytes(item, resolution.chosen[item].version))
        dependencies: dict[str, ModuleSet] = {
            dep: packages[dep] for dep in nx.descendants(resolution.graph, item)}
        check_flows(package, dependencies)
        packages[item] = package
    folder.mkdir(parents=True, exist_ok=True)
    staging = folder / f".staging-{uuid.uuid4().hex[:12]}"
    try:
        for package in packages.values():
            _stage(staging, package)
        for path in sorted(p for p in staging.rglob("*") if p.is_file()):
            target = folder / path.relative_to(staging)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    for item in resolution.order:
        source.record_install(item, resolution.chosen[item].version)
    return [packages[item].ref for item in resolution.order]


def folder_contents(folder: Path) -> list[dict[str, Any]]:
    """The MicroApps installed in a folder, from their manifests."""
    found = []
    for path in sorted(folder.glob(f"*/{META_FOLDER}/*/{MANIFEST_NAME}")):
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        found.append({"name": manifest.get("name"), "version": manifest.get("version"),
                      "title": manifest.get("title")})
    return found
