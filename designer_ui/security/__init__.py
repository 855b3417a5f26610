"""Who is making a request and what they may do: sessions, API tokens, CSRF and roles."""

from __future__ import annotations

from flask import Flask

from designer_ui.security.access import ANY, PUBLIC, current_user, public, requires
from designer_ui.security.identity import load_identity


def init_security(app: Flask) -> None:
    app.before_request(load_identity)


__all__ = ["ANY", "PUBLIC", "current_user", "init_security", "public", "requires"]
