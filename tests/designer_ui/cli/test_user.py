"""`designer user create`: the first admin of a new installation."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from designer_ui.app import create_app
from designer_ui.cli import main
from designer_ui.extensions import db
from designer_ui.models import User


def test_create_user_from_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESIGNER_INSTANCE", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    runner = CliRunner()
    made = runner.invoke(main, ["user", "create", "ada", "--role", "admin", "--role", "developer",
                                "--password", "long enough password"])
    assert made.exit_code == 0, made.output
    assert "Created user 'ada' (admin, developer)" in made.output
    again = runner.invoke(main, ["user", "create", "ada", "--role", "admin", "--password",
                                 "another kettle orbit"])
    assert again.exit_code != 0 and "already a user" in again.output
    short = runner.invoke(main, ["user", "create", "bob", "--role", "agent", "--password", "short"])
    assert short.exit_code != 0
    generated = runner.invoke(main, ["user", "create", "cy", "--role", "business", "--generate",
                                     "--can-promote-live"])
    assert generated.exit_code == 0 and "Password: " in generated.output
    prompted = runner.invoke(main, ["user", "create", "di", "--role", "agent"],
                             input="typed password\ntyped password\n")
    assert prompted.exit_code == 0, prompted.output
    app = create_app()
    with app.app_context():
        ada = db.session.execute(db.select(User).where(User.username == "ada")).scalar_one()
        assert ada.roles == ["admin", "developer"] and ada.check_password("long enough password")
        cy = db.session.execute(db.select(User).where(User.username == "cy")).scalar_one()
        assert cy.can_promote_live
        db.engine.dispose()
