"""The store over its REST API: submit → automated checks → review → published; browse and
search; installs are counted when reported, not on download; deprecate and yank; who may do what."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.designer_ui.helpers import Api
from tests.microapps_store.helpers import members, package_bytes, rezip

ZIP = "application/zip"


def submit(api: Api, data: bytes) -> Any:
    return api.post("store/submissions", data=data, content_type=ZIP)


@pytest.fixture
def people(as_role: Callable[..., Api]) -> dict[str, Api]:
    return {"dana": as_role("developer", username="dana"),
            "devon": as_role("developer", username="devon"),
            "rita": as_role("reviewer", username="rita"),
            "rob": as_role("reviewer", "developer", username="rob"),
            "agent": as_role("agent", username="agnes")}


def publish(people: dict[str, Api], data: bytes, version: str = "1.0.0",
            name: str = "acme/greeter") -> None:
    assert submit(people["dana"], data).status_code == 201
    decided = people["rita"].post(f"store/reviews/{name}/{version}", json={"decision": "approve"})
    assert decided.status_code == 200, decided.json


def test_submit_review_publish_and_browse(people: dict[str, Api], tmp_path: Path) -> None:
    dana, rita = people["dana"], people["rita"]
    submitted = submit(dana, package_bytes(tmp_path))
    assert submitted.status_code == 201, submitted.json
    assert submitted.json["status"] == "pending" and submitted.json["submitted_by"] == "dana"
    assert submitted.json["checks"]["tests"] == dana.get(
        "store/microapps/acme/greeter/versions/1.0.0").json["checks"]["tests"]
    assert submitted.json["checks"]["tests"]["passed"] == 4
    assert people["devon"].get("store/microapps/acme/greeter/versions/1.0.0").status_code == 404
    assert dana.get("store/microapps").json == []
    assert [item["version"] for item in dana.get("store/submissions").json] == ["1.0.0"]
    queue = rita.get("store/reviews").json
    assert [(item["name"], item["version"]) for item in queue] == [("acme/greeter", "1.0.0")]
    detail = rita.get("store/reviews/acme/greeter/1.0.0").json
    assert detail["flows"]["greeter"]["kind"] == "module" and detail["changes"] is None
    assert detail["checks"]["tests"]["passed"] == 4 and "<h1>Greeter</h1>" in detail["readme_html"]
    assert "tests/greeter.flowtest.yaml" in detail["tests"]
    approved = rita.post("store/reviews/acme/greeter/1.0.0",
                         json={"decision": "approve", "comment": "Clear and tested."})
    assert approved.json["status"] == "published" and approved.json["reviewed_by"] == "rita"
    listing = people["agent"].get("store/microapps?q=greets").json
    assert [(item["name"], item["latest_version"]) for item in listing] == [("acme/greeter", "1.0.0")]
    assert people["agent"].get("store/microapps?category=bots").json == []
    assert people["agent"].get("store/microapps?tag=greeting").json[0]["name"] == "acme/greeter"
    categories = {item["category"]: item["count"] for item in dana.get("store/categories").json}
    assert categories["utilities"] == 1 and categories["bots"] == 0
    page = dana.get("store/microapps/acme/greeter").json
    assert page["owner"] == "dana" and page["all_versions"][0]["status"] == "published"
    download = people["agent"].get("store/microapps/acme/greeter/versions/1.0.0/package")
    assert download.status_code == 200 and download.mimetype == ZIP
    assert download.headers["Content-Disposition"].endswith('"acme-greeter-1.0.0.mapp"')
    assert dana.get("store/microapps").json[0]["install_count"] == 0
    resolved = dana.get("store/resolve?name=acme/greeter&range=^1").json
    assert resolved["packages"][0]["version"] == "1.0.0" and len(resolved["packages"][0]["sha256"]) == 64


def test_versions_are_immutable_and_names_owned(people: dict[str, Api], tmp_path: Path) -> None:
    data = package_bytes(tmp_path)
    publish(people, data)
    again = submit(people["dana"], data)
    assert again.status_code == 409 and again.json["error"]["code"] == "version_exists"
    assert "versions are immutable" in again.json["error"]["message"]
    other = submit(people["devon"], package_bytes(tmp_path, version="1.1.0"))
    assert other.status_code == 403 and other.json["error"]["code"] == "not_owner"
    reserved = submit(people["dana"], package_bytes(tmp_path, "builtin/greeter"))
    assert reserved.status_code == 403 and reserved.json["error"]["code"] == "reserved_publisher"


def test_refused_packages_are_not_stored(people: dict[str, Api], tmp_path: Path) -> None:
    dana = people["dana"]
    files = members(package_bytes(tmp_path))
    slip = submit(dana, rezip([*files.items(), ("../../etc/cron.d/x", b"* * * * * evil")]))
    assert slip.status_code == 400 and slip.json["error"]["code"] == "unsafe_path"
    assert slip.json["error"]["details"]["problems"][0]["path"] == "../../etc/cron.d/x"
    files["tests/greeter.flowtest.yaml"] = files["tests/greeter.flowtest.yaml"].replace(
        b"welcome!", b"bye!")
    failing = submit(dana, rezip(files, rehash=True))
    assert failing.status_code == 422 and failing.json["error"]["code"] == "tests_failed"
    missing = submit(dana, package_bytes(tmp_path, "acme/caller", dependencies={
        "acme/greeter": "^1"}, calls="acme/greeter@1"))
    assert missing.status_code == 409 and missing.json["error"]["code"] == "not_found"
    assert "acme/greeter" in missing.json["error"]["message"]
    wrong_type = dana.post("store/submissions", data=b"{}", content_type="application/json")
    assert wrong_type.status_code == 415
    assert dana.get("store/submissions").json == []


def test_review_rules(people: dict[str, Api], tmp_path: Path) -> None:
    rob, rita = people["rob"], people["rita"]
    assert submit(rob, package_bytes(tmp_path, "acme/robs")).status_code == 201
    own = rob.post("store/reviews/acme/robs/1.0.0", json={"decision": "approve"})
    assert own.status_code == 403 and own.json["error"]["code"] == "own_submission"
    silent = rita.post("store/reviews/acme/robs/1.0.0", json={"decision": "reject"})
    assert silent.status_code == 400 and silent.json["error"]["code"] == "comment_required"
    rejected = rita.post("store/reviews/acme/robs/1.0.0",
                         json={"decision": "reject", "comment": "The README says nothing."})
    assert rejected.json["status"] == "rejected"
    twice = rita.post("store/reviews/acme/robs/1.0.0", json={"decision": "approve"})
    assert twice.status_code == 409 and twice.json["error"]["code"] == "not_pending"
    assert [item["review_comment"] for item in rob.get("store/submissions").json] == [
        "The README says nothing."]
    resubmitted = submit(rob, package_bytes(tmp_path, "acme/robs"))
    assert resubmitted.status_code == 201 and resubmitted.json["status"] == "pending"
    hidden = people["agent"].get("store/microapps/acme/robs/versions/1.0.0")
    assert hidden.status_code == 404
    assert rita.get("store/microapps/acme/robs/versions/1.0.0").json["status"] == "pending"
    unknown = rita.post("store/reviews/acme/robs/9.9.9", json={"decision": "approve"})
    assert unknown.status_code == 404
    assert rita.post("store/reviews/acme/robs/1.0.0", json={"decision": "maybe"}).status_code == 400


def test_review_shows_what_changed_since_the_last_version(people: dict[str, Api],
                                                          tmp_path: Path) -> None:
    publish(people, package_bytes(tmp_path))

    def rename_output(manifest: dict[str, Any], flow: dict[str, Any]) -> None:
        manifest["outputs"] = {"welcomed": manifest["outputs"].pop("greeted")}
        flow["outputs"] = ["welcomed"]
        flow["variables"]["welcomed"] = flow["variables"].pop("greeted")
        flow["blocks"]["done"]["props"]["outputs"] = {"welcomed": "true"}

    data = package_bytes(tmp_path, version="2.0.0", edit=rename_output)
    files = members(data)
    files["tests/greeter.flowtest.yaml"] = files["tests/greeter.flowtest.yaml"].replace(
        b"greeted: true", b"welcomed: true")
    assert submit(people["dana"], rezip(files, rehash=True)).status_code == 201
    changes = people["rita"].get("store/reviews/acme/greeter/2.0.0").json["changes"]
    assert changes["previous"] == "1.0.0"
    assert changes["manifest"]["outputs"] == {"added": ["welcomed"], "removed": ["greeted"],
                                              "changed": []}
    assert changes["flows"]["greeter"]["status"] == "changed"
    assert {"block": "done", "fields": ["props.outputs"]} in changes["flows"]["greeter"]["changed"]


def test_deprecate_and_yank(people: dict[str, Api], tmp_path: Path) -> None:
    publish(people, package_bytes(tmp_path))
    publish(people, package_bytes(tmp_path, version="1.1.0"), version="1.1.0")
    stranger = people["devon"].post("store/microapps/acme/greeter/versions/1.1.0/yank",
                                    json={"reason": "mine now"})
    assert stranger.status_code == 403
    deprecated = people["dana"].post("store/microapps/acme/greeter/versions/1.0.0/deprecate",
                                     json={"message": "Use 1.1.0."})
    assert deprecated.json["deprecated"] == "Use 1.1.0."
    yanked = people["rita"].post("store/microapps/acme/greeter/versions/1.1.0/yank",
                                 json={"reason": "Greets twice."})
    assert yanked.json["yanked"] == "Greets twice."
    gone = people["agent"].get("store/microapps/acme/greeter/versions/1.1.0/package")
    assert gone.status_code == 410 and gone.json["error"]["code"] == "yanked"
    assert "keep working" in gone.json["error"]["message"]
    listing = people["agent"].get("store/microapps").json
    assert listing[0]["latest_version"] == "1.0.0" and listing[0]["deprecated"] == "Use 1.1.0."
    resolved = people["agent"].get("store/resolve?name=acme/greeter&range=^1").json
    assert resolved["packages"][0]["version"] == "1.0.0"
    assert resolved["warnings"] == ["acme/greeter@1.0.0 is deprecated: Use 1.1.0."]
    exact = people["agent"].get("store/resolve?name=acme/greeter&range=1.1.0")
    assert exact.status_code == 409 and exact.json["error"]["code"] == "yanked"
    pending = submit(people["dana"], package_bytes(tmp_path, version="1.2.0"))
    assert pending.status_code == 201
    not_published = people["dana"].post("store/microapps/acme/greeter/versions/1.2.0/yank",
                                        json={"reason": "x"})
    assert not_published.status_code == 409


def test_dependencies_resolve_against_the_store(people: dict[str, Api], tmp_path: Path) -> None:
    publish(people, package_bytes(tmp_path))
    caller = package_bytes(tmp_path, "acme/caller", dependencies={"acme/greeter": "^1"},
                           calls="acme/greeter@1")
    submitted = submit(people["dana"], caller)
    assert submitted.status_code == 201, submitted.json
    assert submitted.json["dependencies"] == {"acme/greeter": "^1"}
    checks = people["rita"].get("store/reviews/acme/caller/1.0.0").json["checks"]
    assert checks["dependencies"] == {"acme/greeter": "1.0.0"} and checks["tests"]["failed"] == 0
    outside = package_bytes(tmp_path, "acme/pinned", dependencies={"acme/greeter": "^1"},
                            calls="acme/greeter@2.0.0")
    refused = submit(people["dana"], outside)
    assert refused.status_code == 422 and refused.json["error"]["code"] == "invalid_flows"
    assert any("outside the declared range ^1" in problem["message"]
               for problem in refused.json["error"]["details"]["problems"])


def test_a_submission_closing_a_dependency_cycle_is_refused(people: dict[str, Api],
                                                            tmp_path: Path) -> None:
    publish(people, package_bytes(tmp_path, "acme/a"), name="acme/a")
    publish(people, package_bytes(tmp_path, "acme/b", dependencies={"acme/a": "*"},
                                  calls="acme/a@1"), name="acme/b")
    cyclic = package_bytes(tmp_path, "acme/a", "2.0.0", dependencies={"acme/b": "^1"},
                           calls="acme/b@1")
    refused = submit(people["dana"], cyclic)
    assert refused.status_code == 409 and refused.json["error"]["code"] == "dependency_cycle"
    message = refused.json["error"]["message"]
    assert "in a circle" in message and "acme/a@2.0.0 → acme/b@1.0.0" in message
