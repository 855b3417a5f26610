"""Dependency resolution: which version of every MicroApp an install needs.

Each MicroApp declares npm-style ranges on others. The resolver picks, for every name reached,
the newest version that satisfies every range on it and is not yanked, re-reading the ranges
until the choice settles (one version per name; it does not go back to older versions of a
package whose requirements conflict, as npm does not). The chosen packages form a networkx
graph: a cycle is refused, and the topological order is the install order (dependencies
first). Missing names, conflicting ranges, yanked versions and cycles are each reported with
who needed what.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import networkx as nx

from microapps_store import versions
from microapps_store.errors import ResolutionError

MAX_ROUNDS = 50
REQUESTED = "the request"


@dataclass(frozen=True)
class Candidate:
    name: str
    version: str
    dependencies: Mapping[str, str] = field(default_factory=dict)
    yanked: str | None = None
    deprecated: str | None = None

    @property
    def ref(self) -> str:
        return f"{self.name}@{self.version}"


class Catalog(Protocol):
    def candidates(self, name: str) -> list[Candidate]:
        """Every known version of a MicroApp (yanked ones too, so refusals can say so)."""
        ...


@dataclass
class Resolution:
    chosen: dict[str, Candidate]
    order: list[str]
    graph: nx.DiGraph
    warnings: list[str] = field(default_factory=list)

    def versions(self) -> dict[str, str]:
        return {name: candidate.version for name, candidate in self.chosen.items()}

    def to_dict(self) -> dict[str, Any]:
        return {"packages": [{"name": name, "version": self.chosen[name].version,
                              "dependencies": dict(self.chosen[name].dependencies),
                              "deprecated": self.chosen[name].deprecated}
                             for name in self.order],
                "warnings": self.warnings}


Constraints = dict[str, list[tuple[str, str]]]


class Resolver:
    def __init__(self, catalog: Catalog, fixed: Mapping[str, Candidate] | None = None):
        self.catalog = catalog
        self.fixed = dict(fixed or {})
        self._known: dict[str, list[Candidate]] = {}

    def known(self, name: str) -> list[Candidate]:
        if name not in self._known:
            self._known[name] = [self.fixed[name]] if name in self.fixed else \
                list(self.catalog.candidates(name))
        return self._known[name]

    def resolve(self, requirements: Mapping[str, str]) -> Resolution:
        for name, spec in requirements.items():
            if not versions.is_selector(spec):
                raise ResolutionError("invalid_range", f"'{spec}' is not a version or range for "
                                      f"{name} (e.g. 1.2.0, ^1.2, ~1.4, latest).")
        chosen: dict[str, Candidate] = {}
        for _ in range(MAX_ROUNDS):
            constraints: Constraints = {name: [(versions.as_range(spec), REQUESTED)]
                                        for name, spec in requirements.items()}
            for candidate in chosen.values():
                for name, spec in candidate.dependencies.items():
                    constraints.setdefault(name, []).append((spec, candidate.ref))
            settled = {name: self.pick(name, ranges) for name, ranges in constraints.items()}
            if settled == chosen:
                break
            chosen = settled
        else:
            raise ResolutionError("unsettled", "The dependency ranges do not settle on one "
                                  "version of each MicroApp.")
        graph = dependency_graph(chosen)
        warnings = [f"{c.ref} is deprecated: {c.deprecated}" for c in chosen.values()
                    if c.deprecated]
        order = list(reversed(list(nx.topological_sort(graph))))
        return Resolution(chosen, order, graph, warnings)

    def pick(self, name: str, ranges: list[tuple[str, str]]) -> Candidate:
        known = self.known(name)
        needed = "; ".join(f"{spec} (needed by {who})" for spec, who in ranges)
        if not known:
            raise ResolutionError("not_found", f"There is no MicroApp '{name}' in the store "
                                  f"({needed}).", details={"name": name})
        fitting = [c for c in known if all(versions.satisfies(c.version, s) for s, _ in ranges)]
        usable = [c for c in fitting if not c.yanked]
        if usable:
            best = versions.sort_versions(c.version for c in usable)[-1]
            return next(c for c in usable if c.version == best)
        available = ", ".join(versions.sort_versions(c.version for c in known if not c.yanked))
        if fitting:
            yanked = fitting[-1]
            raise ResolutionError("yanked", f"{yanked.ref} was yanked ({yanked.yanked}) and no "
                                  f"other version satisfies {needed}. New installs are refused; "
                                  "copies already installed keep working.",
                                  details={"name": name, "available": available})
        if len(ranges) > 1 and all(any(versions.satisfies(c.version, s) for c in known)
                                   for s, _ in ranges):
            raise ResolutionError("conflict", f"No version of {name} satisfies every range at "
                                  f"once: {needed}. Available: {available or 'none'}.",
                                  details={"name": name, "ranges": [s for s, _ in ranges]})
        raise ResolutionError("no_matching_version", f"No version of {name} satisfies {needed}. "
                              f"Available: {available or 'none'}.", details={"name": name})


def dependency_graph(chosen: Mapping[str, Candidate]) -> nx.DiGraph:
    """Edges from each MicroApp to those it depends on; refuses a cycle, naming it."""
    graph = nx.DiGraph()
    for candidate in chosen.values():
        graph.add_node(candidate.name)
        for name in candidate.dependencies:
            graph.add_edge(candidate.name, name)
    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        return graph
    names = [edge[0] for edge in cycle] + [cycle[0][0]]
    chain = " → ".join(chosen[name].ref if name in chosen else name for name in names)
    raise ResolutionError("dependency_cycle", f"MicroApps depend on each other in a circle: "
                          f"{chain}.", details={"cycle": names})


def resolve(requirements: Mapping[str, str], catalog: Catalog,
            fixed: Mapping[str, Candidate] | None = None) -> Resolution:
    return Resolver(catalog, fixed).resolve(requirements)
