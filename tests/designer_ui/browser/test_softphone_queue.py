"""Queued calls on the agent desk's softphone, end to end: a SIPp caller dials the pool's
number, its flow attaches data and waits in the voice queue `support`; the Designer's
distributor offers the call to a ready agent, who accepts on the desk; the worker dials the
agent's softphone (Chromium, fake microphone playing a tone) through Kamailio's WebSocket and
rtpengine.

- the screen pop shows the caller, the attached data and the flow path as the call rings;
  mute, hold (the caller hears the queue music), keys and end work on a real call, measured
  on the caller's RTP;
- the agent's phone declining the call sends it to the next agent (the decliner stays ready,
  as after declining on the desk);
- the agent's page closing mid-call puts the call back in the queue at its original position
  (ahead of a later caller) for another agent, and the lost agent becomes not ready.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, Playwright, expect

from designer_ui.app import create_app
from designer_ui.extensions import db
from runtime.voice.queue_call import AGENT_SILENT_S
from tests.designer_ui.browser.live_server import CHROMIUM, CHROMIUM_ARGS, add_users, serve_designer
from tests.designer_ui.browser.live_server import TestUser as DesignerUser
from tests.designer_ui.browser.pages import log_in
from tests.designer_ui.browser.queue_phone_rig import (
    PoolPorts,
    finish_caller,
    interaction_rows,
    running,
    softphone_pool,
    start_caller,
    stop_caller,
)
from tests.designer_ui.conftest import add_token, add_user
from tests.designer_ui.helpers import Api
from tests.runtime.voice.queue_agents import publish_queue_line, tone_payloads
from tests.runtime.voice.rtp_meter import StreamStats
from tests.runtime.voice.sipp import Scenario
from tests.runtime.voice.speech_rtp import RtpSpeaker
from tests.runtime.voice.tone_meter import ToneMeter

PORTS = PoolPorts(sip=51000, ws=51007, ng=51008, relay=(51200, 51299))
NUMBER = "+18005550510"
SECRET = "softphone-queue-secret-0123456789"
AGENTS = tuple(DesignerUser(name, ("agent",)) for name in ("ana", "ben", "cal", "dee", "eve"))
CALLER_TONE_HZ = 440
REMOTE_LEVEL = 0.01
SILENT_CHECK_S = AGENT_SILENT_S + 1.5
"""Mute and hold last longer than a lost phone's silence: the call must stay with its agent."""
AGENT_TONE_HZ = 1000
"""The agents' fake microphone: a tone no queue music note is near."""
AGENT_HEARD_S = 1.0
"""Seconds of the agent's tone the caller hears in 2 s of talk (a busy machine drops some)."""


