"""Passwords the Designer makes up for someone (an admin's password reset): random enough that
they always pass the strength rule, and short enough to pass on by hand once."""

from __future__ import annotations

import secrets

from designer_ui.security.passwords import password_weakness

GENERATED_PASSWORD_BYTES = 15
"""15 random bytes: 20 URL-safe characters, about 120 bits."""
MAX_ATTEMPTS = 20


def generate_strong_password() -> str:
    """A random password that passes the configured zxcvbn rule (a bounded number of tries)."""
    for _ in range(MAX_ATTEMPTS):
        candidate = secrets.token_urlsafe(GENERATED_PASSWORD_BYTES)
        if password_weakness(candidate) is None:
            return candidate
    raise RuntimeError("Could not generate a password that passes PASSWORD_MIN_SCORE.")
