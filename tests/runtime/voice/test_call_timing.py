"""What a call record measures: the call starts when its INVITE arrives (not when the flow
has been found and the call answered), and the key→prompt latency counts key presses only,
not the re-prompts the flow's no-input timer plays."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from runtime.voice import Supervisor
from tests.runtime.voice.conftest import bank_settings
from tests.runtime.voice.helpers import call, cdrs_of, prompt_ms
from tests.runtime.voice.sipp import Scenario

POOL_PORT = 54000
LOOKUP_DELAY_S = 0.4
"""Below Kamailio's 1 s branch timer: the worker's answer must still come from this worker."""
ANI = "+15551230301"
WELCOME = "Thank you for calling Acme Bank."
MENU = ("For your account balance, press 1 or say balance. For card services, press 2. To speak "
        "with a banker, press 0.")
MENU_TIMEOUT_MS = 6000


@pytest.fixture(scope="module")
def slow_pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Supervisor]:
    settings = bank_settings(tmp_path_factory.mktemp("voice"), POOL_PORT)
    options = dict(settings.flow_source["options"], delay_s=LOOKUP_DELAY_S)
    supervisor = Supervisor(replace(settings, flow_source={
        "factory": "tests.runtime.voice.slow_source:open_slow_source", "options": options}))
    supervisor.start()
    try:
        yield supervisor
    finally:
        supervisor.stop()


@pytest.fixture(scope="module")
def silent_then_key(slow_pool: Supervisor) -> dict[str, Any]:
    """Silent through the main menu until its no-input re-prompt, then key 1, then hang up."""
    silence = prompt_ms(slow_pool, WELCOME, MENU) + MENU_TIMEOUT_MS + 1500
    scenario = Scenario("silent-then-key", [("pause", silence), ("dtmf", "1"), ("pause", 2000),
                                            ("bye",)], ani=ANI)
    dialled_at = time.time()
    run = call(slow_pool, scenario, port=54510, media_port=54520, timeout_s=60)
    assert run.returncode == 0, run.errors
    (record,) = cdrs_of(slow_pool, ANI)
    return {"dialled_at": dialled_at, "record": record}


def test_a_call_starts_when_its_invite_arrives(silent_then_key: dict[str, Any]) -> None:
    record = silent_then_key["record"]
    assert silent_then_key["dialled_at"] <= record["started_at"]
    assert record["answered_at"] - record["started_at"] >= LOOKUP_DELAY_S - 0.05, record


def test_no_input_re_prompts_are_not_key_latencies(silent_then_key: dict[str, Any]) -> None:
    record = silent_then_key["record"]
    assert record["path"][3:7] == ["welcome", "main_menu", "want_balance", "need_verify"], \
        record["path"]
    assert record["dtmf"] == [{"block": "main_menu", "digits": "1"}]
    (latency,) = record["metrics"]["dtmf_to_prompt_ms"]
    assert latency < 1000
