"""The `.mapp` package format: reading untrusted packages, checking them, and building them.

See docs/microapps.md for the format; `verify_package` is the entry point every consumer uses.
"""

from microapps_store.package.archive import DEFAULT_LIMITS, Limits, read_members, write_members
from microapps_store.package.builder import build_package, package_file_name
from microapps_store.package.contents import Package, read_package, sha256
from microapps_store.package.flowcheck import FlowReport, check_flows
from microapps_store.package.manifest import MANIFEST_NAME, load_manifest
from microapps_store.package.modules import ModuleSet, PackageModules, module_refs
from microapps_store.package.readme import render_readme
from microapps_store.package.scaffold import scaffold
from microapps_store.package.testing import FlowTestRun, run_package_tests
from microapps_store.package.verify import (
    DependencySource,
    FileSource,
    Verification,
    candidate_of,
    verify_contents,
    verify_package,
)

__all__ = [
    "DEFAULT_LIMITS",
    "MANIFEST_NAME",
    "DependencySource",
    "FileSource",
    "FlowReport",
    "FlowTestRun",
    "Limits",
    "ModuleSet",
    "Package",
    "PackageModules",
    "Verification",
    "build_package",
    "candidate_of",
    "check_flows",
    "load_manifest",
    "module_refs",
    "package_file_name",
    "read_members",
    "read_package",
    "render_readme",
    "run_package_tests",
    "scaffold",
    "sha256",
    "verify_contents",
    "verify_package",
    "write_members",
]
