"""What a person does in the editor, as small helpers the browser scenarios share."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Locator, Page, expect

from tests.designer_ui.browser.live_server import PASSWORD

WIRE_ENDS = """(paths) => paths.flatMap(path => {
  const matrix = path.getScreenCTM();
  const wire = /M([-\\d.e]+),([-\\d.e]+)C[^M]*?([-\\d.e]+),([-\\d.e]+)(?=M|$)/g;
  return [...path.getAttribute('d').matchAll(wire)]
    .map(m => [new DOMPoint(+m[1], +m[2]).matrixTransform(matrix),
               new DOMPoint(+m[3], +m[4]).matrixTransform(matrix)])
    .map(([a, b]) => [a.x, a.y, b.x, b.y]);
})"""
"""For `evaluate_all` on the canvas's own wire paths: each wire (one M..C.. per wire) as its
start and end on screen, [x1, y1, x2, y2]."""


def log_in(page: Page, username: str) -> None:
    page.goto("/")
    page.get_by_test_id("login-username").fill(username)
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("current-user")).to_have_text(username.title())


class Api:
    """REST calls from a logged-in page (its cookie, its CSRF token), for set-up and checks."""

    def __init__(self, page: Page):
        self.page = page
        self.token = page.request.get("/api/v1/auth/me").json()["csrf_token"]

    def _check(self, response: Any) -> Any:
        assert response.ok, f"{response.status} {response.url}: {response.text()}"
        return response.json() if response.status != 204 else None

    def get(self, path: str) -> Any:
        return self._check(self.page.request.get(f"/api/v1{path}"))

    def send(self, method: str, path: str, body: Any, headers: dict[str, str] | None = None) -> Any:
        response = self.page.request.fetch(f"/api/v1{path}", method=method, data=body,
                                           headers={"X-CSRF-Token": self.token, **(headers or {})})
        return self._check(response)

    def create_flow(self, document: dict[str, Any]) -> None:
        self.send("POST", "/flows", {"document": document})

    def draft(self, flow_id: str) -> dict[str, Any]:
        return self.get(f"/flows/{flow_id}")["document"]


def open_editor(page: Page, flow_id: str) -> None:
    page.goto(f"/#/flows/{flow_id}")
    expect(page.get_by_test_id("editor")).to_be_visible()


def block(page: Page, block_id: str) -> Locator:
    return page.get_by_test_id(f"block-{block_id}")


def select_block(page: Page, block_id: str) -> None:
    block(page, block_id).locator(".block-header").click()
    expect(page.get_by_test_id("block-id")).to_have_value(block_id)


def drag_from_palette(page: Page, block_type: str, x: int, y: int) -> None:
    """Drag a palette entry onto the canvas, `x`/`y` from the canvas' top-left corner."""
    page.get_by_test_id(f"palette-{block_type}").drag_to(
        page.get_by_test_id("canvas"), target_position={"x": x, "y": y})


def connect_ports(page: Page, source: str, port: str, target: str) -> None:
    """Drag from a block's output handle to another block's input handle, as a person does."""
    start = page.get_by_test_id(f"port-{source}-{port}").bounding_box()
    end = page.get_by_test_id(f"in-{target}").bounding_box()
    assert start and end, "both handles must be on screen"
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + end["height"] / 2, steps=12)
    page.mouse.up()


def wait_saved(page: Page) -> None:
    expect(page.get_by_test_id("save-status")).to_have_attribute("data-status", "saved", timeout=15_000)


def field(page: Page, path: str) -> Locator:
    return page.get_by_test_id(f"field-{path}")


def press(page: Page, keys: str) -> None:
    """A shortcut pressed outside any text field (the selection stays as it is)."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press(keys)


def block_ids(page: Page) -> set[str]:
    ids = page.locator("[data-testid^='block-']").evaluate_all(
        "nodes => nodes.map(node => node.getAttribute('data-block-id'))")
    return {block_id for block_id in ids if block_id}