@pytest.fixture(scope="module")
def rig(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("softphone-queue")
    database_url = f"sqlite:///{folder / 'designer.db'}"
    config = {"SOFTPHONE_SECRET": SECRET, "SOFTPHONE_WS_URL": f"ws://127.0.0.1:{PORTS.ws}",
              "SQLALCHEMY_DATABASE_URI": database_url, "QUEUE_DISTRIBUTOR": "on",
              "QUEUE_TICK_SECONDS": 0.3, "QUEUE_LEASE_SECONDS": 2}
    instance = folder / "designer"
    with serve_designer(instance, **config) as url:
        app = create_app({"INSTANCE_PATH": str(instance), "SECRET_KEY": "browser-tests",
                          "TESTING": True, **config, "QUEUE_DISTRIBUTOR": "off"})
        add_users(app, AGENTS)
        admin = Api(app.test_client(), token=add_token(app, add_user(
            app, "boss", ["admin", "developer", "business"])))
        publish_queue_line(admin, NUMBER)
        with running(softphone_pool(folder / "voice", PORTS, database_url, SECRET)) as pool:
            yield {"url": url, "app": app, "pool": pool}
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="module")
def media_browser(playwright_driver: Playwright, tmp_path_factory: pytest.TempPathFactory
                  ) -> Iterator[Browser]:
    wav = tmp_path_factory.mktemp("softphone-queue-media") / "tone.wav"
    subprocess.run(["sox", "-n", "-r", "48000", "-c", "1", "-b", "16", str(wav), "synth", "10",
                    "sine", str(AGENT_TONE_HZ), "vol", "0.5"], check=True)
    browser = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=[
        *CHROMIUM_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-audio-capture={wav}", "--autoplay-policy=no-user-gesture-required"])
    yield browser
    browser.close()


def desk(browser: Browser, url: str, username: str, *, ready: bool = True) -> Page:
    """The agent's desk, its phone registered, the agent ready (or not yet)."""
    context = browser.new_context(base_url=url, viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(20_000)
    page = context.new_page()
    log_in(page, username)
    page.goto("/#/agent")
    expect(page.get_by_test_id("softphone")).to_have_attribute("data-registration",
                                                               "registered")
    if ready:
        page.get_by_test_id("agent-ready").click()
        expect(page.get_by_test_id("agent-state")).to_have_text("ready")
    return page


def go_offline(page: Page) -> None:
    """Out of the distributor's way before the page goes (later tests' calls are not its)."""
    page.get_by_test_id("agent-offline").click()
    expect(page.get_by_test_id("agent-state")).to_have_text("offline")


def rows_after(rig: dict[str, Any], last_id: int) -> list[dict[str, Any]]:
    """This test's interactions (earlier tests' rows have lower ids)."""
    return [row for row in interaction_rows(rig["app"]) if row["id"] > last_id]


def last_row_id(rig: dict[str, Any]) -> int:
    return max((row["id"] for row in interaction_rows(rig["app"])), default=0)


def take_offer(page: Page) -> None:
    """Accept the call offered on the desk; the phone then rings."""
    offer = page.get_by_test_id("agent-offer")
    expect(offer).to_contain_text("voice", timeout=30_000)
    offer.get_by_test_id("offer-accept").click()
    expect(page.get_by_test_id("softphone")).to_have_attribute("data-call", "ringing",
                                                               timeout=20_000)


def answer(page: Page) -> None:
    page.get_by_test_id("softphone-accept").click()
    expect(page.get_by_test_id("softphone")).to_have_attribute("data-call", "active")


def caller(rig: dict[str, Any], name: str, ani: str, base: int,
           steps: list[tuple[Any, ...]]) -> tuple[Any, ToneMeter, int]:
    """A caller talking a tone from its meter socket; returns the process, meter, meter port."""
    meter_port = base + 20
    meter = ToneMeter([meter_port], AGENT_TONE_HZ)
    stats = meter.stats[meter_port]
    meter.speakers.append(RtpSpeaker(meter.by_port[meter_port], lambda: stats.peer,
                                     tone_payloads(110, CALLER_TONE_HZ)))
    process = start_caller(rig["pool"], Scenario(name, steps, ani=ani,
                                                 audio_port=str(meter_port)),
                           number=NUMBER, port=base, media_port=base + 10)
    return process, meter, meter_port


def sound_s(stats: StreamStats, start: float, end: float) -> float:
    """Seconds of any sound the caller heard between `start` and `end` (monotonic)."""
    return sum(max(0.0, min(run_end + 0.02, end) - max(run_start, start))
               for run_start, run_end in stats.sound_runs)


def agent_heard_for(meter: ToneMeter, port: int, seconds: float) -> float:
    """Seconds of the agent's tone the caller hears over the next `seconds`."""
    start = time.monotonic()
    time.sleep(seconds)
    return meter.tone_s(port, start, time.monotonic())


def wait_until(check: Any, timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def agent_state(rig: dict[str, Any], username: str) -> dict[str, Any]:
    from designer_ui.models import User
    from designer_ui.models.queues import AgentProfile

    app: Flask = rig["app"]
    with app.app_context():
        try:
            user = db.session.execute(db.select(User).where(User.username == username)).scalar_one()
            profile = db.session.get(AgentProfile, user.id)
            assert profile is not None
            return {"id": user.id, "state": profile.state, "reason": profile.reason}
        finally:
            db.session.remove()


def test_screen_pop_mute_hold_keys_and_end_on_a_queued_call(
        rig: dict[str, Any], media_browser: Browser) -> None:
    page = desk(media_browser, rig["url"], "ana")
    process, meter, port = caller(rig, "pop-controls", "+15555100001", 51510,
                                  [("wait_bye", 110_000)])
    try:
        take_offer(page)
        pop = page.get_by_test_id("softphone-pop")
        expect(page.get_by_test_id("softphone-caller")).to_have_text("+15555100001")
        expect(page.get_by_test_id("softphone-data")).to_contain_text("Ada Lovelace")
        expect(page.get_by_test_id("softphone-data")).to_contain_text("A-77")
        expect(page.get_by_test_id("softphone-path")).to_contain_text("tag")
        expect(pop).to_contain_text("queue support")
        answer(page)
        phone = page.get_by_test_id("softphone")
        wait_until(lambda: float(phone.get_attribute("data-remote-level") or 0) > REMOTE_LEVEL,
                   15, "the page to hear the caller")
        assert agent_heard_for(meter, port, 2.0) > AGENT_HEARD_S, "the caller should hear Ana"

        page.get_by_test_id("softphone-mute").click()
        expect(page.get_by_test_id("softphone-mute")).to_have_attribute("aria-pressed", "true")
        time.sleep(0.5)
        muted = agent_heard_for(meter, port, SILENT_CHECK_S)
        page.get_by_test_id("softphone-mute").click()
        expect(page.get_by_test_id("softphone-mute")).to_have_attribute("aria-pressed", "false")
        time.sleep(0.5)
        unmuted = agent_heard_for(meter, port, 2.0)
        assert muted < 0.2 and unmuted > AGENT_HEARD_S, (muted, unmuted)

        page.get_by_test_id("softphone-hold").click()
        expect(page.get_by_test_id("softphone-hold")).to_have_attribute("aria-pressed", "true")
        time.sleep(0.5)
        hold_start = time.monotonic()
        held = agent_heard_for(meter, port, SILENT_CHECK_S)
        music = sound_s(meter.stats[port], hold_start, time.monotonic())
        page.get_by_test_id("softphone-hold").click()
        expect(page.get_by_test_id("softphone-hold")).to_have_attribute("aria-pressed", "false")
        time.sleep(0.5)
        resume_start = time.monotonic()
        resumed = agent_heard_for(meter, port, 2.0)
        after_music = sound_s(meter.stats[port], resume_start, time.monotonic()) - resumed
        assert held < 0.2 and resumed > AGENT_HEARD_S, (held, resumed)
        assert music > 1.0, f"the caller should hear the queue music on hold ({music:.1f} s)"
        assert after_music < 0.5, f"the music should stop on resume ({after_music:.1f} s)"
        expect(phone).to_have_attribute("data-call", "active")  # never taken for lost
        wait_until(lambda: float(phone.get_attribute("data-remote-level") or 0) > REMOTE_LEVEL,
                   5, "the page to hear the caller after resuming")

        for key in "12#":
            page.get_by_test_id(f"softphone-key-{key}").click()
            time.sleep(0.3)
        wait_until(lambda: meter.keys[port] == ["1", "2", "#"], 5,
                   f"the caller to get the keys (got {meter.keys[port]})")

        page.get_by_test_id("softphone-end").click()
        expect(phone).to_have_attribute("data-call", "idle")
        code, output = finish_caller(process)  # the flow goes on to finalize and hangs up
        assert code == 0, output
        go_offline(page)
    finally:
        stop_caller(process)
        meter.stop()
        page.context.close()


def test_a_declined_call_goes_to_the_next_agent(rig: dict[str, Any],
                                                media_browser: Browser) -> None:
    ben = desk(media_browser, rig["url"], "ben")
    cal = desk(media_browser, rig["url"], "cal", ready=False)
    last_id = last_row_id(rig)
    process, meter, port = caller(rig, "declined", "+15555100002", 51540,
                                  [("wait_bye", 110_000)])
    try:
        take_offer(ben)
        cal.get_by_test_id("agent-ready").click()  # ready only now: the first offer is Ben's
        ben.get_by_test_id("softphone-decline").click()
        expect(ben.get_by_test_id("softphone")).to_have_attribute("data-call", "idle")
        take_offer(cal)
        answer(cal)
        assert agent_heard_for(meter, port, 2.0) > AGENT_HEARD_S, "the caller should hear Cal"
        assert agent_state(rig, "ben")["state"] == "ready"  # a decline keeps the state
        (row,) = rows_after(rig, last_id)
        assert row["declined_by"] == [agent_state(rig, "ben")["id"]]
        assert row["agent_id"] == agent_state(rig, "cal")["id"]
        cal.get_by_test_id("softphone-end").click()
        code, output = finish_caller(process)
        assert code == 0, output
        go_offline(ben)
        go_offline(cal)
    finally:
        stop_caller(process)
        meter.stop()
        ben.context.close()
        cal.context.close()


def test_a_closed_page_puts_the_call_back_at_its_place_for_another_agent(
        rig: dict[str, Any], media_browser: Browser) -> None:
    dee = desk(media_browser, rig["url"], "dee")
    eve = desk(media_browser, rig["url"], "eve", ready=False)
    last_id = last_row_id(rig)
    first, first_meter, first_port = caller(rig, "lost-first", "+15555100003", 51570,
                                            [("wait_bye", 110_000)])
    second = second_meter = None
    try:
        take_offer(dee)
        answer(dee)
        assert agent_heard_for(first_meter, first_port, 2.0) > AGENT_HEARD_S, \
            "the first caller should hear Dee"
        second, second_meter, _ = caller(rig, "lost-second", "+15555100004", 51610,
                                         [("wait_bye", 110_000)])
        wait_until(lambda: len(rows_after(rig, last_id)) == 2, 20,
                   "the second caller to queue")
        first_row = rows_after(rig, last_id)[0]
        dee.close()  # the agent's browser tab goes away mid-call
        closed_at = time.monotonic()
        wait_until(lambda: rows_after(rig, last_id)[0]["state"] == "waiting", 20,
                   "the first call to be back in the queue")
        requeued_after = time.monotonic() - closed_at
        rows = rows_after(rig, last_id)
        assert rows[0]["enqueued_at"] == first_row["enqueued_at"]  # its original place
        assert rows[0]["enqueued_at"] < rows[1]["enqueued_at"]
        dee_now = agent_state(rig, "dee")
        assert (dee_now["state"], dee_now["reason"]) == ("not_ready", "Phone lost mid-call")
        assert rows[0]["declined_by"] == [dee_now["id"]]

        eve.get_by_test_id("agent-ready").click()
        take_offer(eve)
        expect(eve.get_by_test_id("softphone-caller")).to_have_text("+15555100003")
        answer(eve)
        assert agent_heard_for(first_meter, first_port, 2.0) > AGENT_HEARD_S, \
            "the first caller should hear Eve"
        print(f"requeued {requeued_after:.1f} s after the page closed")
        eve.get_by_test_id("softphone-end").click()
        code, output = finish_caller(first)
        assert code == 0, output
        go_offline(eve)
    finally:
        stop_caller(first)
        stop_caller(second)
        first_meter.stop()
        if second_meter is not None:
            second_meter.stop()
        dee.context.close()
        eve.context.close()
