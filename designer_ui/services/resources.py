"""Which bots, data tables and announcements exist, for flow validation.

The engine warns about a name the host does not know (`interpreter.validation.content`); this
is the Designer's answer, read from its database. Data tables and announcements hold a value
per environment: a flow bound to environments (promoted there) needs the name in each of them,
and the answer names those that lack it; a flow bound nowhere yet needs it in any one.
Announcements are checked only once their table is part of the schema; before that every
announcement name is taken as known.
"""

from __future__ import annotations

import sqlalchemy as sa

from designer_ui.extensions import Base, db
from designer_ui.models import ENVIRONMENTS, EnvironmentBinding

RESOURCE_TABLES = {"bot": "bots", "data_table": "data_tables", "announcement": "announcements"}
"""The table whose `name` column lists each kind of resource."""

EVERYWHERE = "*"
"""Stands for every environment, for kinds that have no value per environment (bots)."""


def bound_environments(flow_id: object) -> tuple[str, ...]:
    """The environments a flow is bound to (runs a version in), in the usual order."""
    if not isinstance(flow_id, str):
        return ()
    bound = set(db.session.execute(sa.select(EnvironmentBinding.environment).where(
        EnvironmentBinding.flow_id == flow_id)).scalars())
    return tuple(environment for environment in ENVIRONMENTS if environment in bound)


class StoredResources:
    """A `ResourceLookup` over the database; each kind is read once per instance (one request).

    A per-environment name is looked for in each environment the flow `flow_id` is bound to
    (read at the first look-up) and the answer is the environments lacking it; for a flow bound
    nowhere, or without a flow, any one environment will do."""

    def __init__(self, flow_id: object = None) -> None:
        self.flow_id = flow_id
        self._environments: tuple[str, ...] | None = None
        self._names: dict[str, dict[str, frozenset[str]] | None] = {}
        self.consulted = False

    @property
    def environments(self) -> tuple[str, ...]:
        if self._environments is None:
            self._environments = bound_environments(self.flow_id)
        return self._environments

    def __call__(self, kind: str, name: str) -> bool | tuple[str, ...]:
        self.consulted = True
        if kind not in self._names:
            self._names[kind] = self._load(kind)
        names = self._names[kind]
        if names is None:
            return True
        where = names.get(name, frozenset())
        if EVERYWHERE in where or not self.environments:
            return bool(where)
        return tuple(environment for environment in self.environments
                     if environment not in where)

    @staticmethod
    def _load(kind: str) -> dict[str, frozenset[str]] | None:
        """Each name of a kind, with the environments that have it."""
        table = Base.metadata.tables.get(RESOURCE_TABLES.get(kind, ""))
        if table is None or "name" not in table.c:
            return None
        if "environment" not in table.c:
            return {name: frozenset({EVERYWHERE})
                    for name in db.session.execute(sa.select(table.c.name)).scalars()}
        found: dict[str, set[str]] = {}
        for name, environment in db.session.execute(
                sa.select(table.c.name, table.c.environment)):
            found.setdefault(name, set()).add(environment)
        return {name: frozenset(environments) for name, environments in found.items()}
