"""A counter that changes whenever some entry point could lead to a different flow version.

Chat and voice runtimes keep what an entry point leads to in memory, one copy per worker
process; reading one small row tells a process whether its copy is still good, so a promotion
reaches every worker within a fraction of a second without looking every entry point up again.
The counter is bumped in the same transaction as the change (by mapper events on environment
bindings and entry points), so a reader never sees the new counter before the new routing.
"""

from __future__ import annotations

from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column

from designer_ui.extensions import Base
from designer_ui.models.environments import EntryPoint, EnvironmentBinding

ROUTING_ROW = 1


class RoutingRevision(Base):
    """One row: how many times routing (bindings, entry points) has changed."""

    __tablename__ = "routing_revision"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    revision: Mapped[int] = mapped_column(sa.BigInteger, default=0)


ROUTING_TABLE = cast(sa.Table, RoutingRevision.__table__)


def read_routing_revision(connection: sa.Connection) -> int:
    """The current counter (0 before anything was ever bumped)."""
    table = ROUTING_TABLE
    found = connection.execute(sa.select(table.c.revision).where(
        table.c.id == ROUTING_ROW)).scalar()
    return int(found or 0)


def bump_routing_revision(connection: sa.Connection) -> None:
    """Count one routing change, inside the caller's transaction."""
    table = ROUTING_TABLE
    changed = connection.execute(sa.update(table).where(table.c.id == ROUTING_ROW).values(
        revision=table.c.revision + 1))
    if changed.rowcount == 0:
        connection.execute(sa.insert(table).values(id=ROUTING_ROW, revision=1))


def _routing_changed(_mapper: Any, connection: sa.Connection, _target: Any) -> None:
    bump_routing_revision(connection)


for _model in (EnvironmentBinding, EntryPoint):
    for _event in ("after_insert", "after_update", "after_delete"):
        event.listen(_model, _event, _routing_changed)
