"""Installing MicroApps into a Designer: dependencies come along, module references resolve for
validation, simulation and flow tests, an update says which flows it would break, and an
install is all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from designer_ui.extensions import db
from microapps_store.models import InstalledMicroApp
from microapps_store.store.catalog import StoreCatalog
from tests.designer_ui.helpers import Api
from tests.microapps_store.helpers import members, package_bytes, rezip

ZIP = "application/zip"


def caller_flow(flow_id: str, ref: str, outputs: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "format": "designer-flow", "format_version": 1, "id": flow_id, "name": flow_id,
        "channels": ["voice", "chat"],
        "variables": {"greeted": {"type": "boolean", "default": False}},
        "phases": {"self_service": "call"},
        "blocks": {
            "call": {"type": "module", "props": {
                "module": ref, "inputs": {"customer_name": "'Ada'"},
                "outputs": {"greeted": "greeted"} if outputs is None else outputs},
                "next": {"next": "bye"}},
            "bye": {"type": "play_message", "props": {"prompts": [{"tts": "Bye"}]}},
        },
    }


@pytest.fixture
def people(as_role: Callable[..., Api]) -> dict[str, Api]:
    return {"dana": as_role("developer", username="dana"),
            "rita": as_role("reviewer", username="rita"),
            "agent": as_role("agent", username="agnes")}


def publish(people: dict[str, Api], data: bytes, name: str, version: str) -> None:
    submitted = people["dana"].post("store/submissions", data=data, content_type=ZIP)
    assert submitted.status_code == 201, submitted.json
    people["rita"].post(f"store/reviews/{name}/{version}", json={"decision": "approve"})


@pytest.fixture
def store(people: dict[str, Api], tmp_path: Path) -> dict[str, bytes]:
    packages = {
        "greeter": package_bytes(tmp_path),
        "caller": package_bytes(tmp_path, "acme/caller", dependencies={"acme/greeter": "^1"},
                                calls="acme/greeter@1"),
    }
    publish(people, packages["greeter"], "acme/greeter", "1.0.0")
    publish(people, packages["caller"], "acme/caller", "1.0.0")
    return packages


def problems(api: Api, flow_id: str) -> list[dict[str, Any]]:
    return list(api.get(f"flows/{flow_id}").json["problems"])


def test_install_with_dependencies_and_use_everywhere(people: dict[str, Api],
                                                      store: dict[str, bytes]) -> None:
    dana = people["dana"]
    refused = people["agent"].post("microapps/installed", json={"name": "acme/caller"})
    assert refused.status_code == 403
    installed = dana.post("microapps/installed", json={"name": "acme/caller", "range": "^1"})
    assert installed.status_code == 201, installed.json
    assert [(item["name"], item["requested"]) for item in installed.json["installed"]] == [
        ("acme/greeter", False), ("acme/caller", True)]
    listing = people["agent"].get("microapps/installed").json
    assert {(item["name"], item["version"]) for item in listing} == {
        ("acme/greeter", "1.0.0"), ("acme/caller", "1.0.0")}
    assert dana.get("store/microapps").json[0]["install_count"] == 1
    dana.create_flow(caller_flow("app", "acme/caller@1"))
    assert problems(dana, "app") == []
    dana.create_flow(caller_flow("ghost", "acme/ghost@1"))
    assert [p["code"] for p in problems(dana, "ghost")] == ["unknown_module"]
    dana.create_flow(caller_flow("wrong", "acme/caller@latest", {"nothing": "greeted"}))
    assert [p["code"] for p in problems(dana, "wrong")] == ["module_signature"]
    simulated = dana.post("simulator/sessions", json={"flow_id": "app", "channel": "chat"})
    assert simulated.status_code == 201, simulated.json
    assert str(simulated.json["output"]).count("Hello Ada, welcome!") == 2
    yaml = ("flow: app\ncases:\n  - name: greets through the MicroApp\n    steps:\n"
            "      - expect: {say: \"Hello Ada, welcome!\"}\n      - expect: {say: Bye}\n"
            "    assert:\n      variables: {greeted: true}\n")
    assert dana.put("flows/app/tests", json={"yaml": yaml}).status_code == 200
    run = dana.post("flows/app/tests/run?version=draft").json
    assert run["failed"] == 0 and run["passed"] == 2, run
    detail = people["agent"].get("microapps/installed/acme/greeter/1.0.0").json
    assert detail["documents"]["greeter"]["kind"] == "module"
    assert detail["used_by"] == [{"flow": "caller", "source": "MicroApp acme/caller@1.0.0",
                                  "block": "call", "ref": "acme/greeter@1"}]
    again = dana.post("microapps/installed", json={"name": "acme/caller"})
    assert again.json["installed"] == [] and again.json["present"] == [
        "acme/greeter@1.0.0", "acme/caller@1.0.0"]


def test_an_update_says_which_flows_would_break(people: dict[str, Api], store: dict[str, bytes],
                                                tmp_path: Path) -> None:
    dana = people["dana"]
    dana.post("microapps/installed", json={"name": "acme/greeter", "range": "1.0.0"})
    dana.create_flow(caller_flow("follows", "acme/greeter@latest"))
    dana.create_flow(caller_flow("pinned", "acme/greeter@1.0.0"))

    def rename_output(manifest: dict[str, Any], flow: dict[str, Any]) -> None:
        manifest["outputs"] = {"welcomed": manifest["outputs"].pop("greeted")}
        flow["outputs"] = ["welcomed"]
        flow["variables"]["welcomed"] = flow["variables"].pop("greeted")
        flow["blocks"]["done"]["props"]["outputs"] = {"welcomed": "true"}

    files = members(package_bytes(tmp_path, version="2.0.0", edit=rename_output))
    files["tests/greeter.flowtest.yaml"] = files["tests/greeter.flowtest.yaml"].replace(
        b"greeted: true", b"welcomed: true")
    publish(people, rezip(files, rehash=True), "acme/greeter", "2.0.0")
    plan = dana.post("microapps/installed/plan", json={"name": "acme/greeter"}).json
    [item] = plan["packages"]
    assert item["action"] == "add_version" and item["current"] == "1.0.0"
    assert item["changes"]["outputs"] == {"added": ["welcomed"], "removed": ["greeted"],
                                          "changed": []}
    following = {caller["flow"]: caller["follows"] for caller in item["callers"]}
    assert following["follows"] is True and following["pinned"] is False
    assert [(b["flow"], b["source"], b["block"]) for b in item["breaking"]] == [
        ("follows", "draft", "call")]
    assert "uses output 'greeted', which the new version no longer returns" in \
        item["breaking"][0]["reasons"]
    assert dana.post("microapps/installed", json={"name": "acme/greeter"}).status_code == 201
    assert problems(dana, "pinned") == []
    assert [p["code"] for p in problems(dana, "follows")] == ["module_signature"]


def test_an_install_is_all_or_nothing(app: Flask, people: dict[str, Api], store: dict[str, bytes],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    original = StoreCatalog.package_bytes

    def tampered(self: StoreCatalog, name: str, version: str) -> bytes:
        data = original(self, name, version)
        if name != "acme/caller":
            return data
        files = members(data)
        files["README.md"] = b"# swapped in transit\n"
        return rezip(files)

    monkeypatch.setattr(StoreCatalog, "package_bytes", tampered)
    refused = people["dana"].post("microapps/installed", json={"name": "acme/caller"})
    assert refused.status_code == 400 and refused.json["error"]["code"] == "hash_mismatch"
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(InstalledMicroApp.id))).scalar() == 0


def test_yanked_versions_keep_working_where_installed(people: dict[str, Api],
                                                      store: dict[str, bytes]) -> None:
    dana = people["dana"]
    dana.post("microapps/installed", json={"name": "acme/greeter"})
    dana.create_flow(caller_flow("app", "acme/greeter@1.0.0"))
    people["rita"].post("store/microapps/acme/greeter/versions/1.0.0/yank",
                        json={"reason": "Says hello twice."})
    again = dana.post("microapps/installed/plan", json={"name": "acme/greeter", "range": "1.0.0"})
    assert again.status_code == 409 and again.json["error"]["code"] == "yanked"
    assert "Says hello twice." in again.json["error"]["message"]
    assert problems(dana, "app") == []


def test_uploads_and_removal(people: dict[str, Api], store: dict[str, bytes]) -> None:
    dana = people["dana"]
    early = dana.post("microapps/installed/package", data=store["caller"], content_type=ZIP)
    assert early.status_code == 409 and "dependencies of acme/caller@1.0.0 first" in \
        early.json["error"]["message"]
    for name in ("greeter", "caller"):
        uploaded = dana.post("microapps/installed/package", data=store[name], content_type=ZIP)
        assert uploaded.status_code == 201, uploaded.json
    assert uploaded.json["source"] == "upload"
    twice = dana.post("microapps/installed/package", data=store["caller"], content_type=ZIP)
    assert twice.status_code == 409 and twice.json["error"]["code"] == "already_installed"
    in_use = dana.delete("microapps/installed/acme/greeter/1.0.0")
    assert in_use.status_code == 409 and "caller (MicroApp acme/caller@1.0.0)" in \
        in_use.json["error"]["message"]
    dana.create_flow(caller_flow("app", "acme/caller@latest"))
    blocked = dana.delete("microapps/installed/acme/caller/1.0.0")
    assert blocked.status_code == 409 and blocked.json["error"]["details"]["used_by"][0]["flow"] == "app"
    assert dana.delete("flows/app").status_code == 204
    assert dana.delete("microapps/installed/acme/caller/1.0.0").status_code == 204
    assert dana.delete("microapps/installed/acme/greeter/1.0.0").status_code == 204
    assert dana.get("microapps/installed").json == []
    assert dana.get("microapps/installed/acme/greeter/1.0.0").status_code == 404
