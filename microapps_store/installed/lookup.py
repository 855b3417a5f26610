"""Resolves namespaced module references against the MicroApps installed in this Designer.

`acme/pin-check@1.2.0` is that exact version, `@latest` the newest installed, and a partial
version (`@1`, `@1.4`, `@1.x`) the newest installed version it matches, so a flow can
pin exactly or follow a major line. The Designer's module resolver calls `installed_document`
for every reference with a `/` (see `designer_ui.services.modules`).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from microapps_store import versions
from microapps_store.host import session
from microapps_store.models import InstalledMicroApp


def installed_rows(name: str | None = None, publisher: str | None = None) -> list[InstalledMicroApp]:
    query = sa.select(InstalledMicroApp)
    if name is not None:
        query = query.where(InstalledMicroApp.name == name)
    if publisher is not None:
        query = query.where(InstalledMicroApp.publisher == publisher)
    return list(session().execute(query).scalars())


def installed_version(name: str, version: str) -> InstalledMicroApp | None:
    return session().execute(sa.select(InstalledMicroApp).where(
        InstalledMicroApp.name == name, InstalledMicroApp.version == version)).scalar()


def holders(module_id: str) -> list[InstalledMicroApp]:
    """Installed versions holding flow `publisher/flow` (the MicroApp `publisher/flow`, or a
    helper flow of another MicroApp of that publisher)."""
    publisher, _, flow_id = module_id.partition("/")
    return [row for row in installed_rows(publisher=publisher) if flow_id in row.flows]


def pick(rows: list[InstalledMicroApp], selector: str) -> InstalledMicroApp | None:
    chosen = versions.select([row.version for row in rows], selector)
    return next((row for row in rows if row.version == chosen), None)


def installed_document(module_id: str, selector: str) -> tuple[dict[str, Any], str] | None:
    """(flow document, version) for `publisher/flow` and a selector; None when not installed."""
    row = pick(holders(module_id), selector)
    if row is None:
        return None
    return row.flows[module_id.partition("/")[2]], row.version
