"""Fixtures for flow-test runner tests: a project folder, optionally with the fixture flows."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.runtime.flowtests.helpers import Project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path)


@pytest.fixture
def acme(project: Project) -> Project:
    """A project holding the fixture flows, with the module in modules/."""
    for relative in ("flows/acme-main.json", "flows/voice-desk.json", "flows/pizza-bot.json",
                     "modules/pin-check.json"):
        project.copy_fixture(relative)
    return project
