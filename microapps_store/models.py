"""The store's tables and the MicroApps installed in a Designer, in the Designer's database
(a Designer's migrations create them) or the standalone store's own.

A store keeps every submitted version with its package bytes, checks and review; a Designer
keeps the MicroApps it installed (from its own store or a remote one) with their flows, so
module references resolve without the store being reachable. Both live in every Designer: a
Designer may serve as a store for others, consume one, or both.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from microapps_store.columns import JSONColumn, StoreBase, UTCDateTime, isoformat, utcnow

STATUSES = ("pending", "published", "rejected")


class StoreMicroApp(StoreBase):
    """A MicroApp name in the store, owned by the developer who first submitted it."""

    __tablename__ = "store_microapps"

    name: Mapped[str] = mapped_column(sa.String(129), primary_key=True)
    publisher: Mapped[str] = mapped_column(sa.String(64), index=True)
    owner: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StoreVersion(StoreBase):
    """One submitted version: immutable once published, except for deprecation and yanking."""

    __tablename__ = "store_microapp_versions"
    __table_args__ = (sa.UniqueConstraint("name", "version",
                                          name="uq_store_microapp_versions_name_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(
        sa.ForeignKey("store_microapps.name", ondelete="CASCADE"), index=True)
    version: Mapped[str] = mapped_column(sa.String(64))
    status: Mapped[str] = mapped_column(sa.String(16), index=True, default="pending")
    title: Mapped[str] = mapped_column(sa.String(80))
    description: Mapped[str] = mapped_column(sa.Text)
    category: Mapped[str] = mapped_column(sa.String(32), index=True)
    tags: Mapped[list[str]] = mapped_column(JSONColumn, default=list)
    manifest: Mapped[dict[str, Any]] = mapped_column(JSONColumn)
    readme: Mapped[str] = mapped_column(sa.Text)
    archive: Mapped[bytes] = mapped_column(sa.LargeBinary)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    size: Mapped[int] = mapped_column()
    checks: Mapped[dict[str, Any]] = mapped_column(JSONColumn, default=dict)
    submitted_by: Mapped[str] = mapped_column(sa.String(64))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reviewed_by: Mapped[str | None] = mapped_column(sa.String(64))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_comment: Mapped[str] = mapped_column(sa.Text, default="")
    deprecated: Mapped[str | None] = mapped_column(sa.Text)
    deprecated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    yanked: Mapped[str | None] = mapped_column(sa.Text)
    yanked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    install_count: Mapped[int] = mapped_column(default=0)

    @property
    def ref(self) -> str:
        return f"{self.name}@{self.version}"

    def summary(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version, "status": self.status,
                "title": self.title, "category": self.category,
                "submitted_by": self.submitted_by, "submitted_at": isoformat(self.submitted_at),
                "reviewed_by": self.reviewed_by, "reviewed_at": isoformat(self.reviewed_at),
                "review_comment": self.review_comment, "deprecated": self.deprecated,
                "yanked": self.yanked, "install_count": self.install_count,
                "sha256": self.sha256, "size": self.size,
                "dependencies": dict(self.manifest.get("dependencies", {}))}


class InstalledMicroApp(StoreBase):
    """A MicroApp version installed into this Designer; flows call it as `name@version`."""

    __tablename__ = "installed_microapps"
    __table_args__ = (sa.UniqueConstraint("name", "version",
                                          name="uq_installed_microapps_name_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(129), index=True)
    publisher: Mapped[str] = mapped_column(sa.String(64), index=True)
    version: Mapped[str] = mapped_column(sa.String(64))
    manifest: Mapped[dict[str, Any]] = mapped_column(JSONColumn)
    flows: Mapped[dict[str, Any]] = mapped_column(JSONColumn)
    archive: Mapped[bytes] = mapped_column(sa.LargeBinary)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    source: Mapped[str] = mapped_column(sa.String(500))
    requested: Mapped[bool] = mapped_column(default=True)
    installed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    installed_by: Mapped[str | None] = mapped_column(sa.String(64))

    @property
    def ref(self) -> str:
        return f"{self.name}@{self.version}"

    def summary(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version, "title": self.manifest.get("title"),
                "inputs": self.manifest.get("inputs", {}),
                "outputs": self.manifest.get("outputs", {}), "flows": sorted(self.flows),
                "source": self.source, "requested": self.requested, "sha256": self.sha256,
                "installed_at": isoformat(self.installed_at), "installed_by": self.installed_by}
