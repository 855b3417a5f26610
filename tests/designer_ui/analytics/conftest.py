"""Analytics API fixtures: the example sessions recorded through the application's own sink."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask

from designer_ui.analytics import analytics_sink, running_writer
from designer_ui.analytics.tables import TABLES
from designer_ui.extensions import db
from tests.designer_ui.analytics.scenarios import run_chat_sessions, run_voice_calls


@dataclass(frozen=True)
class Recorded:
    chat: list[str]
    voice: list[str]


def flush(app: Flask) -> None:
    writer = running_writer(app)
    assert writer is not None and writer.flush(15), "analytics were not written in time"


@pytest.fixture(autouse=True)
def no_leftovers(request: pytest.FixtureRequest) -> None:
    """Events other tests' simulations left in the writer are written and removed first."""
    if "app" not in request.fixturenames:
        return
    app: Flask = request.getfixturevalue("app")
    writer = running_writer(app)
    if writer is not None:
        writer.flush(15)
    with app.app_context():
        for table in TABLES.__dict__.values():
            db.session.execute(table.delete())
        db.session.commit()


@pytest.fixture
def recorded(app: Flask, tmp_path: Path) -> Recorded:
    sink = analytics_sink(app)
    chat = run_chat_sessions(sink, tmp_path)
    voice = run_voice_calls(sink)
    flush(app)
    return Recorded(chat, voice)
