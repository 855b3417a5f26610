"""Runs a package's own flow tests in-process, as the store's automated check and `pack` do.

The engine is sans-I/O and the flow-test runner answers HTTP and bots from the tests' mocks,
so an untrusted package's tests cannot reach the network. The package is laid out in a scratch
folder (its flows, tests and audio; its own flows and those of its dependencies again under
`<publisher>/` so namespaced module calls resolve), and every test must name a flow of the
package, so a test cannot point the runner at a file elsewhere on the server.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from microapps_store.errors import FlowTestsFailed, PackageProblem
from microapps_store.package.contents import Package
from microapps_store.package.manifest import MANIFEST_NAME, publisher_of
from microapps_store.package.modules import ModuleSet
from runtime.flowtests import RunReport, run_paths
from runtime.flowtests.yaml_source import YamlSyntaxError, parse_yaml


@dataclass
class FlowTestRun:
    passed: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    cases: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed == 0 and not self.errors and self.passed > 0

    def to_dict(self) -> dict[str, Any]:
        return {"passed": self.passed, "failed": self.failed, "errors": self.errors,
                "cases": self.cases}


def _target_problems(package: Package) -> list[PackageProblem]:
    problems = []
    allowed = {*package.flows, *(f"../flows/{flow_id}.json" for flow_id in package.flows)}
    for path, data in sorted(package.tests.items()):
        try:
            target = (parse_yaml(data.decode("utf-8")) or {}).get("flow")
        except UnicodeDecodeError:
            problems.append(PackageProblem("test_yaml", f"'{path}' is not UTF-8 text.", path))
            continue
        except YamlSyntaxError as exc:
            problems.append(PackageProblem("test_yaml", f"'{path}' is not valid YAML: {exc}",
                                           path))
            continue
        except AttributeError:
            continue
        if target not in allowed:
            problems.append(PackageProblem("test_target", f"'{path}' tests '{target}'; a package's "
                                           "tests name one of its flows (a flow id, or "
                                           "'../flows/<id>.json').", path))
    return problems


def write_modules(folder: Path, sets: list[ModuleSet]) -> None:
    """Flows as the flow-test runner finds namespaced modules: `<publisher>/<flow id>.json`."""
    for item in sets:
        namespace = folder / publisher_of(item.name)
        namespace.mkdir(parents=True, exist_ok=True)
        for flow_id, document in item.flows.items():
            (namespace / f"{flow_id}.json").write_text(json.dumps(document), encoding="utf-8")


def run_package_tests(package: Package, dependencies: Mapping[str, ModuleSet]) -> FlowTestRun:
    """Every case of every test file, on every channel; raises FlowTestsFailed unless all pass."""
    problems = _target_problems(package)
    if problems:
        raise FlowTestsFailed(problems[0].code, problems[0].message, problems=problems)
    with tempfile.TemporaryDirectory(prefix="microapp-tests-") as scratch:
        root = Path(scratch).resolve() / "package"
        for path, data in package.files.items():
            if path != MANIFEST_NAME:
                (root / path).parent.mkdir(parents=True, exist_ok=True)
                (root / path).write_bytes(data)
        (root / "pyproject.toml").write_text("# scratch project for a MicroApp's tests\n")
        modules = root.parent / "modules"
        write_modules(modules, [package, *dependencies.values()])
        report = run_paths([root / "tests"], module_paths=[modules])
        run = _summary(report, f"{root}/")
    if not run.ok:
        failures = [f"{case['file']}::{case['name']} [{case['channel']}]: {case['message']}"
                    for case in run.cases if not case["passed"]] + run.errors
        message = failures[0] if failures else "the package's tests ran no case"
        raise FlowTestsFailed("tests_failed", f"{package.ref}: flow tests failed: {message}",
                          problems=[PackageProblem("tests_failed", text) for text in failures],
                          details={"tests": run.to_dict()})
    return run


def _summary(report: RunReport, prefix: str) -> FlowTestRun:
    run = FlowTestRun()
    for result in report.files:
        name = str(result.path).replace(prefix, "")
        if result.error:
            run.errors.append(f"{name}: {result.error.replace(prefix, '')}")
        for case in result.cases:
            run.cases.append({"file": name, "name": case.case, "channel": case.channel,
                              "passed": case.passed,
                              "message": (case.message or "").replace(prefix, "") or None})
            if case.passed:
                run.passed += 1
            else:
                run.failed += 1
    return run
