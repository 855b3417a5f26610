"""Bridged transfers: the worker places a second call to the agent and connects the two calls.

The agents are SIPp servers on their own ports: one answers and plays a tone (RTP from a
capture), one is busy (486). The flows transfer straight away, with no prompt, so every sound
the caller's RTP meter hears after the bridge came from the agent through the worker's
conference bridge. Both calls are placed at once when the module starts.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from runtime.voice import Supervisor
from tests.runtime.voice.helpers import call, cdrs_of, flow_pool_settings, running
from tests.runtime.voice.rtp_meter import RtpMeter, StreamStats
from tests.runtime.voice.sipp import (
    Scenario,
    SippRun,
    agent_xml,
    finish_agent,
    start_agent,
    tone_pcap,
)

POOL_PORT = 46000
BRIDGE_LINE, BUSY_LINE = "18005550300", "18005550301"
AGENT_PORT, AGENT_MEDIA = 46600, 46602
BUSY_PORT, BUSY_MEDIA = 46610, 46612
METER_PORT = 46500
AGENT_URI = f"sip:agent@127.0.0.1:{AGENT_PORT}"
BUSY_URI = f"sip:agent@127.0.0.1:{BUSY_PORT}"
ANI = {"bridge": "+15551250001", "busy": "+15551250002"}
TONE_S = 1.5
HOLD_MS = 4500


def transfer_flow(flow_id: str, uri: str) -> dict[str, Any]:
    return {"format": "designer-flow", "format_version": 1, "id": flow_id, "name": flow_id,
            "kind": "application", "channels": ["voice"],
            "phases": {"self_service": "to_agent"},
            "blocks": {
                "to_agent": {"type": "transfer",
                             "props": {"destination": f"'{uri}'", "mode": "bridge"},
                             "next": {"failed": "sorry"}},
                "sorry": {"type": "play_message",
                          "props": {"prompts": [{"tts": "Nobody is free."}]},
                          "next": {"next": "done"}},
                "done": {"type": "terminate", "props": {"reason": "agent_busy"}},
            }}


@pytest.fixture(scope="module")
def bridge_pool(tmp_path_factory: pytest.TempPathFactory) -> Any:
    settings = flow_pool_settings(
        tmp_path_factory.mktemp("bridge-voice"), POOL_PORT,
        {BRIDGE_LINE: transfer_flow("bridge-line", AGENT_URI),
         BUSY_LINE: transfer_flow("busy-line", BUSY_URI)}, speech=False, kamailio="off")
    with running(settings) as supervisor:
        yield supervisor


@pytest.fixture(scope="module")
def calls(bridge_pool: Supervisor) -> dict[str, Any]:
    folder = Path(bridge_pool.settings.instance) / "agents"
    folder.mkdir(parents=True, exist_ok=True)
    tone = tone_pcap(folder / "tone.pcap", seconds=TONE_S)
    agent = start_agent(agent_xml("agent", pcap=tone), "agent", folder, port=AGENT_PORT,
                        media_port=AGENT_MEDIA)
    busy = start_agent(agent_xml("busy", reject=486), "busy", folder, port=BUSY_PORT,
                       media_port=BUSY_MEDIA)
    meter = RtpMeter([METER_PORT])
    bridged = Scenario("bridged", [("pause", HOLD_MS), ("bye",)], ani=ANI["bridge"],
                       audio_port=str(METER_PORT))
    refused = Scenario("refused", [("wait_bye", 15000)], ani=ANI["busy"])
    try:
        with ThreadPoolExecutor(2) as pool:
            first = pool.submit(call, bridge_pool, bridged, port=46510, media_port=46520,
                                service=BRIDGE_LINE, timeout_s=30)
            second = pool.submit(call, bridge_pool, refused, port=46530, media_port=46540,
                                 service=BUSY_LINE, timeout_s=30)
            results: dict[str, Any] = {"bridge": first.result(), "busy": second.result()}
    finally:
        results_audio = meter.stop()[METER_PORT]
        results_agent = finish_agent(agent, "agent", folder)
        results_busy = finish_agent(busy, "busy", folder)
    results.update(audio=results_audio, agent=results_agent, busy_agent=results_busy)
    return results


def test_the_worker_calls_the_agent_and_bridges_the_audio(bridge_pool: Supervisor,
                                                           calls: dict[str, Any]) -> None:
    run: SippRun = calls["bridge"]
    assert run.returncode == 0, run.errors
    agent: SippRun = calls["agent"]
    assert agent.returncode == 0, (agent.stdout, agent.errors)
    # the second INVITE went to the agent's address; the agent answered, got the ACK, played
    # its tone and was hung up when the caller hung up
    assert f"INVITE-TO {AGENT_URI} IN" in agent.log
    stats: StreamStats = calls["audio"]
    assert stats.first_sound_at is not None, stats
    assert stats.sound_ms >= TONE_S * 1000 * 0.7, stats.sound_ms
    assert stats.sound_ms <= TONE_S * 1000 * 1.3, stats.sound_ms
    (record,) = cdrs_of(bridge_pool, ANI["bridge"])
    assert record["path"] == ["to_agent"]
    (transfer,) = record["transfers"]
    assert transfer == {"block": "to_agent", "kind": "transfer", "uri": AGENT_URI,
                        "mode": "bridge", "status": "success", "sip_status": 200,
                        "target": AGENT_URI}
    assert record["disposition"] == "transferred"
    assert record["ended_by"] == "caller"


def test_a_busy_agent_takes_failed(bridge_pool: Supervisor, calls: dict[str, Any]) -> None:
    run: SippRun = calls["busy"]
    assert run.returncode == 0, run.errors
    agent: SippRun = calls["busy_agent"]
    assert agent.returncode == 0, (agent.stdout, agent.errors)
    assert f"INVITE-TO {BUSY_URI} IN" in agent.log
    (record,) = cdrs_of(bridge_pool, ANI["busy"])
    assert record["path"] == ["to_agent", "sorry", "done"]
    (transfer,) = record["transfers"]
    assert transfer["status"] == "busy" and transfer["sip_status"] == 486
    assert transfer["mode"] == "bridge"
    assert record["disposition"] == "agent_busy"
    assert record["ended_by"] == "flow"
