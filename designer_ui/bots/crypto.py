"""Bot credentials encrypted at rest with Fernet (AES-128-CBC + HMAC-SHA256).

A copy of the database (a backup, a support dump, a read replica) must not carry usable cloud
keys, so the `bots.credentials` column holds a Fernet token whose key never enters the
database. The key comes from `BOT_CREDENTIALS_KEY` (the environment, or the app config, also as
`DESIGNER_BOT_CREDENTIALS_KEY`): a Fernet key as made by `Fernet.generate_key()`, or any
passphrase, which is stretched with PBKDF2. Several comma-separated keys rotate: the first
encrypts, all decrypt. Without one, a key is derived from the app's `SECRET_KEY`; only the
development server allows that (see `check_key_source`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from collections.abc import Mapping
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import Flask

KEY_SETTING = "BOT_CREDENTIALS_KEY"
EXTENSION = "designer_bot_cipher"
PBKDF2_ROUNDS = 200_000


class CredentialsUnreadable(Exception):
    """Stored credentials that no configured key opens (the key was changed or lost)."""


def _fernet_key(material: str, label: bytes) -> bytes:
    """The text as a Fernet key when it is one, else a key stretched from it."""
    try:
        if len(base64.urlsafe_b64decode(material.encode())) == 32:
            return material.encode()
    except (binascii.Error, ValueError):
        pass
    derived = hashlib.pbkdf2_hmac("sha256", material.encode(), b"designer-bots:" + label,
                                  PBKDF2_ROUNDS)
    return base64.urlsafe_b64encode(derived)


class CredentialCipher:
    """Encrypts a credentials mapping to a token and back; holds the keys, never logs them."""

    def __init__(self, keys: list[bytes]):
        if not keys:
            raise ValueError("at least one key is needed")
        self._fernet = MultiFernet([Fernet(key) for key in keys])

    def __repr__(self) -> str:
        return "CredentialCipher(<keys hidden>)"

    @classmethod
    def from_settings(cls, configured: str | None, secret_key: str | None) -> CredentialCipher:
        parts = key_parts(configured)
        if parts:
            return cls([_fernet_key(part, b"configured") for part in parts])
        if not secret_key:
            raise RuntimeError(f"Set {KEY_SETTING} (or SECRET_KEY) to store bot credentials.")
        return cls([_fernet_key(secret_key, b"secret-key")])

    def encrypt(self, credentials: Mapping[str, Any]) -> str | None:
        if not credentials:
            return None
        plain = json.dumps(dict(credentials), sort_keys=True).encode()
        return self._fernet.encrypt(plain).decode("ascii")

    def decrypt(self, token: str | None) -> dict[str, Any]:
        if not token:
            return {}
        try:
            plain = self._fernet.decrypt(token.encode("ascii"))
        except InvalidToken:
            raise CredentialsUnreadable("the stored credentials cannot be decrypted with the "
                                        f"configured {KEY_SETTING}") from None
        value = json.loads(plain)
        return value if isinstance(value, dict) else {}


class CredentialsKeyMissing(RuntimeError):
    """A production server started without a key of its own for the bot credentials."""


MIN_PASSPHRASE = 16
"""Characters a passphrase key needs at least (a Fernet key has 44)."""


def key_parts(configured: str | None) -> list[str]:
    """The comma-separated keys of a `BOT_CREDENTIALS_KEY` value, blanks left out."""
    return [part.strip() for part in (configured or "").split(",") if part.strip()]


def configured_key(app: Flask) -> str | None:
    value = app.config.get(KEY_SETTING) or os.environ.get(KEY_SETTING)
    return str(value) if key_parts(str(value) if value else None) else None


def key_problem(configured: str) -> str | None:
    """Why a configured key cannot protect credentials (a passphrase that is too short), or
    None."""
    for index, part in enumerate(key_parts(configured), start=1):
        if len(part) < MIN_PASSPHRASE and _fernet_key(part, b"check") != part.encode():
            return (f"key {index} of {KEY_SETTING} is neither a Fernet key nor a passphrase of "
                    f"at least {MIN_PASSPHRASE} characters")
    return None


def check_key_source(app: Flask) -> None:
    """Refuse to serve without `BOT_CREDENTIALS_KEY` unless `BOT_CREDENTIALS_KEY_REQUIRED` is
    off (the development server and the command-line tools turn it off): the derived key's
    `SECRET_KEY` often sits in the instance folder, beside the database it protects."""
    configured = configured_key(app)
    problem = key_problem(configured) if configured else None
    if problem is not None:
        raise CredentialsKeyMissing(f"{problem[:1].upper()}{problem[1:]}.")
    if configured or not app.config.get("BOT_CREDENTIALS_KEY_REQUIRED", True):
        return
    raise CredentialsKeyMissing(
        f"{KEY_SETTING} is not set. A production server needs a key kept outside the instance "
        f"folder and the database to encrypt bot credentials: set {KEY_SETTING} (for example "
        "to the output of `python -c \"from cryptography.fernet import Fernet; "
        "print(Fernet.generate_key().decode())\"`). `designer serve` (development) runs "
        "without it.")


DERIVED_KEY_WARNING = (
    f"Warning: {KEY_SETTING} is not set, so bot credentials are encrypted with a key derived "
    "from SECRET_KEY (the instance folder's secret_key file unless SECRET_KEY is set), next to "
    f"the database. Set {KEY_SETTING} before going to production.")


def cipher_for(app: Flask) -> CredentialCipher:
    """The app's cipher, built once (deriving a key from a passphrase takes a moment)."""
    cipher = app.extensions.get(EXTENSION)
    if cipher is None:
        cipher = CredentialCipher.from_settings(configured_key(app), app.config.get("SECRET_KEY"))
        app.extensions[EXTENSION] = cipher
    return cipher
