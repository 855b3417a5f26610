"""What happens to a user's ways in when their password changes or they are deactivated.

A new password must end what the old one opened: every log-in session, and the API tokens
made with it unless the user explicitly keeps them (`keep_tokens`). Deactivation ends the
sessions too; the tokens stay stored but are refused while the user is inactive.
"""

from __future__ import annotations

from designer_ui.models import User
from designer_ui.security.passwords import set_strong_password
from designer_ui.security.sessions import end_all_sessions, revoke_tokens
from designer_ui.services import audit


def change_password(user: User, password: str, *, keep_tokens: bool = False) -> None:
    """Set a new (strong enough) password, end all sessions and, unless kept, the API tokens.
    The caller commits; a caller that is this user's own session starts a fresh one."""
    set_strong_password(user, password)
    end_all_sessions(user.id)
    revoked = 0 if keep_tokens else revoke_tokens(user.id)
    audit.record("user.password_change", f"user:{user.username}", kept_tokens=keep_tokens,
                 revoked_tokens=revoked)


def deactivate(user: User) -> None:
    user.active = False
    end_all_sessions(user.id)
