"""A production server refuses to start without BOT_CREDENTIALS_KEY; the development server and
the command-line tools run on a key derived from SECRET_KEY."""

from __future__ import annotations

from pathlib import Path

import pytest

from designer_ui.app import create_app
from designer_ui.bots.crypto import CredentialsKeyMissing, cipher_for
from designer_ui.extensions import db


def test_production_refuses_to_start_without_a_key(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BOT_CREDENTIALS_KEY", raising=False)
    monkeypatch.delenv("DESIGNER_BOT_CREDENTIALS_KEY", raising=False)
    with pytest.raises(CredentialsKeyMissing, match="BOT_CREDENTIALS_KEY is not set"):
        create_app({"INSTANCE_PATH": str(tmp_path), "AUTO_MIGRATE": False})


def test_a_configured_key_lets_production_start(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BOT_CREDENTIALS_KEY", raising=False)
    monkeypatch.setenv("DESIGNER_BOT_CREDENTIALS_KEY", "a long passphrase kept elsewhere")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "AUTO_MIGRATE": False})
    assert cipher_for(app).decrypt(cipher_for(app).encrypt({"k": "v"})) == {"k": "v"}


def test_the_development_server_keeps_the_derived_key(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BOT_CREDENTIALS_KEY", raising=False)
    app = create_app({"INSTANCE_PATH": str(tmp_path), "BOT_CREDENTIALS_KEY_REQUIRED": False})
    token = cipher_for(app).encrypt({"k": "v"})
    assert (tmp_path / "secret_key").is_file()
    again = create_app({"INSTANCE_PATH": str(tmp_path), "BOT_CREDENTIALS_KEY_REQUIRED": False})
    assert cipher_for(again).decrypt(token) == {"k": "v"}
    for each in (app, again):
        with each.app_context():
            db.engine.dispose()


@pytest.mark.parametrize("value", [" ", ",", " , ", "short", "a-fine-key-at-first,tiny"])
def test_a_blank_or_weak_key_is_refused_at_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 value: str) -> None:
    """A key of blanks (or separators only) is no key: production refuses to start rather than
    fall back to the key derived from the instance folder; a passphrase too short to protect
    anything is refused by name, as is a rotation list holding one."""
    monkeypatch.setenv("BOT_CREDENTIALS_KEY", value)
    monkeypatch.delenv("DESIGNER_BOT_CREDENTIALS_KEY", raising=False)
    with pytest.raises(CredentialsKeyMissing, match="BOT_CREDENTIALS_KEY"):
        create_app({"INSTANCE_PATH": str(tmp_path), "AUTO_MIGRATE": False})


def test_the_development_server_ignores_a_blank_key(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_CREDENTIALS_KEY", " , ")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "BOT_CREDENTIALS_KEY_REQUIRED": False})
    assert cipher_for(app).decrypt(cipher_for(app).encrypt({"k": "v"})) == {"k": "v"}
    with app.app_context():
        db.engine.dispose()
