"""A live Designer with an admin account, for the administration pages' browser tests: the
shared live server has only developers and a business user."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page

from tests.designer_ui.browser.live_server import TestUser, add_users, serve_designer
from tests.designer_ui.browser.pages import log_in

ADMIN = TestUser("ada", ("admin",), can_promote_live=True)


@contextmanager
def designer_with_admin(instance: Path) -> Iterator[str]:
    """The Designer served from `instance`, with `ada` (admin) added to its database."""
    from designer_ui.app import create_app

    with serve_designer(instance) as url:
        add_users(create_app({"INSTANCE_PATH": str(instance), "SECRET_KEY": "browser-tests",
                              "TESTING": True}), (ADMIN,))
        yield url


def open_as(browser: Browser, url: str, username: str) -> Page:
    context = browser.new_context(base_url=url, viewport={"width": 1500, "height": 1000})
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, username)
    return page
