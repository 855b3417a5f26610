"""The MicroApps a Designer ships with: each packs and passes its own flow tests, and a Designer
started with examples has them published in its own store, ready to install."""

from __future__ import annotations

from pathlib import Path

import pytest

from designer_ui.app import create_app
from designer_ui.config import PROJECT_ROOT
from designer_ui.extensions import db
from microapps_store.builtins import builtin_folders
from microapps_store.package import build_package, verify_package
from tests.designer_ui.conftest import add_users_with_tokens
from tests.designer_ui.helpers import Api

EXAMPLES = PROJECT_ROOT / "examples"
BUILTINS = {"builtin/pin-verification", "builtin/business-hours-check", "builtin/offer-callback",
            "builtin/post-call-survey", "builtin/lex-order-bot", "builtin/dialogflow-faq-bot"}


@pytest.mark.parametrize("folder", builtin_folders(EXAMPLES), ids=lambda path: path.name)
def test_each_builtin_packs_and_passes_its_tests(folder: Path) -> None:
    verification = verify_package(build_package(folder))
    assert verification.tests is not None and verification.tests.passed >= 8
    assert verification.flows.problems == {}
    assert verification.package.name.startswith("builtin/")


def test_examples_publish_the_builtins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESIGNER_DEMO_PASSWORD", "walrus demo ledger")
    config = {"INSTANCE_PATH": str(tmp_path), "LOAD_EXAMPLES": True, "SECRET_KEY": "x"}
    app = create_app(config)
    token = add_users_with_tokens(app, {"dev": ["developer"]})["dev"]
    api = Api(app.test_client(), token=token)
    listing = api.get("store/microapps").json
    assert {item["name"] for item in listing} == BUILTINS
    assert {item["category"] for item in listing} >= {"authentication", "bots", "surveys"}
    assert not any(flow["id"] == "pin-verification" for flow in api.get("flows").json)
    bots = api.get("store/microapps?category=bots").json
    assert {item["name"] for item in bots} == {"builtin/lex-order-bot", "builtin/dialogflow-faq-bot"}
    installed = api.post("microapps/installed", json={"name": "builtin/pin-verification"})
    assert installed.status_code == 201, installed.json
    create_app(config)
    assert len(api.get("store/microapps").json) == len(BUILTINS)
    with app.app_context():
        db.engine.dispose()
