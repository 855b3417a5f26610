"""Writes the audit log: called in the same transaction as the change it records."""

from __future__ import annotations

from typing import Any

from flask import g, has_request_context

from designer_ui.extensions import db
from designer_ui.models import AuditEntry


def record(action: str, obj: str = "", *, username: str | None = None, **details: Any) -> None:
    if username is None and has_request_context() and g.get("user") is not None:
        username = g.user.username
    db.session.add(AuditEntry(username=username, action=action, object=obj, details=details))
