"""Prepares a test file for running: its flow found, loaded, validated and compiled, once.

A plan lists the runs (each case on each channel) a file asks for, so the command line and the pytest
plugin (which shows one item per run) agree on them. A flow that cannot be found or loaded
makes the whole file unusable; a flow that loads but does not validate fails each case.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from blocks import shared_registry
from interpreter.compiler import CompiledBlock, CompiledFlow, compile_flow
from interpreter.engine.engine import Engine
from interpreter.flow_model import Flow
from interpreter.problems import FlowFormatError
from interpreter.registry import BlockRegistry
from interpreter.validation import validate_flow
from runtime.flowtests.errors import FlowTestFileError
from runtime.flowtests.loading import load_test_file
from runtime.flowtests.project import FlowLibrary, ModuleLoadError, read_flow_file
from runtime.flowtests.results import FlowShape
from runtime.flowtests.spec import FlowTestCase, FlowTestFile
from runtime.turn_budget import turn_budget_from_env


@dataclass
class FilePlan:
    spec: FlowTestFile
    flow_path: Path
    flow: Flow
    library: FlowLibrary
    engine: Engine
    compiled: CompiledFlow | None = None
    problems: list[str] = field(default_factory=list)
    """Validation errors of the flow and the modules it calls; each case fails with them."""

    @property
    def path(self) -> Path:
        return self.spec.path

    def channels_for(self, case: FlowTestCase) -> tuple[str, ...]:
        return case.channels or self.spec.channels or self.flow.channels

    @property
    def runs(self) -> list[tuple[FlowTestCase, str]]:
        return [(case, channel) for case in self.spec.cases for channel in self.channels_for(case)]

    def shapes(self) -> list[FlowShape]:
        """The flow under test and every module compiled for it, for coverage."""
        shapes: list[FlowShape] = []
        if self.compiled is not None:
            shapes.append(_shape(self.compiled, self.flow_path, module=False, installed=False))
        for found, compiled in self.library.compiled_files():
            if found.path != self.flow_path:
                shapes.append(_shape(compiled, found.path, module=True,
                                     installed=found.installed))
        return shapes


def plan_file(path: Path | str, *, module_paths: Sequence[Path | str] = (),
              registry: BlockRegistry | None = None) -> FilePlan:
    """Load a test file and prepare its flow; raises FlowTestFileError when it cannot run."""
    spec = load_test_file(path)
    registry = registry or shared_registry()
    library = FlowLibrary(spec.path.parent, registry, [Path(p) for p in module_paths])
    flow_path = _locate_flow(spec, library)
    try:
        flow = read_flow_file(flow_path)
    except OSError as exc:
        raise FlowTestFileError(spec.path, [f"flow: {flow_path} cannot be read: "
                                            f"{exc.strerror or exc}"]) from None
    except FlowFormatError as exc:
        details = "\n".join(f"  {problem.describe()}" for problem in exc.problems)
        raise FlowTestFileError(spec.path, [f"flow: {flow_path} is not a valid flow "
                                            f"document:\n{details}"]) from None
    plan = FilePlan(spec, flow_path, flow, library, Engine(modules=library.resolve,
                                                                 budget=turn_budget_from_env()))
    plan.problems = _validation_problems(flow, library, registry, {flow_path})
    if not plan.problems:
        try:
            plan.compiled = compile_flow(flow, registry)
        except FlowFormatError as exc:
            plan.problems = [problem.describe() for problem in exc.problems]
    return plan


def _locate_flow(spec: FlowTestFile, library: FlowLibrary) -> Path:
    candidate = spec.path.parent / spec.flow
    if candidate.is_file():
        return candidate.resolve()
    if not spec.flow.endswith(".json") and "/" not in spec.flow and "\\" not in spec.flow:
        try:
            found = library.find(spec.flow)
        except ModuleLoadError as exc:
            raise FlowTestFileError(spec.path, [f"flow: {exc}"]) from None
        if found is not None:
            return found.path
        folders = ", ".join(str(folder) for folder in library.folders)
        raise FlowTestFileError(spec.path, [
            f"flow: '{spec.flow}' is neither a file next to this test nor the id of a flow "
            f"file in {folders}"])
    raise FlowTestFileError(spec.path, [f"flow: the file {candidate} does not exist"])


def _validation_problems(flow: Flow, library: FlowLibrary, registry: BlockRegistry,
                         seen: set[Path] | None = None, within: str = "") -> list[str]:
    """Errors in the flow and, recursively, in every module it calls that can be found."""
    seen = seen if seen is not None else set()
    prefix = f"in module '{within}': " if within else ""
    problems = [prefix + problem.describe()
                for problem in validate_flow(flow, registry, modules=library.lookup)
                if problem.severity == "error"]
    for block in flow.blocks.values():
        ref = block.props.get("module") if block.type == "module" else None
        if not isinstance(ref, str):
            continue
        try:
            found = library.find(ref.rpartition("@")[0] or ref)
        except ModuleLoadError as exc:
            problems.append(f"{prefix}block {block.id}: {exc}")
            continue
        if found is None or found.path in seen:
            continue
        seen.add(found.path)
        problems.extend(_validation_problems(found.flow, library, registry, seen, found.flow.id))
    return problems


def _shape(compiled: CompiledFlow, path: Path, *, module: bool, installed: bool) -> FlowShape:
    return FlowShape(compiled.id, path,
                     {block_id: coverable_ports(block) for block_id, block in compiled.blocks.items()},
                     module=module, installed=installed)


def coverable_ports(block: CompiledBlock) -> tuple[str, ...]:
    """The ports a case can take: all but an `error` port, or a port the block type takes only
    when connected (`after_agent`, a queue's `voicemail` ...), that leads nowhere.

    The engine treats an unconnected `error` port as no handler at all: the error goes to the
    calling module block or ends the flow, and that port is never taken. Likewise an unconnected
    `after_agent` port means finalize. Counting them would hold coverage below 100% for
    something no test can do.
    """
    optional = block.type.ports_when_connected | {"error"}
    return tuple(port for port in block.ports if port not in optional or port in block.next)
