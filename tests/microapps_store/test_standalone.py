"""The store on its own: no Designer imported, its own database and API-token users, and the
same submit → review → publish → download path a Designer's store offers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from flask.testing import FlaskClient

from microapps_store.standalone import create_store_app
from tests.microapps_store.helpers import package_bytes

DEV_TOKEN = "dev-token-0123456789"
REVIEWER_TOKEN = "reviewer-token-0123456789"
USERS = {DEV_TOKEN: {"username": "dana", "roles": ["developer"]},
         REVIEWER_TOKEN: {"username": "rita", "roles": ["reviewer"]}}


def _client(tmp_path: Path) -> FlaskClient:
    app = create_store_app({"MICROAPPS_STORE_USERS": USERS, "TESTING": True},
                           instance_path=str(tmp_path / "instance"))
    return app.test_client()


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_importing_and_creating_the_store_imports_no_designer_module(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from microapps_store.standalone import create_store_app\n"
        "import microapps_store.web, microapps_store.builtins, microapps_store.installed.service\n"
        f"create_store_app({{}}, instance_path={str(tmp_path / 'instance')!r})\n"
        "print([name for name in sys.modules if name.split('.')[0] == 'designer_ui'])\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[2], check=True, timeout=120)
    assert result.stdout.strip() == "[]"


def test_submit_review_publish_and_download_without_a_designer(tmp_path: Path) -> None:
    client = _client(tmp_path)
    data = package_bytes(tmp_path)
    submitted = client.post("/api/v1/store/submissions", data=data,
                            headers={**_auth(DEV_TOKEN), "Content-Type": "application/zip"})
    assert submitted.status_code == 201, submitted.json
    assert submitted.json["status"] == "pending"
    assert client.get("/api/v1/store/microapps", headers=_auth(DEV_TOKEN)).json == []

    own = client.post("/api/v1/store/reviews/acme/greeter/1.0.0", json={"decision": "approve"},
                      headers=_auth(DEV_TOKEN))
    assert own.status_code == 403
    assert own.json["error"]["details"] == {"required_roles": ["reviewer"]}
    approved = client.post("/api/v1/store/reviews/acme/greeter/1.0.0",
                           json={"decision": "approve"}, headers=_auth(REVIEWER_TOKEN))
    assert approved.status_code == 200 and approved.json["status"] == "published"

    listing = client.get("/api/v1/store/microapps", headers=_auth(DEV_TOKEN)).json
    assert [item["name"] for item in listing] == ["acme/greeter"]
    download = client.get("/api/v1/store/microapps/acme/greeter/versions/1.0.0/package",
                          headers=_auth(DEV_TOKEN))
    assert download.status_code == 200 and download.data == data


def test_refusals_are_json_errors(tmp_path: Path) -> None:
    client = _client(tmp_path)
    anonymous = client.get("/api/v1/store/microapps")
    assert anonymous.status_code == 401
    assert anonymous.json["error"]["code"] == "unauthorized"
    wrong = client.get("/api/v1/store/microapps", headers=_auth("not-a-token-at-all-xx"))
    assert wrong.status_code == 401
    too_big = client.post("/api/v1/store/reviews/acme/greeter/1.0.0",
                          data=json.dumps({"decision": "approve", "comment": "x" * 70_000}),
                          headers={**_auth(REVIEWER_TOKEN), "Content-Type": "application/json"})
    assert too_big.status_code == 413
    assert too_big.json["error"]["code"] == "request_entity_too_large"
    # the Designer's installed-MicroApps API is not part of a store on its own
    assert client.get("/api/v1/microapps/installed", headers=_auth(DEV_TOKEN)).status_code == 404
