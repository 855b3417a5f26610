"""Callers talk to a Lex bot through a voice worker: keys, speech, silence and a slow bot.

The Lex bots are the local Lex V2 server (`tests/bots_servers`), reached by the worker's real
boto3 client through a bots file (`--bots`). A spoken turn is a WAV synthesised by espeak-ng,
sent as PCMU RTP from the port the caller listens on (`speech_rtp`); the worker records it,
transcribes it for the engine, and sends the recording itself to Lex (RecognizeUtterance). The
Lex server here "transcribes" with pocketsphinx against a few phrases, so the bot answers what
the caller really said. Every call is placed at once when the module starts; each test checks
one call.
"""

from __future__ import annotations

import struct
import wave
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from runtime.safe_yaml import dump_yaml
from runtime.voice import Supervisor
from runtime.voice.audio_files import duration_ms, read_recording
from runtime.voice.bots import LEX_LPCM_8K
from runtime.voice.speech import SpeechRecognizer
from runtime.voice.tts import Synthesizer
from tests.bots_servers import LexServer, ScriptedBot
from tests.runtime.voice.helpers import call, cdrs_of, flow_pool_settings, running
from tests.runtime.voice.rtp_meter import RtpMeter, StreamStats
from tests.runtime.voice.sipp import Scenario, SippRun
from tests.runtime.voice.speech_rtp import pcmu_frames

POOL_PORT = 44000
BOT_LINE, SLOW_LINE = "18005550200", "18005550201"
METER_PORT = 44500
ACCESS_KEY = "AKIDVOICETEST0000001"
BANK_BOT_ID, SLOW_BOT_ID, ALIAS_ID = "BANKBOT001", "SLOWBOT001", "TSTALIASID"
WELCOME, QUESTION = "Acme Bank.", "How can I help?"
REPLY = "Your balance is one hundred and twenty dollars."
SPOKEN = "I want to check my balance"
PHRASES = ["check my balance", "balance", "lost my card", "card", "speak to an agent", "agent"]
ANI = {"keys": "+15551240001", "speech": "+15551240002", "silence": "+15551240003",
       "slow": "+15551240004"}

BANK = ScriptedBot.from_dict({
    "intents": [
        {"name": "CheckBalance", "patterns": [r"\bbalance\b"], "reply": REPLY},
        {"name": "LostCard", "patterns": [r"\bcard\b"], "reply": "I have blocked your card."},
    ],
    "fallback_reply": "Sorry, I did not get that.",
})


def flow(flow_id: str, blocks: dict[str, Any], start: str) -> dict[str, Any]:
    return {"format": "designer-flow", "format_version": 1, "id": flow_id, "name": flow_id,
            "kind": "application", "channels": ["voice"], "phases": {"self_service": start},
            "blocks": blocks}


BOT_FLOW = flow("bot-line", {
    "welcome": {"type": "play_message", "props": {"prompts": [{"tts": WELCOME}]},
                "next": {"next": "ask"}},
    "ask": {"type": "bot", "props": {
        "bot": "BankBot", "prompts": [{"tts": QUESTION}], "intents": ["CheckBalance", "LostCard"],
        "dtmf": {"1": "CheckBalance", "2": "LostCard"}, "max_turns": 3, "timeout_ms": 5000},
        "next": {"CheckBalance": "balance_done", "LostCard": "card_done",
                 "fallback": "fallback_done", "error": "error_done"}},
    "balance_done": {"type": "terminate", "props": {"reason": "balance"}},
    "card_done": {"type": "terminate", "props": {"reason": "card"}},
    "fallback_done": {"type": "terminate", "props": {"reason": "fallback"}},
    "error_done": {"type": "terminate", "props": {"reason": "bot_error"}},
}, "welcome")
SLOW_FLOW = flow("slow-line", {
    "ask": {"type": "bot", "props": {"bot": "SlowBot", "intents": ["CheckBalance"],
                                     "timeout_ms": 1000},
            "next": {"CheckBalance": "done", "error": "sorry"}},
    "sorry": {"type": "play_message", "props": {"prompts": [
        {"tts": "Sorry, our assistant is not available."}]}, "next": {"next": "done"}},
    "done": {"type": "terminate", "props": {"reason": "done"}},
}, "ask")


