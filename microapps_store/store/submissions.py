"""Submitting a package: automated checks, then the review queue (or straight to published for
the built-in MicroApps a Designer ships with).

The checks are those of `verify_package` against the store's published versions: archive
safety and size limits, manifest, hashes, dependencies (ranges, conflicts, cycles), flow
validation and the package's own flow tests. A package that fails any of them is refused and
nothing is stored. A name belongs to the developer who first submitted it; a version that
exists (pending or published) is never replaced; a rejected one may be submitted again.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import current_app

from microapps_store.columns import utcnow
from microapps_store.errors import StoreError
from microapps_store.host import audit, session
from microapps_store.models import StoreMicroApp, StoreVersion
from microapps_store.package import Limits, Package, read_package, verify_contents
from microapps_store.publishers import refuse_reserved_publisher
from microapps_store.store.catalog import StoreCatalog

SYSTEM_USER = "builtin"
"""The name built-in MicroApps are submitted under; no account may have it (users.py refuses
it), and publishing under a reserved publisher needs `as_system`, never a user name."""


def package_limits() -> Limits:
    return Limits(archive_bytes=int(current_app.config["MICROAPPS_PACKAGE_MAX_BYTES"]))


def _check_ownership(package: Package, username: str, is_admin: bool, as_system: bool) -> None:
    if not as_system:
        refuse_reserved_publisher(package)
    owner = session().get(StoreMicroApp, package.name)
    if owner is not None and owner.owner != username and not is_admin:
        raise StoreError(403, "not_owner", f"{package.name} belongs to {owner.owner}; only they "
                         "(or an admin) may submit new versions.")


def _existing(package: Package) -> StoreVersion | None:
    row = session().execute(sa.select(StoreVersion).where(
        StoreVersion.name == package.name, StoreVersion.version == package.version)).scalar()
    if row is not None and row.status != "rejected":
        raise StoreError(409, "version_exists", f"{package.ref} already exists in the store "
                         f"({row.status}); versions are immutable, so give this one a new "
                         "version number.")
    return row


def submit(data: bytes, username: str, *, is_admin: bool = False,
           run_tests: bool = True, publish: bool = False, as_system: bool = False) -> StoreVersion:
    """Check and store a package (flushed, not committed); raises a MicroAppError on refusal.

    `as_system` is for the built-in loader alone: it may publish under reserved publishers."""
    package = read_package(data, package_limits())
    _check_ownership(package, username, is_admin, as_system)
    rejected = _existing(package)
    verification = verify_contents(package, source=StoreCatalog(), run_tests=run_tests)
    if rejected is not None:
        session().delete(rejected)
        session().flush()
    if session().get(StoreMicroApp, package.name) is None:
        session().add(StoreMicroApp(name=package.name, publisher=package.publisher,
                                     owner=username))
    manifest = package.manifest
    row = StoreVersion(
        name=package.name, version=package.version, status="pending",
        title=manifest["title"], description=manifest["description"],
        category=manifest["category"], tags=list(manifest["tags"]), manifest=manifest,
        readme=package.readme, archive=data, sha256=package.sha256, size=len(data),
        checks=verification.to_dict(), submitted_by=username, review_comment="")
    if publish:
        row.status, row.reviewed_by, row.reviewed_at = "published", username, utcnow()
        row.review_comment = "Published without review (ships with the Designer)."
    session().add(row)
    session().flush()
    audit("microapp.submit", f"microapp:{row.ref}", username=username, status=row.status,
                 sha256=package.sha256)
    return row


def submissions_of(username: str | None) -> list[dict[str, Any]]:
    """A developer's own submissions (every status), or everyone's for reviewers (None)."""
    query = sa.select(StoreVersion).order_by(StoreVersion.submitted_at.desc())
    if username is not None:
        query = query.where(StoreVersion.submitted_by == username)
    return [row.summary() for row in session().execute(query).scalars()]
