"""What the store needs from whoever mounts it, as small interfaces handed to `init_store`.

The store never imports the Designer: a Designer mounts it with adapters over its own database
session, audit log, log-in and Business Controls (`designer_ui.store_host`), and the standalone
store (`microapps_store.standalone`) mounts it with its own. Code inside a request or an app
context reaches them through `current_host()` and `session()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from flask import current_app
from sqlalchemy.orm import Session

HOST_KEY = "microapps_store.host"

SessionFactory = Callable[[], Session]
"""The database session of the current request or app context (the same one every call)."""

FlowDocument = tuple[str, str, dict[str, Any]]
"""(flow id, where it is, e.g. `draft` or `version 3`, the flow document)."""


class StoreUser(Protocol):
    """The person making the current request."""

    @property
    def username(self) -> str: ...

    def has_role(self, *roles: str) -> bool: ...


class UserLookup(Protocol):
    """The logged-in user of the current request; refuses (401) when nobody is logged in."""

    def __call__(self) -> StoreUser: ...


class AuditRecorder(Protocol):
    """Adds an entry to the host's audit log, in the current transaction."""

    def __call__(self, action: str, obj: str = "", *, username: str | None = None,
                 **details: Any) -> None: ...


class BusinessControls(Protocol):
    """The Business Controls of the Designer MicroApps are installed into."""

    def has(self, kind: str, name: str) -> bool:
        """Whether a control of `kind` (`hours`, `emergency`, `tables`) named `name` exists."""
        ...


class FlowDocuments(Protocol):
    """The Designer's own flows that may call MicroApps: drafts and the versions it runs."""

    def __call__(self) -> Iterable[FlowDocument]: ...


@dataclass(frozen=True)
class InstallTarget:
    """What a Designer adds so that MicroApps can be installed into it."""

    business_controls: BusinessControls
    flow_documents: FlowDocuments


@dataclass(frozen=True)
class StoreHost:
    """Everything the store uses of its host; `installs` is None where nothing is installed
    (the standalone store only publishes)."""

    session: SessionFactory
    audit: AuditRecorder
    current_user: UserLookup
    installs: InstallTarget | None = None


def current_host() -> StoreHost:
    host: StoreHost = current_app.extensions[HOST_KEY]
    return host


def session() -> Session:
    return current_host().session()


def install_target() -> InstallTarget:
    target = current_host().installs
    if target is None:
        raise RuntimeError("This store is not mounted in a Designer: nothing is installed here.")
    return target


def audit(action: str, obj: str = "", *, username: str | None = None, **details: Any) -> None:
    current_host().audit(action, obj, username=username, **details)
