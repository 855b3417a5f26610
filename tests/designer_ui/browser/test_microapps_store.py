"""The MicroApps store in the browser, from package to flow: a developer submits a `.mapp` and
sees its automated checks, a reviewer reads it (README, flows on a read-only canvas, tests) and
approves it, a business user who also designs flows finds it, installs it, drops it from the
palette into a flow and runs the flow in the simulator through the MicroApp. Then a new version
renames an output, and the update view names the flow it would break.

Install and flow editing need the developer role, so the business user here has both roles;
a business-only user may browse and read install plans, which the end of the scenario checks.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from werkzeug.serving import make_server

from microapps_store.package import build_package, package_file_name, scaffold
from tests.designer_ui.browser import live_server as shared
from tests.designer_ui.browser.flows import menu_flow
from tests.designer_ui.browser.live_server import USERS, add_users, require_build_and_browser
from tests.designer_ui.browser.pages import (
    Api,
    block,
    connect_ports,
    drag_from_palette,
    field,
    open_editor,
    select_block,
    wait_saved,
)
from tests.microapps_store.helpers import package_bytes

STORE_USERS = (*USERS, shared.TestUser("rita", ("reviewer",)),
               shared.TestUser("bianca", ("business", "developer")))
README_TRAPS = ('\n\n<img src="https://tracker.example/pixel.png" onerror="alert(1)">\n\n'
                "[do not click](javascript:alert(1)) and [the docs](https://example.com/docs)\n")
MICROAPP = "acme/greeter"
PALETTE_ENTRY = f"microapp:{MICROAPP}"


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """This module's own Designer: the shared users plus a reviewer and a business user who
    also develops flows."""
    from designer_ui.app import create_app

    try:
        require_build_and_browser()
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    app = create_app({"INSTANCE_PATH": str(tmp_path_factory.mktemp("designer-store")),
                      "SECRET_KEY": "browser-tests", "TESTING": True})
    add_users(app, STORE_USERS)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="designer-store-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


def _greeter_folder(parent: Path, version: str) -> Path:
    """`designer microapp init acme/greeter`, at `version`, with a README that tries to load an
    image and to run script from a link."""
    folder = scaffold(parent / version, MICROAPP, "Greeter")
    manifest = json.loads((folder / "microapp.json").read_text())
    manifest["version"] = version
    (folder / "microapp.json").write_text(json.dumps(manifest, indent=2))
    with (folder / "README.md").open("a", encoding="utf-8") as readme:
        readme.write(README_TRAPS)
    return folder


def _rename_output(folder: Path) -> None:
    """The next version returns `welcomed` instead of `greeted`: a breaking change."""
    manifest = json.loads((folder / "microapp.json").read_text())
    manifest["outputs"] = {"welcomed": manifest["outputs"].pop("greeted")}
    (folder / "microapp.json").write_text(json.dumps(manifest, indent=2))
    flow_path = folder / "flows" / "greeter.json"
    flow = json.loads(flow_path.read_text())
    flow["outputs"] = ["welcomed"]
    flow["variables"]["welcomed"] = flow["variables"].pop("greeted")
    flow["blocks"]["done"]["props"]["outputs"] = {"welcomed": "true"}
    flow_path.write_text(json.dumps(flow, indent=2))
    test_path = folder / "tests" / "greeter.flowtest.yaml"
    test_path.write_text(test_path.read_text().replace("greeted: true", "welcomed: true"))


def _pack(folder: Path, out: Path) -> Path:
    manifest = json.loads((folder / "microapp.json").read_text())
    target = out / package_file_name(manifest)
    target.write_bytes(build_package(folder))
    return target


def _reception_flow() -> dict[str, Any]:
    """A welcome and a goodbye; the MicroApp goes between them."""
    document = menu_flow("reception")
    document["name"] = "Reception"
    document["blocks"] = {
        "welcome": {"type": "play_message", "label": "Welcome", "ui": {"x": 60, "y": 80},
                    "props": {"prompts": [{"tts": "Welcome to Acme."}]}},
        "bye": {"type": "play_message", "label": "Goodbye", "ui": {"x": 760, "y": 80},
                "props": {"prompts": [{"tts": "Goodbye."}]}},
    }
    return document


def _submit_in_the_browser(page: Page, package: Path, shots: Path) -> None:
    page.get_by_test_id("nav-store").click()
    page.get_by_test_id("store-tab-submit").click()
    page.get_by_test_id("submit-file").set_input_files(str(package))
    page.get_by_test_id("submit-package").click()
    accepted = page.get_by_test_id("submit-accepted")
    expect(accepted).to_contain_text("acme/greeter@1.0.0 passed the automated checks")
    expect(accepted.get_by_test_id("checks-tests-summary")).to_have_text(
        "Flow tests: 4 passed, 0 failed")
    expect(accepted.get_by_test_id("checks-test-case")).to_have_count(4)
    expect(page.get_by_test_id("submission-acme-greeter-1.0.0")).to_contain_text("pending")
    page.screenshot(path=str(shots / "store-submit-checks.png"), full_page=True)


def _review_in_the_browser(page: Page, shots: Path) -> None:
    page.get_by_test_id("nav-store").click()
    page.get_by_test_id("store-tab-reviews").click()
    page.get_by_test_id("review-open-acme-greeter-1.0.0").click()
    readme = page.get_by_test_id("review-readme")
    expect(readme.locator("h1")).to_have_text("Greeter")
    expect(page.get_by_test_id("review-first-version")).to_be_visible()
    canvas = page.get_by_test_id("review-canvas-greeter")
    expect(canvas.get_by_test_id("block-greet")).to_be_visible()
    expect(canvas.get_by_test_id("block-done")).to_be_visible()
    expect(page.get_by_test_id("review-page").get_by_test_id("checks-tests-summary")).to_have_text(
        "Flow tests: 4 passed, 0 failed")
    page.screenshot(path=str(shots / "store-review.png"), full_page=True)
    page.get_by_test_id("review-comment").fill("Clear README, tests cover both cases.")
    page.get_by_test_id("review-approve").click()
    expect(page.get_by_test_id("review-decided")).to_contain_text("is now published")


def _readme_is_inert(page: Page) -> None:
    readme = page.get_by_test_id("readme")
    expect(readme).to_contain_text('<img src="https://tracker.example/pixel.png"')
    expect(readme.locator("img, script")).to_have_count(0)
    expect(readme.get_by_text("do not click")).not_to_have_attribute("href", "javascript:alert(1)")
    expect(readme.locator("a")).to_have_count(1)
    expect(readme.locator("a")).to_have_attribute("href", "https://example.com/docs")


def _find_and_install(page: Page, shots: Path) -> None:
    page.get_by_test_id("nav-store").click()
    page.get_by_test_id("store-search").fill("payroll")
    expect(page.get_by_test_id("store-no-results")).to_be_visible()
    page.get_by_test_id("store-search").fill("greets")
    expect(page.get_by_test_id("store-card-acme-greeter")).to_be_visible()
    expect(page.get_by_test_id("store-category-bots")).to_be_disabled()  # nothing published there
    page.get_by_test_id("store-category-utilities").click()
    expect(page.get_by_test_id("store-category-utilities")).to_have_attribute("aria-pressed", "true")
    card = page.get_by_test_id("store-card-acme-greeter")
    expect(card.get_by_test_id("store-install-count")).to_have_text("0 installs")
    page.screenshot(path=str(shots / "store-browse.png"), full_page=True)
    page.get_by_test_id("store-open-acme-greeter").click()
    expect(page.get_by_test_id("microapp-title")).to_have_text("Greeter")
    expect(page.get_by_test_id("input-customer_name")).to_contain_text("string")
    expect(page.get_by_test_id("output-greeted")).to_contain_text("boolean")
    _readme_is_inert(page)
    page.get_by_test_id("microapp-install").click()
    plan = page.get_by_test_id("plan-package-acme-greeter")
    expect(plan).to_have_attribute("data-action", "install")
    expect(plan.get_by_test_id("plan-action")).to_have_text("installs 1.0.0")
    expect(plan.get_by_test_id("plan-no-callers")).to_be_visible()
    page.get_by_test_id("plan-install").click()
    expect(page.get_by_test_id("install-done")).to_contain_text("acme/greeter@1.0.0")
    page.screenshot(path=str(shots / "store-install.png"), full_page=True)
    page.get_by_test_id("plan-close").click()
    expect(page.get_by_test_id("microapp-installed")).to_have_text("1.0.0 installed here")
    expect(page.get_by_test_id("microapp-install-count")).to_have_text("1 install")


def _drop_into_a_flow_and_simulate(page: Page, api: Api, shots: Path) -> None:
    api.create_flow(_reception_flow())
    open_editor(page, "reception")
    expect(page.get_by_test_id("lock-held")).to_be_visible()
    expect(page.get_by_test_id("palette-group-MicroApps")).to_contain_text("Greeter")
    drag_from_palette(page, PALETTE_ENTRY, 560, 560)
    expect(block(page, "greeter_1")).to_be_visible()
    connect_ports(page, "welcome", "next", "greeter_1")
    connect_ports(page, "greeter_1", "next", "bye")
    select_block(page, "greeter_1")
    expect(field(page, "module")).to_have_value("acme/greeter@1")
    field(page, "inputs.customer_name").fill("'Ada'")
    wait_saved(page)
    draft = api.draft("reception")
    assert draft["blocks"]["greeter_1"]["type"] == "module"
    assert draft["blocks"]["greeter_1"]["props"] == {
        "module": "acme/greeter@1", "inputs": {"customer_name": "'Ada'"},
        "outputs": {"greeted": "greeted"}}
    assert draft["blocks"]["welcome"]["next"] == {"next": "greeter_1"}
    assert draft["variables"]["greeted"]["type"] == "boolean"
    assert api.get("/flows/reception")["problems"] == []

    page.get_by_test_id("tab-simulator").click()
    page.get_by_test_id("sim-channel").select_option("chat")
    page.get_by_test_id("sim-start").click()
    expect(page.get_by_test_id("sim-status")).to_have_attribute("data-ended", "true")
    expect(page.get_by_test_id("sim-say")).to_have_text(
        ["Welcome to Acme.", "Hello Ada, welcome!", "Goodbye."])
    expect(page.get_by_test_id("sim-path")).to_have_attribute("data-path", "welcome greeter_1 bye")
    expect(block(page, "greeter_1")).to_have_attribute("data-sim", "visited")
    page.screenshot(path=str(shots / "store-microapp-in-simulator.png"))


def _publish_breaking_version(dana: Api, rita: Api, package: Path) -> None:
    submitted = dana.send("POST", "/store/submissions", package.read_bytes(),
                          headers={"Content-Type": "application/zip"})
    assert submitted["status"] == "pending" and submitted["checks"]["tests"]["failed"] == 0
    decided = rita.send("POST", "/store/reviews/acme/greeter/1.1.0",
                        {"decision": "approve", "comment": "Renamed output noted."})
    assert decided["status"] == "published"


def _update_view_names_the_broken_flow(page: Page, shots: Path) -> None:
    page.goto("/#/store/microapps/acme/greeter")
    page.get_by_test_id("microapp-update").click()
    plan = page.get_by_test_id("plan-package-acme-greeter")
    expect(plan).to_have_attribute("data-action", "add_version")
    expect(plan.get_by_test_id("plan-action")).to_have_text("adds 1.1.0 beside 1.0.0")
    expect(plan.get_by_test_id("change-outputs-removed-greeted")).to_be_visible()
    expect(plan.get_by_test_id("change-outputs-added-welcomed")).to_be_visible()
    caller = plan.get_by_test_id("plan-caller-reception-greeter_1")
    expect(caller).to_have_attribute("data-breaks", "true")
    expect(caller).to_contain_text("uses output 'greeted', which the new version no longer returns")
    expect(plan.get_by_test_id("plan-breaking")).to_contain_text("reception (draft, block greeter_1)")
    page.screenshot(path=str(shots / "store-update-breaks.png"), full_page=True)
    page.get_by_test_id("plan-close").click()


def test_submit_review_install_use_and_update_a_microapp(
        login_as: Callable[[str], Page], screenshot_dir: Path, tmp_path: Path) -> None:
    first = _pack(_greeter_folder(tmp_path / "src", "1.0.0"), tmp_path)
    following = _greeter_folder(tmp_path / "src", "1.1.0")
    _rename_output(following)
    second = _pack(following, tmp_path)

    developer = login_as("dana")
    _submit_in_the_browser(developer, first, screenshot_dir)
    reviewer = login_as("rita")
    _review_in_the_browser(reviewer, screenshot_dir)

    designer = login_as("bianca")
    _find_and_install(designer, screenshot_dir)
    _drop_into_a_flow_and_simulate(designer, Api(designer), screenshot_dir)

    _publish_breaking_version(Api(developer), Api(reviewer), second)
    _update_view_names_the_broken_flow(designer, screenshot_dir)

    # The owner deprecates the old line; a business-only user reads the plan but cannot install.
    developer.goto("/#/store/microapps/acme/greeter")
    developer.get_by_test_id("deprecate-1.0.0").click()
    developer.get_by_test_id("moderate-message").fill("Use 1.1 and map 'welcomed'.")
    developer.get_by_test_id("moderate-submit").click()
    expect(developer.get_by_test_id("version-1.0.0").get_by_test_id("version-deprecated")).to_be_visible()
    business = login_as("bea")
    business.goto("/#/store/microapps/acme/greeter")
    expect(business.get_by_test_id("deprecate-1.0.0")).to_have_count(0)
    business.get_by_test_id("microapp-update").click()
    expect(business.get_by_test_id("install-needs-developer")).to_be_visible()
    expect(business.get_by_test_id("plan-install")).to_have_count(0)

    # A reviewer yanks 1.1.0: the store no longer offers it, so there is nothing to update to.
    reviewer.goto("/#/store/microapps/acme/greeter")
    reviewer.get_by_test_id("yank-1.1.0").click()
    reviewer.get_by_test_id("moderate-message").fill("Breaks callers of @1; will return as 2.0.0.")
    reviewer.get_by_test_id("moderate-submit").click()
    expect(reviewer.get_by_test_id("version-1.1.0").get_by_test_id("version-yanked")).to_be_visible()
    designer.reload()
    expect(designer.get_by_test_id("microapp-installed")).to_have_text("1.0.0 installed here")
    designer.get_by_test_id("microapp-installed-versions").click()
    expect(designer.get_by_test_id("used-by-acme-greeter-1.0.0")).to_contain_text("reception")


def test_refused_and_rejected_submissions_say_why(login_as: Callable[[str], Page],
                                                  screenshot_dir: Path, tmp_path: Path) -> None:
    folder = scaffold(tmp_path / "src", "acme/farewell", "Farewell")
    good = _pack(folder, tmp_path)
    test_path = folder / "tests" / "farewell.flowtest.yaml"
    test_path.write_text(test_path.read_text().replace("Hello Ada", "Goodbye Ada"))
    failing = tmp_path / "failing.mapp"
    failing.write_bytes(build_package(folder))

    developer = login_as("dana")
    developer.goto("/#/store/submit")
    developer.get_by_test_id("submit-file").set_input_files(str(failing))
    developer.get_by_test_id("submit-package").click()
    refused = developer.get_by_test_id("submit-refused")
    expect(refused).to_contain_text("nothing was stored")
    expect(refused.get_by_test_id("submit-refused-message")).to_contain_text("tests_failed")
    expect(refused.get_by_test_id("checks-tests-summary")).to_have_text("Flow tests: 2 passed, 2 failed")
    developer.screenshot(path=str(screenshot_dir / "store-submit-refused.png"), full_page=True)
    developer.get_by_test_id("submit-file").set_input_files(str(good))
    developer.get_by_test_id("submit-package").click()
    expect(developer.get_by_test_id("submit-accepted")).to_contain_text("acme/farewell@0.1.0")

    reviewer = login_as("rita")
    reviewer.goto("/#/store/reviews/acme/farewell/0.1.0")
    expect(reviewer.get_by_test_id("review-reject")).to_be_disabled()
    reviewer.get_by_test_id("review-comment").fill("Say goodbye in the caller's language too.")
    reviewer.get_by_test_id("review-reject").click()
    expect(reviewer.get_by_test_id("review-decided")).to_contain_text("is now rejected")

    developer.reload()
    row = developer.get_by_test_id("submission-acme-farewell-0.1.0")
    expect(row.get_by_test_id("version-status")).to_have_text("rejected")
    expect(row.get_by_test_id("submission-comment")).to_have_text(
        "Say goodbye in the caller's language too.")
    row.get_by_test_id("submission-checks-acme-farewell-0.1.0").click()
    expect(row.get_by_test_id("checks-tests-summary")).to_have_text("Flow tests: 4 passed, 0 failed")


def test_install_plan_brings_the_dependencies(login_as: Callable[[str], Page],
                                              screenshot_dir: Path, tmp_path: Path) -> None:
    base = package_bytes(tmp_path, "acme/base")
    front = package_bytes(tmp_path, "acme/front", dependencies={"acme/base": "^1"},
                          calls="acme/base@1")
    developer, reviewer = Api(login_as("dana")), Api(login_as("rita"))
    for name, data in (("acme/base", base), ("acme/front", front)):
        developer.send("POST", "/store/submissions", data, headers={"Content-Type": "application/zip"})
        reviewer.send("POST", f"/store/reviews/{name}/1.0.0", {"decision": "approve", "comment": ""})

    page = login_as("bianca")
    page.goto("/#/store/microapps/acme/front")
    expect(page.get_by_test_id("requirements")).to_contain_text("MicroApp acme/base ^1")
    page.get_by_test_id("microapp-install").click()
    dependency = page.get_by_test_id("plan-package-acme-base")
    expect(dependency).to_contain_text("dependency")
    expect(dependency.get_by_test_id("plan-action")).to_have_text("installs 1.0.0")
    expect(page.get_by_test_id("plan-package-acme-front").get_by_test_id("plan-action")).to_have_text(
        "installs 1.0.0")
    page.screenshot(path=str(screenshot_dir / "store-install-plan-dependencies.png"))
    page.get_by_test_id("plan-install").click()
    expect(page.get_by_test_id("install-done")).to_contain_text(
        "Installed: acme/base@1.0.0, acme/front@1.0.0")
