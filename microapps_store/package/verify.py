"""The whole verification of a package, in the order that fails fastest and cheapest:
archive and manifest, dependencies, flows, then the package's own flow tests.

`pack`, `verify`, the store's automated checks and every install run this; what differs is
only where dependencies come from (a `DependencySource`: other `.mapp` files, the local store,
a remote store, or the MicroApps installed in a Designer).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from microapps_store.errors import ResolutionError
from microapps_store.package.archive import DEFAULT_LIMITS, Limits
from microapps_store.package.contents import Package, read_package
from microapps_store.package.flowcheck import FlowReport, check_flows
from microapps_store.package.modules import ModuleSet
from microapps_store.package.testing import FlowTestRun, run_package_tests
from microapps_store.resolve import Candidate, Catalog, Resolution, resolve


class DependencySource(Catalog, Protocol):
    def fetch(self, name: str, version: str) -> ModuleSet:
        """The flows of one MicroApp version (verified by the source)."""
        ...


@dataclass
class Verification:
    package: Package
    resolution: Resolution
    dependencies: dict[str, ModuleSet]
    flows: FlowReport
    tests: FlowTestRun | None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.package.name, "version": self.package.version,
                "sha256": self.package.sha256,
                "dependencies": {name: item.version for name, item in self.dependencies.items()},
                "flows": self.flows.problems, "warnings": self.resolution.warnings,
                "tests": self.tests.to_dict() if self.tests is not None else None}


def candidate_of(package: Package) -> Candidate:
    return Candidate(package.name, package.version, package.dependencies)


def resolve_dependencies(package: Package, source: DependencySource | None
                         ) -> tuple[Resolution, dict[str, ModuleSet]]:
    """The package's dependency tree, each MicroApp fetched at the version the resolver chose."""
    if package.dependencies and source is None:
        raise ResolutionError("dependencies_unavailable", f"{package.ref} depends on "
                              f"{', '.join(package.dependencies)}; give them (--dependency "
                              "FILE.mapp or --store URL) so its flows can be checked.")
    fixed = {package.name: candidate_of(package)}
    resolution = resolve({package.name: package.version}, _NoCatalog() if source is None else source,
                         fixed)
    fetched: dict[str, ModuleSet] = {}
    if source is not None:
        fetched = {name: source.fetch(name, resolution.chosen[name].version)
                   for name in resolution.order if name != package.name}
    return resolution, fetched


def verify_package(data: bytes, *, source: DependencySource | None = None,
                   run_tests: bool = True, limits: Limits = DEFAULT_LIMITS) -> Verification:
    """Raises a MicroAppError subclass for the first kind of problem found; nothing is stored."""
    return verify_contents(read_package(data, limits), source=source, run_tests=run_tests)


def verify_contents(package: Package, *, source: DependencySource | None = None,
                    run_tests: bool = True) -> Verification:
    """The checks after reading: dependencies, flows and (unless told not to) the tests."""
    resolution, dependencies = resolve_dependencies(package, source)
    flows = check_flows(package, dependencies)
    tests = run_package_tests(package, dependencies) if run_tests else None
    return Verification(package, resolution, dependencies, flows, tests)


class _NoCatalog:
    def candidates(self, name: str) -> list[Candidate]:
        return []


class FileSource:
    """Dependencies given as `.mapp` files (`--dependency`), each read and checked."""

    def __init__(self, packages: list[bytes], limits: Limits = DEFAULT_LIMITS):
        self.packages: dict[tuple[str, str], Package] = {}
        for data in packages:
            package = read_package(data, limits)
            self.packages[(package.name, package.version)] = package

    def candidates(self, name: str) -> list[Candidate]:
        return [candidate_of(package) for (found, _), package in self.packages.items()
                if found == name]

    def fetch(self, name: str, version: str) -> ModuleSet:
        return self.packages[(name, version)]
