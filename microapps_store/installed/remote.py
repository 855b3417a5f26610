"""Installing into another Designer over its API: the packages are resolved and downloaded here
(from whichever store is named) and uploaded to that Designer dependencies first, each one
checked again by it on arrival."""

from __future__ import annotations

from microapps_store.client import DesignerClient
from microapps_store.installed.sources import PackageSource
from microapps_store.resolve import resolve


def install_into_designer(designer: DesignerClient, name: str, spec: str,
                          source: PackageSource) -> list[str]:
    """Returns the refs uploaded (those already installed there are skipped)."""
    resolution = resolve({name: spec}, source)
    present = {f"{item['name']}@{item['version']}" for item in designer.installed()}
    uploaded: list[str] = []
    for item in resolution.order:
        ref = resolution.chosen[item].ref
        if ref in present:
            continue
        version = resolution.chosen[item].version
        designer.install_package(source.package_bytes(item, version))
        source.record_install(item, version)
        uploaded.append(ref)
    return uploaded
