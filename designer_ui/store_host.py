"""The Designer's side of the MicroApps store: adapters that give the store what it needs of a
Designer (the database session, the audit log, the logged-in user, Business Controls and the
flows that may call MicroApps) without the store importing the Designer.

`mount_store` is what the application factory calls; the store's tables join the Designer's
metadata here, so the Designer's migrations, schema checks and clean-ups cover them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session

from designer_ui.extensions import db
from designer_ui.models import (
    BusinessHoursRecord,
    DataTableRecord,
    EmergencyFlag,
    EnvironmentBinding,
    Flow,
    FlowVersion,
)
from designer_ui.security import current_user
from designer_ui.services import audit
from microapps_store.host import FlowDocument, InstallTarget, StoreHost, StoreUser
from microapps_store.web import STORE_METADATA, init_store

BUSINESS_MODELS: dict[str, Any] = {"hours": BusinessHoursRecord, "emergency": EmergencyFlag,
                                   "tables": DataTableRecord}


def designer_session() -> Session:
    return db.session()


def designer_user() -> StoreUser:
    return current_user()


class DesignerBusinessControls:
    """A control exists when it has a value in at least one environment."""

    def has(self, kind: str, name: str) -> bool:
        model = BUSINESS_MODELS[kind]
        return db.session.execute(sa.select(model).where(model.name == name)).first() is not None


def designer_flow_documents() -> Iterator[FlowDocument]:
    """Every flow draft, and every published version an environment runs."""
    for flow in db.session.execute(sa.select(Flow)).scalars():
        yield flow.id, "draft", flow.document
    bound = db.session.execute(sa.select(FlowVersion).join(EnvironmentBinding, sa.and_(
        EnvironmentBinding.flow_id == FlowVersion.flow_id,
        EnvironmentBinding.version == FlowVersion.number))).scalars().unique()
    for version in bound:
        yield version.flow_id, f"version {version.number}", version.document


def designer_store_host() -> StoreHost:
    return StoreHost(session=designer_session, audit=audit.record, current_user=designer_user,
                     installs=InstallTarget(business_controls=DesignerBusinessControls(),
                                            flow_documents=designer_flow_documents))


def include_store_tables() -> None:
    """The store's tables become part of the Designer's schema (its migrations create them)."""
    for table in STORE_METADATA.sorted_tables:
        if table.key not in db.metadata.tables:
            table.to_metadata(db.metadata)


def mount_store(app: Flask) -> None:
    include_store_tables()
    init_store(app, designer_store_host())
