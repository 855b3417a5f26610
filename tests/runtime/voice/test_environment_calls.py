"""Test and live numbers of one flow, end to end: SIPp calls through Kamailio to a worker that
reads the Designer's database, and each number answers from its own environment.

One published version of the storm flow runs in `test` and `live`, each bound to its own phone
number; the emergency flag `storm` is on in test only. A call to the test number hears the
test environment's `storm-notice` announcement, a call to the live number hears "Open.": the
call records say which path each took and in which environment, and the caller's audio is as
long as the prompt of that path. A business user then rewords the test announcement, without
publishing anything: the next call to the test number hears the new, longer text, which the
worker synthesised under a cache key that carries the announcement's new version.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from designer_ui.extensions import db
from designer_ui.models import EnvironmentBinding, FlowVersion
from runtime.voice import Supervisor
from runtime.voice.tts import Synthesizer
from tests.designer_ui.chat.test_environment_controls import bind_test_and_live, storm_in_test_only
from tests.designer_ui.conftest import add_token, add_user
from tests.designer_ui.helpers import Api
from tests.runtime.voice.conftest import bank_settings
from tests.runtime.voice.designer_rig import designer_source, sqlite_designer
from tests.runtime.voice.helpers import call, cdrs_of, prompt_ms, running
from tests.runtime.voice.rtp_meter import RtpMeter, StreamStats
from tests.runtime.voice.sipp import Scenario, SippRun

POOL_PORT = 61600
METER_PORTS = (61900, 61901, 61902)
CALLER_PORTS = (61910, 61911, 61912)
CALLER_MEDIA = (61940, 61950, 61960)
TEST_NUMBER, LIVE_NUMBER = "+18005550631", "+18005550632"
NOTICE = "We are closed for the storm."
REWORDED = ("Closed until the storm passes. Our branches open again when the roads are "
            "clear, so please call us back tomorrow morning.")
TOLERANCE_MS = 400


@pytest.fixture(scope="module")
def designer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    with sqlite_designer(tmp_path_factory.mktemp("environment-designer"),
                         "voice-environment-secret") as app:
        yield app


@pytest.fixture(scope="module")
def business(designer: Flask) -> Api:
    """The storm flow bound to both numbers, and the storm on in test only."""
    api = Api(designer.test_client(), token=add_token(designer, add_user(
        designer, "biz", ["business"])))
    bind_test_and_live(designer, "phone", TEST_NUMBER, LIVE_NUMBER)
    storm_in_test_only(api, NOTICE)
    return api


@pytest.fixture(scope="module")
def pool(designer: Flask, business: Api, tmp_path_factory: pytest.TempPathFactory
         ) -> Iterator[Supervisor]:
    folder = tmp_path_factory.mktemp("environment-voice")
    settings = bank_settings(folder / "instance", POOL_PORT, workers=1,
                             flow_source=designer_source(designer, folder))
    with running(settings) as supervisor:
        yield supervisor


def call_number(pool: Supervisor, number: str, index: int) -> tuple[SippRun, StreamStats,
                                                                     dict[str, Any]]:
    """One call to `number` from its own caller number; what the caller heard, its record."""
    ani = f"+1555126063{index}"
    meter = RtpMeter([METER_PORTS[index]])
    try:
        run = call(pool, Scenario(f"environment-{index}", [("wait_bye", 20000)], ani=ani,
                                  audio_port=str(METER_PORTS[index])),
                   port=CALLER_PORTS[index], media_port=CALLER_MEDIA[index],
                   service=number.lstrip("+"), timeout_s=40)
    finally:
        heard = meter.stop()[METER_PORTS[index]]
    (record,) = cdrs_of(pool, ani, wait_s=15)
    return run, heard, record


def announcement_version(business: Api, environment: str) -> int:
    response = business.get(f"/api/v1/business/announcements/storm-notice?environment="
                            f"{environment}")
    body = response.json
    assert response.status_code == 200 and body is not None, body
    return int(body["version"])


@pytest.fixture(scope="module")
def calls(pool: Supervisor, business: Api, designer: Flask) -> dict[str, Any]:
    test_call = call_number(pool, TEST_NUMBER, 0)
    live_call = call_number(pool, LIVE_NUMBER, 1)
    first_version = announcement_version(business, "test")
    reworded = business.put("/api/v1/business/announcements/storm-notice?environment=test",
                            json={"texts": {"en-US": REWORDED}})
    assert reworded.status_code == 200, reworded.json
    next_call = call_number(pool, TEST_NUMBER, 2)
    with designer.app_context():
        versions = db.session.execute(db.select(FlowVersion.number)).scalars().all()
        bound = {row.environment: row.version for row in
                 db.session.execute(db.select(EnvironmentBinding)).scalars()}
    return {"test": test_call, "live": live_call, "next": next_call,
            "versions": (first_version, announcement_version(business, "test")),
            "published": versions, "bound": bound}


def sound_ms(heard: StreamStats) -> float:
    """How long the caller heard the flow speak (its one prompt, pauses inside bridged)."""
    return heard.first_run_ms(bridge_ms=600)


def test_each_number_takes_its_own_environments_path(pool: Supervisor,
                                                     calls: dict[str, Any]) -> None:
    for name, path, environment, text in (("test", "closed", "test", NOTICE),
                                          ("live", "hello", "live", "Open.")):
        run, heard, record = calls[name]
        assert run.returncode == 0, (run.stdout, run.errors)
        assert record["path"] == ["storm", path, "done"], record
        assert record["environment"] == environment
        assert record["disposition"] == "resolved"
        expected = prompt_ms(pool, text)
        assert abs(sound_ms(heard) - expected) < TOLERANCE_MS, (name, sound_ms(heard), expected)


def test_a_reworded_announcement_is_heard_on_the_next_call_without_publishing(
        pool: Supervisor, calls: dict[str, Any]) -> None:
    run, heard, record = calls["next"]
    assert run.returncode == 0, (run.stdout, run.errors)
    assert record["path"] == ["storm", "closed", "done"] and record["environment"] == "test"
    assert calls["published"] == [1] and calls["bound"] == {"test": 1, "live": 1}

    first, second = calls["versions"]
    assert second > first
    settings = pool.settings
    worker_cache = Synthesizer(settings.cache_dir, settings.tts_engine, settings.tts_rate)
    before = worker_cache.path_for(NOTICE, "en-US", version=first)
    after = worker_cache.path_for(REWORDED, "en-US", version=second)
    assert before.exists() and after.exists()  # the worker spoke each under its version
    assert worker_cache.path_for(REWORDED, "en-US") != after
    assert not worker_cache.path_for(REWORDED, "en-US").exists()

    expected = prompt_ms(pool, REWORDED)
    assert expected > prompt_ms(pool, NOTICE) + 2 * TOLERANCE_MS
    assert abs(sound_ms(heard) - expected) < TOLERANCE_MS, (sound_ms(heard), expected)
