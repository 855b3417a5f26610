"""Which parts of each flow no case exercised: blocks never entered, ports never taken.

A port is an output of a block (a menu option, `noinput`, `error`, ...). Port coverage is the
share of ports at least one case took, over every case in the run (passed or failed) and every
channel. An `error` port that is not connected is not counted: the engine never takes it (see
`plan.coverable_ports`); nor is a port its block type takes only when connected (`after_agent`,
a route's `voicemail`, `callback`, `leave`). Modules the cases called count as flows of their own; installed
MicroApps do not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from runtime.flowtests.report import display_path
from runtime.flowtests.results import FlowShape, RunReport

COVERAGE_HEADING = "Coverage (ports taken by at least one case):"
COVERAGE_LEGEND = ("  (error ports, and ports such as after_agent, that are not connected are not "
                   "counted: no case can take them)")


@dataclass(frozen=True)
class FlowCoverage:
    flow_id: str
    path: Path
    module: bool
    blocks_total: int
    blocks_missed: tuple[str, ...]
    ports_total: int
    ports_missed: tuple[tuple[str, str], ...]
    """(block id, port) pairs no case took."""

    @property
    def ports_taken(self) -> int:
        return self.ports_total - len(self.ports_missed)

    @property
    def port_percent(self) -> float:
        return 100.0 if self.ports_total == 0 else 100.0 * self.ports_taken / self.ports_total

    @property
    def block_percent(self) -> float:
        if self.blocks_total == 0:
            return 100.0
        return 100.0 * (self.blocks_total - len(self.blocks_missed)) / self.blocks_total


def port_coverage(report: RunReport) -> list[FlowCoverage]:
    """Coverage per flow (the flows under test first, then modules), merged over all files."""
    shapes: dict[str, FlowShape] = {}
    for result in report.files:
        for shape in result.flows:
            if not shape.installed:
                known = shapes.get(shape.flow_id)
                if known is None or (known.module and not shape.module):
                    shapes[shape.flow_id] = shape
    entered = {item for case in report.cases for item in case.trace.entered}
    taken = {item for case in report.cases for item in case.trace.ports}
    coverages = []
    for flow_id, shape in shapes.items():
        blocks_missed = tuple(block for block in shape.blocks if (flow_id, block) not in entered)
        ports = [(block, port) for block, block_ports in shape.blocks.items()
                 for port in block_ports]
        ports_missed = tuple((block, port) for block, port in ports
                             if (flow_id, block, port) not in taken)
        coverages.append(FlowCoverage(flow_id, shape.path, shape.module, len(shape.blocks),
                                      blocks_missed, len(ports), ports_missed))
    return sorted(coverages, key=lambda c: (c.module, c.flow_id))


def coverage_percentage(coverages: Sequence[FlowCoverage]) -> float:
    """Ports taken over all ports of all flows: the number `--min-coverage` compares."""
    total = sum(c.ports_total for c in coverages)
    taken = sum(c.ports_taken for c in coverages)
    return 100.0 if total == 0 else 100.0 * taken / total


def format_coverage(coverages: Sequence[FlowCoverage]) -> str:
    if not coverages:
        return "Coverage: no flow was run."
    lines = [COVERAGE_HEADING]
    width = max(len(c.flow_id) + (9 if c.module else 0) for c in coverages)
    for c in coverages:
        name = f"{c.flow_id} (module)" if c.module else c.flow_id
        lines.append(f"  {name:<{width}}  {c.ports_taken:>3}/{c.ports_total:<3} ports "
                     f"{c.port_percent:5.1f}%   {display_path(c.path)}")
        if c.blocks_missed:
            lines.append(f"      blocks never entered: {', '.join(c.blocks_missed)}")
        if c.ports_missed:
            missed = ", ".join(f"{block}.{port}" for block, port in c.ports_missed)
            lines.append(f"      ports never taken: {missed}")
    lines.append(f"  total: {coverage_percentage(coverages):.1f}% of ports")
    lines.append(COVERAGE_LEGEND)
    return "\n".join(lines)
