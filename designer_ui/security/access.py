"""Declares who may call each endpoint, so the rule sits on the view and the OpenAPI document
and the security tests can read it back.

`requires()` with no roles means any logged-in user; `requires("developer")` means a developer
or an admin (admins may do everything). `public` endpoints need no log-in.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import g

from designer_ui.errors import ApiError
from designer_ui.models import User

View = TypeVar("View", bound=Callable[..., Any])

ANY: tuple[str, ...] = ()
PUBLIC = None


def current_user() -> User:
    user: User | None = g.get("user")
    if user is None:
        raise ApiError(401, "Log in first (POST /api/v1/auth/login) or send an API token.")
    return user


def requires(*roles: str) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if roles and not user.has_role(*roles):
                raise ApiError(403, f"This needs the {' or '.join(roles)} role.",
                               details={"required_roles": list(roles)})
            return view(*args, **kwargs)

        guarded.access = roles  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate


def public(view: View) -> View:
    view.access = PUBLIC  # type: ignore[attr-defined]
    view.csrf_exempt = True  # type: ignore[attr-defined]
    return view
