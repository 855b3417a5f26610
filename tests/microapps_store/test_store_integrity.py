"""Regressions of the store's integrity: a .mapp is exactly a zip (no bytes before or after
it), the `builtin` publisher belongs to the built-in loader alone (not to an account that happens
to be called `builtin`), and install counts move only when an install happens."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from microapps_store.errors import PackageError
from microapps_store.package import read_package
from tests.designer_ui.helpers import Api
from tests.microapps_store.helpers import package_bytes

ZIP = "application/zip"


def submit(api: Api, data: bytes) -> Any:
    return api.post("store/submissions", data=data, content_type=ZIP)


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return package_bytes(tmp_path_factory.mktemp("good"))


@pytest.mark.parametrize(("change", "code"), [
    (lambda data: b"#!/bin/sh\necho hi\n" + data, "bytes_before_zip"),
    (lambda data: b"\x00" + data, "bytes_before_zip"),
    (lambda data: data + b"trailing payload", "bytes_after_zip"),
    (lambda data: data + b"PK\x05\x06" + b"\x00" * 18, "bytes_before_zip"),
], ids=["script-before", "one-byte-before", "payload-after", "second-end-record"])
def test_bytes_around_the_zip_are_refused(good: bytes, change: Callable[[bytes], bytes],
                                          code: str) -> None:
    read_package(good)
    with pytest.raises(PackageError) as refused:
        read_package(change(good))
    assert refused.value.code == code


def test_a_framed_package_is_not_stored(as_role: Callable[..., Api], good: bytes) -> None:
    dana = as_role("developer", username="dana")
    response = submit(dana, b"MZ" + b"\x00" * 100 + good)
    assert response.status_code == 400 and response.json["error"]["code"] == "bytes_before_zip"
    assert dana.get("store/submissions").json == []


def test_no_account_may_be_called_builtin(admin: Api) -> None:
    for name in ("builtin", "Builtin"):
        response = admin.post("users", json={"username": name, "roles": ["developer"],
                                             "password": "a long and unguessable phrase 42"})
        assert response.status_code == 409, response.json
        assert response.json["error"]["code"] == "reserved_name"
    assert "builtin" not in [user["username"] for user in admin.get("users").json]


def test_an_account_named_builtin_cannot_publish_over_the_builtins(
        as_role: Callable[..., Api], tmp_path: Path) -> None:
    impostor = as_role("developer", "admin", username="builtin")  # made before the name was reserved
    response = submit(impostor, package_bytes(tmp_path, "builtin/pin-verification", "9.0.0"))
    assert response.status_code == 403, response.json
    assert response.json["error"]["code"] == "reserved_publisher"
    assert impostor.get("store/submissions").json == []


def test_a_download_is_not_an_install(as_role: Callable[..., Api], tmp_path: Path) -> None:
    dana = as_role("developer", username="dana")
    rita = as_role("reviewer", username="rita")
    assert submit(dana, package_bytes(tmp_path)).status_code == 201
    assert rita.post("store/reviews/acme/greeter/1.0.0",
                     json={"decision": "approve"}).status_code == 200
    package = "store/microapps/acme/greeter/versions/1.0.0/package"
    for _ in range(3):
        assert dana.get(package).status_code == 200
    assert dana.get(package + "?count=true").status_code == 200
    assert dana.get("store/microapps").json[0]["install_count"] == 0
    planned = dana.post("microapps/installed/plan", json={"name": "acme/greeter"})
    assert planned.status_code == 200
    assert dana.get("store/microapps").json[0]["install_count"] == 0
    installed = dana.post("microapps/installed", json={"name": "acme/greeter"})
    assert installed.status_code == 201, installed.json
    assert dana.get("store/microapps").json[0]["install_count"] == 1
    reported = dana.post("store/microapps/acme/greeter/versions/1.0.0/installs", json={})
    assert reported.status_code == 200 and reported.json["install_count"] == 2
    assert dana.get("store/microapps/acme/greeter").json["install_count"] == 2
    assert rita.post("store/microapps/acme/greeter/versions/1.0.0/installs",
                     json={}).status_code == 403
    assert dana.post("store/microapps/acme/greeter/versions/9.9.9/installs",
                     json={}).status_code == 404


@pytest.mark.parametrize("name", ["builtin/pin-verification", "built-in/pin-verification",
                                  "builtins/pin-verification"])
def test_an_upload_cannot_install_a_builtin(as_role: Callable[..., Api], tmp_path: Path,
                                            name: str) -> None:
    """A developer's upload of `builtin/pin-verification` would replace what flows calling the
    real built-in play; only the built-in loader puts such packages anywhere."""
    developer = as_role("developer", username="uma")
    response = developer.post("microapps/installed/package",
                              data=package_bytes(tmp_path, name, "1.0.2"), content_type=ZIP)
    assert response.status_code == 403, response.json
    assert response.json["error"]["code"] == "reserved_publisher"
    assert all(not row["name"].startswith(name.split("/")[0] + "/")
               for row in developer.get("microapps/installed").json)


def test_the_command_line_refuses_a_name_the_api_refuses(app: Any) -> None:
    from designer_ui.api.users import create_user
    from designer_ui.errors import ApiError

    with app.app_context():
        for name in (" builtin", "builtin ", "bad/name", ""):
            with pytest.raises(ApiError):
                create_user(name, "a long and unguessable phrase 42", ["developer"])
