"""Voice through the Designer's source: the test and live numbers of one flow answer from
their own environment's Business Controls and `voice-queues` table, and a reworded
announcement is spoken (and synthesised under a new cache key) on the next call without
publishing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from designer_ui.app import create_app
from designer_ui.extensions import db
from designer_ui.voice_source import DesignerFlowSource
from interpreter.engine.effects import Say
from interpreter.engine.engine import Engine
from runtime.voice.tts import Synthesizer
from tests.designer_ui.chat.test_environment_controls import bind_test_and_live, storm_in_test_only
from tests.designer_ui.conftest import add_token, add_user
from tests.designer_ui.helpers import Api

TEST_NUMBER, LIVE_NUMBER = "+18005550601", "+18005550602"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    app = create_app({"INSTANCE_PATH": str(tmp_path_factory.mktemp("designer")),
                      "SECRET_KEY": "voice-test-secret", "TESTING": True})
    yield app
    with app.app_context():
        db.engine.dispose()


def spoken(source: DesignerFlowSource, number: str) -> list[str]:
    """What a call to `number` hears before the flow ends (its Say effects)."""
    flow = source.flow_for(number)
    assert flow is not None
    step = Engine().start(flow.compiled, channel="voice", system={"DNIS": number},
                          host=flow.services)
    return [prompt.text or "" for effect in step.effects if isinstance(effect, Say)
            for prompt in effect.prompts]


def test_test_and_live_numbers_and_a_reworded_announcement(app: Flask, tmp_path: Path) -> None:
    business = Api(app.test_client(), token=add_token(app, add_user(app, "biz", ["business"])))
    bind_test_and_live(app, "phone", TEST_NUMBER, LIVE_NUMBER)
    storm_in_test_only(business)
    for environment, uri in (("test", "sip:queue@test.example"),
                             ("live", "sip:queue@live.example")):
        assert business.put(f"/api/v1/business/tables/voice-queues?environment={environment}",
                            json={"key": "queue", "rows": [{"queue": "sales", "sip_uri": uri}]}
                            ).status_code == 200
    source = DesignerFlowSource(app, tmp_path / "audio")
    try:
        assert spoken(source, TEST_NUMBER) == ["We are closed for the storm."]
        assert spoken(source, LIVE_NUMBER) == ["Open."]
        target = source.route_target("queue", "sales", "test")
        assert target is not None and target.uri == "sip:queue@test.example"
        target = source.route_target("queue", "sales", "live")
        assert target is not None and target.uri == "sip:queue@live.example"

        synthesizer = Synthesizer(tmp_path / "tts", engine="auto")
        before = synthesizer.path_for(spoken(source, TEST_NUMBER)[0], "en-US")
        assert business.put("/api/v1/business/announcements/storm-notice?environment=test",
                            json={"texts": {"en-US": "Closed until the storm passes."}}
                            ).status_code == 200
        after = spoken(source, TEST_NUMBER)  # the next call, nothing published
        assert after == ["Closed until the storm passes."]
        assert synthesizer.path_for(after[0], "en-US") != before
    finally:
        source.context.pop()
