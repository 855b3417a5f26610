"""The encryption key of the credentials: where it comes from, rotation, and a lost key."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from flask import Flask

from designer_ui.bots.crypto import EXTENSION, CredentialCipher, CredentialsUnreadable, cipher_for
from tests.designer_ui.bots.conftest import lex_entry, register
from tests.designer_ui.helpers import Api


def test_the_key_comes_from_the_environment_else_from_the_secret_key(
        monkeypatch: pytest.MonkeyPatch) -> None:
    key = Fernet.generate_key().decode()
    monkeypatch.setenv("BOT_CREDENTIALS_KEY", key)
    configured = Flask("configured")
    token = cipher_for(configured).encrypt({"k": "v"})
    assert token and Fernet(key.encode()).decrypt(token.encode())
    monkeypatch.delenv("BOT_CREDENTIALS_KEY")
    derived = Flask("derived")
    derived.config["SECRET_KEY"] = "s3cret"
    token = cipher_for(derived).encrypt({"k": "v"})
    assert CredentialCipher.from_settings(None, "s3cret").decrypt(token) == {"k": "v"}
    with pytest.raises(CredentialsUnreadable):
        CredentialCipher.from_settings("another passphrase", None).decrypt(token)


def test_rotation_reads_old_tokens_and_writes_with_the_first_key() -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    token = CredentialCipher.from_settings(old, None).encrypt({"k": "v"})
    rotated = CredentialCipher.from_settings(f"{new},{old}", None)
    assert rotated.decrypt(token) == {"k": "v"}
    fresh = rotated.encrypt({"k": "v"})
    assert fresh and Fernet(new.encode()).decrypt(fresh.encode())
    assert rotated.encrypt({}) is None and rotated.decrypt(None) == {}


def test_a_lost_key_makes_turns_fail_clearly(app: Flask, developer: Api,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    register(developer, lex_entry("http://127.0.0.1:9"))
    monkeypatch.setitem(app.extensions, EXTENSION,
                        CredentialCipher([Fernet.generate_key()]))
    result = developer.post("bots/OrderBot/test", json={"text": "pizza"})
    assert result.json["ok"] is False
    assert result.json["error"] == ("bot 'OrderBot': the stored credentials cannot be decrypted "
                                    "with the configured BOT_CREDENTIALS_KEY")
    assert developer.get("bots/OrderBot").json["credentials_set"] is True
    body = {key: value for key, value in lex_entry("http://127.0.0.1:9").items()
            if key not in ("name", "credentials")}
    edited = developer.put("bots/OrderBot", json={**body, "description": "still editable"})
    assert edited.status_code == 200 and edited.json["credentials_set"] is True
