"""The distributor's lease: one row saying who distributes and until when.

Taking or renewing it is one conditional UPDATE (`holder = me OR expires_at < now`), which works
alike on PostgreSQL and SQLite. The caller does it first in the transaction of a whole
distribution round and commits at the round's end, so on PostgreSQL the row stays locked for
the round: a second distributor's UPDATE waits, then finds the lease held and does nothing.
A holder that dies stops renewing; its transaction is rolled back by the database and the lease
expires `ttl` seconds after its last renewal, when another node takes it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, scoped_session

from designer_ui.models.queues import DistributorLease

DbSession = Session | scoped_session[Any]
"""A plain session (a distributor's own) or Flask-SQLAlchemy's request-scoped one."""
LEASE_NAME = "queues"
LEASE_TABLE = cast(sa.Table, DistributorLease.__table__)


def hold_lease(session: DbSession, holder: str, now: datetime, ttl_s: float,
               name: str = LEASE_NAME) -> bool:
    """Take or renew the lease inside the caller's transaction; True when `holder` has it."""
    table = LEASE_TABLE
    expires = now + timedelta(seconds=ttl_s)
    renewed = session.execute(
        sa.update(table)
        .where(table.c.name == name, sa.or_(table.c.holder == holder, table.c.expires_at < now))
        .values(holder=holder, expires_at=expires))
    if renewed.rowcount == 1:  # type: ignore[attr-defined]
        return True
    exists = session.execute(sa.select(table.c.name).where(table.c.name == name)).first()
    if exists is not None:
        return False
    try:
        with session.begin_nested():
            session.execute(sa.insert(table).values(name=name, holder=holder, expires_at=expires))
    except IntegrityError:
        return False
    return True


def lease_holder(session: DbSession, now: datetime, name: str = LEASE_NAME) -> str | None:
    """Who holds an unexpired lease, if anyone."""
    table = LEASE_TABLE
    row = session.execute(sa.select(table.c.holder, table.c.expires_at)
                          .where(table.c.name == name)).first()
    if row is None:
        return None
    return str(row.holder) if row.expires_at > now else None
