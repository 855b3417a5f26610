"""The store's published versions as the resolver and installers see them.

Only published versions take part; yanked ones are listed (so a refusal can say why) but never
chosen. Packages are read back from their stored bytes through `read_package`, so what is
installed has passed the same archive and hash checks as what was submitted.
"""

from __future__ import annotations

import sqlalchemy as sa

from microapps_store import versions
from microapps_store.errors import StoreError
from microapps_store.host import session
from microapps_store.models import StoreVersion
from microapps_store.package import Package, read_package
from microapps_store.resolve import Candidate


def published(name: str) -> list[StoreVersion]:
    rows = session().execute(sa.select(StoreVersion).where(
        StoreVersion.name == name, StoreVersion.status == "published")).scalars().all()
    order = {version: index for index, version in
             enumerate(versions.sort_versions(row.version for row in rows))}
    return sorted(rows, key=lambda row: order[row.version])


def find_version(name: str, version: str) -> StoreVersion:
    row = session().execute(sa.select(StoreVersion).where(
        StoreVersion.name == name, StoreVersion.version == version)).scalar()
    if row is None:
        raise StoreError(404, "not_found", f"The store has no {name}@{version}.")
    return row


class StoreCatalog:
    """The local store as a dependency source."""

    def __init__(self) -> None:
        self._packages: dict[tuple[str, str], Package] = {}

    def candidates(self, name: str) -> list[Candidate]:
        return [Candidate(row.name, row.version, dict(row.manifest.get("dependencies", {})),
                          yanked=row.yanked, deprecated=row.deprecated)
                for row in published(name)]

    def package_bytes(self, name: str, version: str) -> bytes:
        row = find_version(name, version)
        if row.status != "published":
            raise StoreError(404, "not_found", f"{row.ref} is not published.")
        return row.archive

    def fetch(self, name: str, version: str) -> Package:
        key = (name, version)
        if key not in self._packages:
            self._packages[key] = read_package(self.package_bytes(name, version))
        return self._packages[key]

    def describe(self) -> str:
        return "local"

    def record_install(self, name: str, version: str) -> None:
        row = find_version(name, version)
        if row.status == "published":
            row.install_count += 1