class HeardAudio:
    """The Lex server's `transcribe`: keeps what arrived and recognises it against PHRASES."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.received: list[tuple[str, int, str]] = []
        self.recognizer = SpeechRecognizer()

    def __call__(self, audio: bytes, content_type: str) -> str:
        path = self.folder / f"heard-{len(self.received)}.wav"
        with wave.open(str(path), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(16000 if "16000" in content_type else 8000)
            out.writeframes(audio)
        result = self.recognizer.recognize(path, PHRASES)
        text = result.text if result else ""
        self.received.append((content_type, len(audio), text))
        return text


@pytest.fixture(scope="module")
def lex(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LexServer, LexServer,
                                                                   HeardAudio]]:
    heard = HeardAudio(tmp_path_factory.mktemp("heard"))
    with LexServer({(BANK_BOT_ID, ALIAS_ID): BANK}, access_key_id=ACCESS_KEY,
                   transcribe=heard) as bank, \
            LexServer({(SLOW_BOT_ID, ALIAS_ID): BANK}, access_key_id=ACCESS_KEY) as slow:
        slow.faults.delay_s = 4.0
        yield bank, slow, heard


@pytest.fixture(scope="module")
def bot_pool(tmp_path_factory: pytest.TempPathFactory, lex: tuple[LexServer, LexServer, Any]
             ) -> Iterator[Supervisor]:
    bank, slow, _ = lex
    folder = tmp_path_factory.mktemp("bot-voice")
    credentials = {"aws_access_key_id": ACCESS_KEY, "aws_secret_access_key": "not-a-secret"}
    common = {"provider": "lex", "alias_id": ALIAS_ID, "locale": "en_US",
              "region": "eu-west-1", "credentials": credentials, "max_retries": 0}
    bots = folder / "bots.yaml"
    bots.write_text(dump_yaml({"bots": [
        {"name": "BankBot", "bot_id": BANK_BOT_ID, "endpoint": bank.url, **common},
        {"name": "SlowBot", "bot_id": SLOW_BOT_ID, "endpoint": slow.url, **common}]}))
    settings = flow_pool_settings(folder, POOL_PORT, {BOT_LINE: BOT_FLOW, SLOW_LINE: SLOW_FLOW},
                                  source_options={"bots": str(bots)}, kamailio="off")
    with running(settings) as supervisor:
        yield supervisor


def synthesized_ms(pool: Supervisor, *texts: str, rate: int | None = None) -> int:
    synthesizer = Synthesizer(pool.settings.cache_dir, pool.settings.tts_engine,
                              rate or pool.settings.tts_rate)
    return sum(duration_ms(synthesizer.synthesize(text, "en-US")) for text in texts)


@pytest.fixture(scope="module")
def calls(bot_pool: Supervisor, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    prompts_ms = synthesized_ms(bot_pool, WELCOME, QUESTION)
    synthesized_ms(bot_pool, REPLY)  # cached, as a deployed line's prompts would be
    speech = Synthesizer(tmp_path_factory.mktemp("caller"), rate=165).synthesize(SPOKEN, "en-US")
    scenarios: dict[str, tuple[Scenario, int, int, str]] = {
        "keys": (Scenario("keys", [("pause", prompts_ms + 800), ("dtmf", "2"),
                                   ("wait_bye", 15000)], ani=ANI["keys"]),
                 44510, 44520, BOT_LINE),
        "speech": (Scenario("speech", [("wait_bye", 25000)], ani=ANI["speech"],
                            audio_port=str(METER_PORT)), 44530, 44540, BOT_LINE),
        "silence": (Scenario("silence", [("wait_bye", 20000)], ani=ANI["silence"]),
                    44550, 44560, BOT_LINE),
        "slow": (Scenario("slow", [("wait_bye", 20000)], ani=ANI["slow"]), 44570, 44580,
                 SLOW_LINE),
    }
    meter = RtpMeter([METER_PORT])
    speaker = meter.speak(METER_PORT, pcmu_frames(speech), after_ms=prompts_ms)
    runners: dict[str, Callable[[], SippRun]] = {
        name: (lambda s=scenario, p=port, m=media, n=number: call(
            bot_pool, s, port=p, media_port=m, service=n, timeout_s=45))
        for name, (scenario, port, media, number) in scenarios.items()}
    with ThreadPoolExecutor(len(runners)) as pool:
        futures = {name: pool.submit(runner) for name, runner in runners.items()}
        results: dict[str, Any] = {name: future.result() for name, future in futures.items()}
    results["audio"] = meter.stop()[METER_PORT]
    results["spoke_at"] = speaker.spoke_at
    results["speaker"] = {"sent": speaker.sent, "worst_lag_ms": round(speaker.worst_lag_ms),
                          "spoke_at": speaker.spoke_at}
    results["speech_ms"] = duration_ms(speech)
    results["voiced_ms"] = voiced_ms(read_recording(speech)[0])
    results["prompts_ms"] = prompts_ms
    return results


def lex_requests(server: LexServer, record: dict[str, Any]) -> list[dict[str, Any]]:
    return [request for request in server.requests if request["session"].startswith(record["id"])]


def test_a_key_mapped_to_an_intent_takes_its_port(bot_pool: Supervisor, calls: dict[str, Any],
                                                   lex: tuple[LexServer, LexServer, Any]) -> None:
    run: SippRun = calls["keys"]
    assert run.returncode == 0, run.errors
    (record,) = cdrs_of(bot_pool, ANI["keys"])
    assert record["path"] == ["welcome", "ask", "card_done"]
    assert record["dtmf"] == [{"block": "ask", "digits": "2"}]
    assert record["ended_by"] == "flow"
    assert lex_requests(lex[0], record) == []  # the block's `dtmf` map answered, not the bot


def test_a_spoken_turn_reaches_lex_as_audio_and_the_reply_is_heard(
        bot_pool: Supervisor, calls: dict[str, Any],
        lex: tuple[LexServer, LexServer, HeardAudio]) -> None:
    run: SippRun = calls["speech"]
    assert run.returncode == 0, run.errors
    (record,) = cdrs_of(bot_pool, ANI["speech"])
    assert record["path"] == ["welcome", "ask", "balance_done"], (
        record["metrics"], calls["speaker"], calls["audio"])
    (request,) = lex_requests(lex[0], record)
    assert request["kind"] == "utterance"
    assert request["headers"]["content-type"] == LEX_LPCM_8K
    speech_bytes = calls["speech_ms"] * 16  # 8 kHz, 16-bit
    assert speech_bytes <= len(request["audio"]) <= speech_bytes + 3 * 16000
    ((content_type, length, transcript),) = lex[2].received
    assert (content_type, length) == (LEX_LPCM_8K, len(request["audio"]))
    assert "balance" in transcript  # the caller's words, recognised from the audio Lex got
    assert abs(voiced_ms(request["audio"]) - calls["voiced_ms"]) < 300
    (turn,) = record["metrics"]["bot_turns"]
    assert turn["sent"] == "audio" and turn["intent"] == "CheckBalance"
    assert turn["audio_ms"] >= calls["speech_ms"]
    assert len(record["metrics"]["speech"]) == 1  # the transcript the engine got

    stats: StreamStats = calls["audio"]
    groups = sound_groups(stats)
    assert len(groups) == 2, groups  # the prompts, then the bot's reply
    (_, prompts_end), (reply_start, reply_end) = groups
    assert calls["spoke_at"] is not None and calls["spoke_at"] > prompts_end
    assert reply_start > calls["spoke_at"] + calls["speech_ms"] / 1000
    reply_ms = (reply_end - reply_start) * 1000 + 20
    expected = synthesized_ms(bot_pool, REPLY)
    assert abs(reply_ms - expected) < expected * 0.3, (reply_ms, expected)


def test_silence_is_no_input_and_the_bot_gets_a_text_turn(
        bot_pool: Supervisor, calls: dict[str, Any],
        lex: tuple[LexServer, LexServer, Any]) -> None:
    run: SippRun = calls["silence"]
    assert run.returncode == 0, run.errors
    (record,) = cdrs_of(bot_pool, ANI["silence"])
    assert record["path"] == ["welcome", "ask", "fallback_done"]
    (request,) = lex_requests(lex[0], record)
    assert request["kind"] == "text" and request["body"]["text"] == "Hello"
    (turn,) = record["metrics"]["bot_turns"]
    assert turn["sent"] == "none" and turn["state"] == "fallback"
    assert "speech" not in record["metrics"]


def test_a_bot_that_does_not_answer_in_time_takes_error(
        bot_pool: Supervisor, calls: dict[str, Any],
        lex: tuple[LexServer, LexServer, Any]) -> None:
    run: SippRun = calls["slow"]
    assert run.returncode == 0, run.errors
    (record,) = cdrs_of(bot_pool, ANI["slow"])
    assert record["path"] == ["ask", "sorry", "done"]
    (turn,) = record["metrics"]["bot_turns"]
    # the connector's read timeout (1 s) answers first, unless a loaded machine delays the
    # first turn (boto3 builds its client) past the worker's own limit (1 s + 2 s grace)
    assert (turn["state"], "did not answer" in turn.get("error", "")) in (
        ("failed", True), ("timeout", False))
    assert turn["latency_ms"] <= 3000
    assert len(lex_requests(lex[1], record)) == 1


def sound_groups(stats: StreamStats, bridge_ms: int = 600, shortest_ms: int = 100
                 ) -> list[tuple[float, float]]:
    """Stretches of sound (pauses shorter than `bridge_ms` inside them), clicks left out."""
    groups: list[tuple[float, float]] = []
    for start, end in stats.sound_runs:
        if groups and (start - groups[-1][1]) * 1000 <= bridge_ms:
            groups[-1] = (groups[-1][0], end)
        else:
            groups.append((start, end))
    return [(start, end) for start, end in groups if (end - start) * 1000 >= shortest_ms]


def voiced_ms(pcm: bytes, peak: int = 1500) -> int:
    """From the first to the last 20 ms window of 8 kHz audio whose peak is above `peak`."""
    count = len(pcm) // 2
    samples = struct.unpack(f"<{count}h", pcm[: count * 2])
    loud = [index for index in range(0, count, 160)
            if max((abs(value) for value in samples[index:index + 160]), default=0) > peak]
    return (loud[-1] - loud[0]) // 8 + 20 if loud else 0
