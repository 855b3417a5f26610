"""The application factory: configuration, the instance folder, migrations at start-up, the
editor pages, security headers, and loading the examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from designer_ui.app import create_app
from designer_ui.config import normalise_database_uri
from designer_ui.extensions import db
from designer_ui.models import EnvironmentBinding, Flow, FlowTestSuite, FlowVersion, User
from tests.designer_ui.helpers import broken_flow, hello_flow


def migrations_head() -> str:
    """The newest Alembic revision shipped with the package: a fresh database is at it."""
    from alembic.script import ScriptDirectory

    import designer_ui

    folder = Path(designer_ui.__file__).parent / "migrations"
    head = ScriptDirectory(str(folder)).get_current_head()
    assert head is not None
    return head


def test_instance_folder_and_sqlite_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    instance = tmp_path / "instance"
    monkeypatch.setenv("DESIGNER_INSTANCE", str(instance))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    app = create_app()
    assert app.instance_path == str(instance)
    assert (instance / "designer.sqlite3").is_file()
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("instance/designer.sqlite3")
    key = (instance / "secret_key").read_text()
    assert app.config["SECRET_KEY"] == key and len(key) == 64
    again = create_app()
    assert again.config["SECRET_KEY"] == key
    with again.app_context():
        tables = sa.inspect(db.engine).get_table_names()
        assert {"flows", "users", "alembic_version"} <= set(tables)
        version = db.session.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
        assert version == migrations_head()
        db.engine.dispose()
    with app.app_context():
        db.engine.dispose()


def test_environment_then_mapping(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "from-env")
    monkeypatch.setenv("DESIGNER_EDIT_LOCK_SECONDS", "60")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "EDIT_LOCK_SECONDS": 30,
                      "AUTO_MIGRATE": False})
    assert app.config["SECRET_KEY"] == "from-env" and app.config["EDIT_LOCK_SECONDS"] == 30
    assert create_app({"INSTANCE_PATH": str(tmp_path), "AUTO_MIGRATE": False}).config[
        "EDIT_LOCK_SECONDS"] == 60


def test_database_url_driver() -> None:
    assert normalise_database_uri("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"
    assert normalise_database_uri("postgres://u@h/d") == "postgresql+psycopg://u@h/d"
    assert normalise_database_uri("sqlite:///x") == "sqlite:///x"


def test_editor_pages_and_fallback(session_app: Flask, tmp_path: Path) -> None:
    client = session_app.test_client()
    folder = Path(session_app.static_folder or "") / "editor"
    page = client.get("/")
    if (folder / "index.html").is_file():
        routed = client.get("/editor/flows/x")
        assert page.status_code == 200 and routed.status_code == 200 and routed.data == page.data
        routed.close()
    else:
        assert page.status_code == 503 and b"the editor is not built; run" in page.data.lower()
    assert page.mimetype == "text/html"
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get("/editor/assets/missing.js").status_code == 404
    page.close()


def test_editor_missing_page(tmp_path: Path) -> None:
    app = create_app({"INSTANCE_PATH": str(tmp_path), "AUTO_MIGRATE": False})
    app.static_folder = str(tmp_path / "nowhere")
    page = app.test_client().get("/editor/")
    assert page.status_code == 503
    assert b"The editor is not built; run <code>make run</code>" in page.data


def test_api_errors_are_json(session_app: Flask) -> None:
    client = session_app.test_client()
    missing = client.get("/api/v1/nothing-here")
    assert missing.status_code == 404 and missing.json["error"]["code"] == "not_found"
    assert missing.headers["X-Content-Type-Options"] == "nosniff"
    wrong_method = client.delete("/api/v1/blocks")
    assert wrong_method.status_code == 405 and "GET" in wrong_method.headers["Allow"]
    assert client.get("/not-api").status_code == 404


def test_examples_are_loaded_published_and_promoted(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    examples = tmp_path / "examples"
    (examples / "flows").mkdir(parents=True)
    (examples / "flows" / "hello.json").write_text(json.dumps(hello_flow()))
    (examples / "flows" / "broken.json").write_text(json.dumps(broken_flow()))
    (examples / "flows" / "other.json").write_text(json.dumps({"not": "a flow"}))
    (examples / "hello.flowtest.yaml").write_text("flow: flows/hello.json\ncases: [{name: a}]\n")
    config = {"INSTANCE_PATH": str(tmp_path / "instance"), "LOAD_EXAMPLES": True,
              "EXAMPLES_DIR": str(examples), "DEMO_PASSWORD": None}
    app = create_app(config)
    printed = capsys.readouterr().out
    assert "username 'admin', password '" in printed
    with app.app_context():
        assert sorted(db.session.execute(db.select(Flow.id)).scalars()) == ["broken", "hello"]
        assert db.session.execute(db.select(FlowVersion.flow_id)).scalars().all() == ["hello"]
        environments = db.session.execute(db.select(EnvironmentBinding.environment)).scalars()
        assert sorted(environments) == ["dev", "live", "test"]
        assert db.session.get(FlowTestSuite, "hello") is not None
        assert db.session.execute(db.select(User.username)).scalars().all() == ["admin"]
    create_app(config)
    assert "password" not in capsys.readouterr().out
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(FlowVersion.id))).scalar() == 1
        db.engine.dispose()


def test_the_project_examples_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DESIGNER_DEMO_PASSWORD", "walrus demo ledger")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "LOAD_EXAMPLES": True})
    assert "DESIGNER_DEMO_PASSWORD" in capsys.readouterr().out
    client = app.test_client()
    login = client.post("/api/v1/auth/login", json={"username": "admin",
                                                    "password": "walrus demo ledger"})
    assert login.status_code == 200
    flows = client.get("/api/v1/flows").json
    example_files = list((Path(app.config["EXAMPLES_DIR"])).rglob("*.json"))
    assert len(flows) >= (1 if example_files else 0)
    assert any(flow["latest_version"] == 1 for flow in flows) or not example_files
    entries = {(e["kind"], e["address"]): e["flow_id"]
               for e in client.get("/api/v1/entry-points").json}
    assert entries[("phone", "+18005550100")] == "bank-ivr"
    assert entries[("chat", "order-status")] == "order-status-chat"
    assert client.get("/api/v1/business/emergency/bank-outage").json["on"] is False
    vip = client.get("/api/v1/business/tables/vip-callers").json
    assert vip["key"] == "ani" and len(vip["rows"]) == 2
    with app.app_context():
        db.engine.dispose()
