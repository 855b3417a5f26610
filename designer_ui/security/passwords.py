"""The rule every new password must pass, wherever it is set: the user API, the password
change, the command line and the demo admin.

Length alone lets `password1` and `12345678` through, so the strength is estimated with zxcvbn
(dictionaries, keyboard patterns, dates, repeats and the user's own name); a password needs a
score of at least `PASSWORD_MIN_SCORE` (0-4, default 3). Only the first `MAX_CHECKED_LENGTH`
(72) characters are rated, so a very long password costs no more to check than a normal one;
a password whose first 72 characters are weak is refused.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app, has_app_context
from zxcvbn import zxcvbn

from designer_ui.errors import ApiError
from designer_ui.models import User

DEFAULT_MIN_SCORE = 3
MAX_CHECKED_LENGTH = 72


def _min_score() -> int:
    if has_app_context():
        return int(current_app.config.get("PASSWORD_MIN_SCORE", DEFAULT_MIN_SCORE))
    return DEFAULT_MIN_SCORE


def password_weakness(password: str, user_inputs: Iterable[str] = ()) -> str | None:
    """Why the password is too easy to guess, or None when it is strong enough."""
    result = zxcvbn(password[:MAX_CHECKED_LENGTH],
                    user_inputs=[value[:MAX_CHECKED_LENGTH] for value in user_inputs if value],
                    max_length=MAX_CHECKED_LENGTH)
    if result["score"] >= _min_score():
        return None
    feedback = result["feedback"]
    reasons = [feedback.get("warning") or "It is easy to guess."]
    reasons += feedback.get("suggestions") or ["Try a longer phrase of several uncommon words."]
    return "This password is too weak: " + " ".join(reason.strip() for reason in reasons
                                                    if reason.strip())


def require_strong_password(password: str, *, user_inputs: Iterable[str] = ()) -> None:
    """Raise a 400 naming what is wrong with a weak password."""
    problem = password_weakness(password, user_inputs)
    if problem is not None:
        raise ApiError(400, problem, code="weak_password",
                       details={"fields": {"password": [problem]}})


def set_strong_password(user: User, password: str) -> None:
    """Check the password against the rule (and the user's own names), then store its hash."""
    require_strong_password(password, user_inputs=(user.username, user.display_name or ""))
    user.set_password(password)
