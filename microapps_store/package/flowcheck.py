"""Checks a package's flows as publishing a flow would, plus what only a MicroApp needs.

Beyond `interpreter.validation` (props, graph, variables, module signatures): every module call
is namespaced and goes to the package itself or a declared dependency in its range; the
manifest's inputs and outputs are the entry module's, with the same types; every bot and
business resource the flows name is declared under `requires`; audio prompts point at files
in the package.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from blocks import shared_registry
from blocks.module_call import split_module_ref
from interpreter.loader import load_flow
from interpreter.problems import FlowFormatError, Problem
from interpreter.validation import validate_flow
from microapps_store import versions
from microapps_store.errors import InvalidFlows, PackageProblem
from microapps_store.package.contents import Package
from microapps_store.package.modules import ModuleSet, PackageModules, module_refs

RESOURCE_PROPS = {"bot": ("bot", "bots"), "business_hours": ("hours", "hours"),
                  "emergency": ("flag", "emergency"), "data_table": ("table", "tables")}
RESOURCE_WORDS = {"bots": "bot", "hours": "business hours", "emergency": "emergency flag",
                  "tables": "data table"}


@dataclass
class FlowReport:
    """Problems per flow id, errors and warnings alike (the review screen shows both)."""

    problems: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, flow_id: str, problem: Problem) -> None:
        self.problems.setdefault(flow_id, []).append(problem.to_dict())

    def errors(self) -> list[PackageProblem]:
        return [PackageProblem("invalid_flow", f"flow '{flow_id}'"
                               + (f", block '{item['block_id']}'" if item.get("block_id") else "")
                               + f": {item['message']}", f"flows/{flow_id}.json",
                               {key: item[key] for key in ("block_id", "path") if key in item})
                for flow_id, items in self.problems.items() for item in items
                if item["severity"] == "error"]


def _ref_problems(package: Package, document: dict[str, Any],
                  modules: PackageModules) -> list[Problem]:
    found: list[Problem] = []
    for block_id, ref in module_refs(document):
        module_id, selector = split_module_ref(ref)
        if "/" not in module_id:
            found.append(_error("local_module", f"'{ref}' is a flow of the Designer the MicroApp "
                                "would land in; call MicroApps as 'publisher/name@version'.",
                                block_id))
            continue
        owner = modules.owner(module_id)
        if owner is None:
            declared = ", ".join(package.dependencies) or "none"
            found.append(_error("undeclared_dependency", f"'{ref}' is neither a flow of this "
                                f"package nor of a declared dependency (dependencies: "
                                f"{declared}).", block_id))
            continue
        if owner.name != package.name and versions.is_version(selector) and not versions.satisfies(
                selector, package.dependencies.get(owner.name, "*")):
            found.append(_error("dependency_range", f"'{ref}' pins {selector}, outside the "
                                f"declared range {package.dependencies.get(owner.name)}.",
                                block_id))
        if owner.name == package.name and selector != package.version:
            found.append(_error("self_version", f"'{ref}' must pin this package's own version "
                                f"('@{package.version}'), so each installed version calls its "
                                "own flows.", block_id))
        elif owner.name != package.name and selector == versions.LATEST:
            found.append(Problem("warning", "follows_latest", f"'{ref}' runs whatever version is "
                                 "newest where it is installed, even one outside the declared "
                                 f"range {package.dependencies.get(owner.name)}; prefer a major "
                                 "version such as '@1'.", block_id, "module"))
    return found


def _error(code: str, message: str, block_id: str) -> Problem:
    return Problem("error", code, message, block_id, "module")


def _resource_problems(package: Package, document: dict[str, Any]) -> list[Problem]:
    requires = package.manifest["requires"]
    declared = {"bots": {bot["name"] for bot in requires["bots"]},
                **{kind: set(names) for kind, names in requires["business"].items()}}
    found: list[Problem] = []
    for block_id, block in (document.get("blocks") or {}).items():
        if not isinstance(block, dict) or block.get("type") not in RESOURCE_PROPS:
            continue
        prop, kind = RESOURCE_PROPS[block["type"]]
        value = (block.get("props") or {}).get(prop)
        if isinstance(value, str) and value not in declared[kind]:
            where = "requires.bots" if kind == "bots" else f"requires.business.{kind}"
            found.append(Problem("error", "undeclared_requirement", f"The flow uses "
                                 f"{RESOURCE_WORDS[kind]} '{value}', "
                                 f"which the manifest does not declare under {where}.", block_id,
                                 prop))
    return found


def _audio_refs(value: Any) -> list[str]:
    """Every `{"audio": …}` prompt item inside props or a prompt library."""
    if isinstance(value, dict):
        own = [value["audio"]] if isinstance(value.get("audio"), str) else []
        return own + [ref for item in value.values() for ref in _audio_refs(item)]
    if isinstance(value, list):
        return [ref for item in value for ref in _audio_refs(item)]
    return []


def _audio_problems(package: Package, document: dict[str, Any]) -> list[Problem]:
    places = [(block_id, (block or {}).get("props")) for block_id, block in
              (document.get("blocks") or {}).items()] + [(None, document.get("prompts"))]
    return [Problem("error", "missing_audio", f"The prompt plays '{ref}', which is not in the "
                    "package.", block_id, "prompts")
            for block_id, value in places for ref in _audio_refs(value)
            if ref.startswith("audio/") and ref not in package.files]


def _signature_problems(package: Package) -> list[PackageProblem]:
    document = package.flows[package.entry_id]
    variables = document.get("variables") or {}
    found: list[PackageProblem] = []
    for kind in ("inputs", "outputs"):
        declared = package.manifest[kind]
        actual = list(document.get(kind) or [])
        if sorted(declared) != sorted(actual):
            found.append(PackageProblem("signature", f"The manifest's {kind} "
                                        f"({', '.join(sorted(declared)) or 'none'}) are not the "
                                        f"module's ({', '.join(sorted(actual)) or 'none'}).",
                                        f"microapp.json:{kind}"))
            continue
        for name, parameter in declared.items():
            flow_type = (variables.get(name) or {}).get("type", "any")
            if parameter["type"] != flow_type:
                found.append(PackageProblem("signature", f"The manifest says {kind[:-1]} '{name}' "
                                            f"is {parameter['type']}; the module declares "
                                            f"{flow_type}.", f"microapp.json:{kind}.{name}"))
    return found


def check_flows(package: Package, dependencies: Mapping[str, ModuleSet]) -> FlowReport:
    """Every problem of every flow; raises InvalidFlows when any is an error."""
    modules = PackageModules(package, dependencies)
    report = FlowReport()
    registry = shared_registry()
    for flow_id, document in package.flows.items():
        try:
            flow = load_flow(document, version=package.version)
        except FlowFormatError as exc:
            for problem in exc.problems:
                report.add(flow_id, problem)
            continue
        for problem in validate_flow(flow, registry, modules=modules.lookup):
            report.add(flow_id, problem)
        for problem in (*_ref_problems(package, document, modules),
                        *_resource_problems(package, document),
                        *_audio_problems(package, document)):
            report.add(flow_id, problem)
    problems = _signature_problems(package) + report.errors()
    if problems:
        raise InvalidFlows("invalid_flows", f"{package.ref}: {problems[0].describe()}",
                           problems=problems, details={"flows": report.problems})
    return report
