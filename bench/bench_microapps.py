"""Verify + install of a MicroApp with a 300-block module and 3 dependencies (target < 1 s).

A Designer on SQLite in a scratch folder gets three small MicroApps and one big one (296
`assign` blocks, three `module` calls to the small ones, a `return`) published in its own
store. Each run then times, from the package bytes:

- `verify`: what `designer microapp verify` and the store's automated checks do — archive and
  hash checks, manifest, dependency resolution against the store, validation of the flows
  with their dependencies, and the package's own flow tests;
- `install`: what `POST /api/v1/microapps/installed` does — resolve, read and verify every
  package (flows against dependencies), add the four MicroApps, commit.

The first run is reported apart (it warms caches); the figures are medians of the runs after it.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from designer_ui.app import create_app
from designer_ui.extensions import db
from microapps_store.installed import service
from microapps_store.models import InstalledMicroApp
from microapps_store.package import build_package, scaffold, verify_package
from microapps_store.store.catalog import StoreCatalog
from microapps_store.store.submissions import submit

TARGET_MS = 1000.0
RUNS = 6
DEPENDENCIES = ("acme/dep-a", "acme/dep-b", "acme/dep-c")
ASSIGNS = 296


def big_module(flow: dict[str, Any]) -> None:
    """296 assigns in a chain, a call to each dependency, then a return: 300 blocks."""
    flow["variables"]["counter"] = {"type": "number", "default": 0, "description": ""}
    chain = [f"step_{index}" for index in range(ASSIGNS)] + [
        f"call_{name.rpartition('-')[2]}" for name in DEPENDENCIES] + ["done"]
    blocks: dict[str, Any] = {}
    for index in range(ASSIGNS):
        blocks[chain[index]] = {"type": "assign", "label": f"Step {index}", "props": {
            "assignments": [{"variable": "counter", "expression": "counter + 1"}]},
            "next": {"next": chain[index + 1]}}
    for offset, name in enumerate(DEPENDENCIES):
        blocks[chain[ASSIGNS + offset]] = {"type": "module", "props": {
            "module": f"{name}@1", "inputs": {"customer_name": "customer_name"},
            "outputs": {"greeted": "greeted"}}, "next": {"next": chain[ASSIGNS + offset + 1]}}
    blocks["done"] = {"type": "return", "props": {"outputs": {"greeted": "greeted"}}}
    flow["blocks"] = blocks
    flow["phases"] = {"self_service": chain[0]}


def package(folder: Path, name: str, big: bool = False) -> bytes:
    source = scaffold(folder, name)
    flow_id = name.partition("/")[2]
    manifest = json.loads((source / "microapp.json").read_text())
    manifest["version"] = "1.0.0"
    if big:
        manifest["dependencies"] = {dependency: "^1" for dependency in DEPENDENCIES}
        flow_path = source / "flows" / f"{flow_id}.json"
        flow = json.loads(flow_path.read_text())
        big_module(flow)
        flow_path.write_text(json.dumps(flow))
        (source / "tests" / f"{flow_id}.flowtest.yaml").write_text(
            f"flow: {flow_id}\ncases:\n  - name: runs the whole chain\n    steps:\n"
            "      - expect: {end: {reason: returned}}\n"
            f"    assert:\n      variables: {{counter: {ASSIGNS}, greeted: true}}\n")
    (source / "microapp.json").write_text(json.dumps(manifest))
    return build_package(source)


def timed(call: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = call()
    return (time.perf_counter() - started) * 1e3, result


def run() -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-microapps-") as scratch:
        folder = Path(scratch)
        app = create_app({"INSTANCE_PATH": str(folder / "instance"), "SECRET_KEY": "bench"})
        with app.app_context():
            for name in DEPENDENCIES:
                submit(package(folder / "src", name), "bench", run_tests=False, publish=True)
            big = package(folder / "src", "acme/big", big=True)
            submit(big, "bench", run_tests=False, publish=True)
            db.session.commit()
            runs = []
            for _ in range(RUNS):
                verify_ms, verification = timed(lambda: verify_package(big, source=StoreCatalog()))
                install_ms, result = timed(lambda: (
                    service.install("acme/big", "^1", StoreCatalog(), "bench"), db.session.commit()))
                assert len(result[0]["installed"]) == 4 and verification.tests.passed == 2
                runs.append({"verify": verify_ms, "install": install_ms,
                             "total": verify_ms + install_ms})
                db.session.execute(db.delete(InstalledMicroApp))
                db.session.commit()
            db.engine.dispose()
    steady = runs[1:]
    medians = {key: statistics.median(item[key] for item in steady) for key in runs[0]}
    return {"blocks": ASSIGNS + len(DEPENDENCIES) + 1, "dependencies": len(DEPENDENCIES),
            "package_bytes": len(big), "first_run_ms": runs[0], "median_ms": medians,
            "target_ms": TARGET_MS, "meets_target": medians["total"] < TARGET_MS}


def main() -> None:
    result = run()
    median = result["median_ms"]
    print(f"MicroApp verify + install: {result['blocks']}-block module, "
          f"{result['dependencies']} dependencies, package {result['package_bytes']} bytes")
    print(f"  verify   {median['verify']:7.1f} ms   (checks, flows, flow tests)")
    print(f"  install  {median['install']:7.1f} ms   (resolve, verify 4 packages, store, commit)")
    print(f"  total    {median['total']:7.1f} ms   target < {TARGET_MS:.0f} ms: "
          f"{'met' if result['meets_target'] else 'MISSED'}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
