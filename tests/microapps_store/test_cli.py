"""`designer microapp …` end to end: init → pack → publish to a store over HTTP → review →
install into a second Designer (and a project folder, and a third Designer over its API) →
`designer test` on a flow that calls the MicroApp."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from designer_ui.app import create_app
from designer_ui.cli import main
from designer_ui.extensions import db
from microapps_store.client import DesignerClient
from tests.designer_ui.conftest import add_users_with_tokens
from tests.designer_ui.helpers import Api
from tests.microapps_store.live import instance, served
from tests.microapps_store.test_install import caller_flow

APP_TEST = """\
flow: ../flows/app.json
cases:
  - name: greets through the MicroApp
    steps:
      - expect: {say: "Hello Ada, welcome!"}
      - expect: {say: Bye}
    assert:
      variables: {greeted: true}
"""


def run(*args: Any) -> Result:
    result = CliRunner().invoke(main, [str(arg) for arg in args])
    assert result.exit_code == 0, result.output
    return result


def refused(*args: Any) -> Result:
    result = CliRunner().invoke(main, [str(arg) for arg in args])
    assert result.exit_code != 0
    return result


def project(folder: Path) -> Path:
    (folder / "flows").mkdir(parents=True)
    (folder / "tests").mkdir()
    (folder / "pyproject.toml").write_text("")
    (folder / "flows" / "app.json").write_text(json.dumps(caller_flow("app", "acme/greeter@0")))
    (folder / "tests" / "app.flowtest.yaml").write_text(APP_TEST)
    return folder


def test_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    store_app, tokens = instance(tmp_path / "store", {"dana": ["developer"], "rita": ["reviewer"]})
    third_app, third_tokens = instance(tmp_path / "third", {"tess": ["developer"]})
    with served(store_app) as store, served(third_app) as third:
        created = run("microapp", "init", "acme/greeter", "--dir", tmp_path / "src")
        assert "Created" in created.output
        packed = run("microapp", "pack", tmp_path / "src" / "greeter", "-o", tmp_path / "g.mapp")
        assert "flow tests: 4 passed" in packed.output and "Wrote" in packed.output
        assert "OK" in run("microapp", "verify", tmp_path / "g.mapp").output
        published = run("microapp", "publish", tmp_path / "g.mapp", "--store", store,
                        "--token", tokens["dana"])
        assert "acme/greeter@0.1.0: pending" in published.output
        again = refused("microapp", "publish", tmp_path / "g.mapp", "--store", store,
                        "--token", tokens["dana"])
        assert "already exists" in again.output
        not_yet = refused("microapp", "install", "acme/greeter", "--store", store, "--token",
                          tokens["dana"], "--into", tmp_path / "nowhere")
        assert "no MicroApp 'acme/greeter'" in not_yet.output
        DesignerClient(store, tokens["rita"]).post_json("/store/reviews/acme/greeter/0.1.0",
                                                        {"decision": "approve"})
        listed = run("microapp", "list", "--store", store, "--token", tokens["dana"])
        assert "acme/greeter@0.1.0" in listed.output

        monkeypatch.setenv("DESIGNER_INSTANCE", str(tmp_path / "second"))
        installed = run("microapp", "install", "acme/greeter@^0.1", "--store", store,
                        "--token", tokens["dana"])
        assert "install      acme/greeter@0.1.0" in installed.output
        assert "Installed acme/greeter@0.1.0." in installed.output
        assert "acme/greeter@0.1.0" in run("microapp", "list").output

        folder = project(tmp_path / "proj")
        run("microapp", "install", "acme/greeter@^0.1", "--store", store, "--token",
            tokens["dana"], "--into", folder / "microapps")
        assert (folder / "microapps" / "acme" / "greeter.json").is_file()
        assert "acme/greeter@0.1.0" in run("microapp", "list", "--into", folder / "microapps").output
        tested = CliRunner().invoke(main, ["test", str(folder / "tests"), "--module-path",
                                           str(folder / "microapps")])
        assert tested.exit_code == 0, tested.output
        assert "2 passed" in tested.output

        uploaded = run("microapp", "install", "acme/greeter", "--designer", third,
                       "--designer-token", third_tokens["tess"], "--store", store,
                       "--token", tokens["dana"])
        assert "acme/greeter@0.1.0" in uploaded.output
        assert [item["name"] for item in DesignerClient(third, third_tokens["tess"]).installed()] \
            == ["acme/greeter"]
        assert DesignerClient(store, tokens["dana"]).search()[0]["install_count"] == 3

        third_app.config.update(MICROAPPS_STORE_URL=store, MICROAPPS_STORE_TOKEN=tokens["dana"])
        third_api = Api(third_app.test_client(), token=third_tokens["tess"])
        assert third_api.delete("microapps/installed/acme/greeter/0.1.0").status_code == 204
        plan = third_api.post("microapps/installed/plan", json={"name": "acme/greeter"}).json
        assert plan["packages"][0]["action"] == "install"
        from_remote = third_api.post("microapps/installed", json={"name": "acme/greeter"})
        assert from_remote.status_code == 201, from_remote.json
        assert from_remote.json["installed"][0]["source"] == store
        assert DesignerClient(store, tokens["dana"]).search()[0]["install_count"] == 4

    second = create_app()
    with second.app_context():
        token = add_users_with_tokens(second, {"bo": ["developer"]})["bo"]
        api = Api(second.test_client(), token=token)
        api.create_flow(caller_flow("app", "acme/greeter@0"))
        assert api.get("flows/app").json["problems"] == []
        api.put("flows/app/tests", json={"yaml": APP_TEST.replace("../flows/app.json", "app")})
        results = api.post("flows/app/tests/run").json
        assert results["passed"] == 2 and results["failed"] == 0, results
        db.engine.dispose()


def test_refusals_are_readable(tmp_path: Path) -> None:
    run("microapp", "init", "acme/greeter", "--dir", tmp_path)
    assert "already exists" in refused("microapp", "init", "acme/greeter", "--dir",
                                       tmp_path).output
    assert "not a MicroApp name" in refused("microapp", "init", "Greeter").output
    flow = tmp_path / "greeter" / "flows" / "greeter.json"
    document = json.loads(flow.read_text())
    document["blocks"]["greet"]["next"] = {"next": "nowhere"}
    flow.write_text(json.dumps(document))
    broken = refused("microapp", "pack", tmp_path / "greeter", "-o", tmp_path / "x.mapp")
    assert "nowhere" in broken.output and not (tmp_path / "x.mapp").exists()
    (tmp_path / "junk.mapp").write_bytes(b"not a zip")
    assert "not a MicroApp package" in refused("microapp", "verify", tmp_path / "junk.mapp").output
    unreachable = refused("microapp", "publish", tmp_path / "junk.mapp", "--store",
                          "http://127.0.0.1:9", "--token", "x")
    assert "Cannot reach http://127.0.0.1:9" in unreachable.output
