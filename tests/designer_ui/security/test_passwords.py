"""Weak passwords are refused wherever a password is set, with zxcvbn's reason."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask

from designer_ui.app import create_app
from designer_ui.cli import main
from designer_ui.extensions import db
from designer_ui.models import User
from designer_ui.security.passwords import password_weakness
from tests.designer_ui.conftest import PASSWORD, login
from tests.designer_ui.helpers import Api

WEAK = ("password", "12345678", "qwertyuiop", "dana2024!")


def test_common_and_guessable_passwords_are_weak() -> None:
    for password in WEAK:
        problem = password_weakness(password, ["dana"])
        assert problem is not None and problem.startswith("This password is too weak:"), password
    assert "common password" in (password_weakness("password") or "")
    assert password_weakness("walrus kettle orbit") is None
    assert password_weakness(PASSWORD) is None
    assert password_weakness("x" * 1000 + "walrus kettle orbit") is not None  # bounded cost


def test_the_user_api_refuses_weak_passwords(admin: Api, user_factory: Callable[..., int]) -> None:
    for password in WEAK:
        response = admin.post("users", json={"username": "bea", "password": password,
                                             "roles": ["business"]})
        assert response.status_code == 400 and response.json["error"]["code"] == "weak_password"
        assert "password" in response.json["error"]["details"]["fields"]
    named = admin.post("users", json={"username": "beatrice", "password": "beatrice1",
                                      "roles": ["business"]})
    assert named.status_code == 400
    user_id = user_factory("dana", "developer")
    changed = admin.patch(f"users/{user_id}", json={"password": "12345678"})
    assert changed.status_code == 400 and "too weak" in changed.json["error"]["message"]


def test_the_demo_admin_password_passes_the_rule(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    examples = tmp_path / "examples"
    examples.mkdir()
    app = create_app({"INSTANCE_PATH": str(tmp_path / "instance"), "LOAD_EXAMPLES": True,
                      "EXAMPLES_DIR": str(examples), "DEMO_PASSWORD": None})
    printed = re.search(r"password '([^']+)'", capsys.readouterr().out)
    assert printed is not None and password_weakness(printed.group(1)) is None
    login(app, "admin", printed.group(1))
    with app.app_context():
        db.engine.dispose()
    with pytest.raises(RuntimeError, match="DESIGNER_DEMO_PASSWORD is not accepted"):
        create_app({"INSTANCE_PATH": str(tmp_path / "other"), "LOAD_EXAMPLES": True,
                    "EXAMPLES_DIR": str(examples), "DEMO_PASSWORD": "password"})


def test_the_command_line_refuses_weak_passwords(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESIGNER_INSTANCE", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    runner = CliRunner()
    weak = runner.invoke(main, ["user", "create", "ada", "--role", "admin", "--password",
                                "12345678"])
    assert weak.exit_code != 0 and "too weak" in weak.output
    made = runner.invoke(main, ["user", "create", "ada", "--role", "admin", "--password",
                                "walrus kettle orbit"])
    assert made.exit_code == 0, made.output
    weak_reset = runner.invoke(main, ["user", "set-password", "ada", "--password", "password"])
    assert weak_reset.exit_code != 0 and "too weak" in weak_reset.output
    reset = runner.invoke(main, ["user", "set-password", "ada", "--password",
                                 "another violet harbour"])
    assert reset.exit_code == 0, reset.output
    unknown = runner.invoke(main, ["user", "set-password", "nobody", "--generate"])
    assert unknown.exit_code != 0 and "no user 'nobody'" in unknown.output
    app = create_app()
    with app.app_context():
        ada = db.session.execute(db.select(User).where(User.username == "ada")).scalar_one()
        assert ada.check_password("another violet harbour")
        db.engine.dispose()


def test_own_password_change_refuses_weak_passwords(app: Flask,
                                                    user_factory: Callable[..., int]) -> None:
    user_factory("dana", "developer")
    dana = login(app, "dana")
    response = dana.post("auth/password", json={"current_password": PASSWORD,
                                                "new_password": "12345678"})
    assert response.status_code == 400 and "common password" in response.json["error"]["message"]
    assert dana.get("auth/me").status_code == 200
