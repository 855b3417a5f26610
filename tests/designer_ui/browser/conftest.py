"""Browser-test fixtures: the live Designer, Debian's Chromium driven by Playwright, logged-in pages."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from tests.designer_ui.browser.live_server import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    require_build_and_browser,
    serve_designer,
)
from tests.designer_ui.browser.pages import log_in

SCREENSHOTS = ROOT / "artifacts" / "screenshots"


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    try:
        require_build_and_browser()
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    # The bot tests' local Lex server is on 127.0.0.1, which bot endpoints may not reach unless
    # allow-listed.
    with serve_designer(tmp_path_factory.mktemp("designer-browser"),
                        OUTBOUND_ALLOWLIST="127.0.0.1") as url:
        yield url


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    browser = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def new_context(browser: Browser, live_server: str) -> Iterator[Callable[[], BrowserContext]]:
    contexts: list[BrowserContext] = []

    def make() -> BrowserContext:
        context = browser.new_context(base_url=live_server, viewport={"width": 1600, "height": 1000})
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def login_as(new_context: Callable[[], BrowserContext]) -> Callable[[str], Page]:
    """A new browser context logged in as the given test user, on the flow list."""

    def open_as(username: str) -> Page:
        page = new_context().new_page()
        log_in(page, username)
        return page

    return open_as


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
