"""The speech benchmark's instrument: real synthesis, noise at the asked SNR, live streams."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bench.bench_speech import (
    Outcome,
    Sample,
    accuracy,
    add_noise,
    main,
    meaning,
    run_share,
)


def test_noise_is_mixed_at_the_asked_snr() -> None:
    time = np.arange(8000) / 8000
    tone = (6000 * np.sin(2 * np.pi * 300 * time)).astype("<i2").tobytes()
    for snr in (20.0, 10.0):
        mixed, measured = add_noise(tone, snr, np.random.default_rng(1))
        assert abs(measured - snr) < 0.5 and len(mixed) == len(tone)


def test_yes_no_counts_by_the_boolean_grammars_meaning() -> None:
    assert meaning("that's right") == "yes" and meaning("nope") == "no"
    assert meaning("yeah not") == "yeah not"  # not an answer: counted wrong
    sample = Sample("flite", "digits", 20.0, "one two", b"\x00\x00")
    word, exact = accuracy([Outcome(sample, "one three", 10.0)])
    assert word == 0.5 and exact == 0.0


def test_a_share_decodes_live_streams_and_accounts_its_cpu(tmp_path: Path) -> None:
    from runtime.voice.audio_files import read_recording
    from runtime.voice.tts import Synthesizer

    pcm, rate = read_recording(Synthesizer(tmp_path, rate=150).synthesize("no", "en-US"))
    assert rate == 8000
    samples = [Sample("espeak-ng", "boolean", 20.0, "no", pcm), Sample("flite", "digits", 20.0,
                                                                       "one", b"")]
    share = run_share(samples, callers=2)
    by_voice = {outcome.sample.voice: outcome for outcome in share.outcomes}
    assert by_voice["espeak-ng"].heard == "no" and by_voice["espeak-ng"].latency_ms > 0
    assert by_voice["flite"].error == "no audio"
    assert share.audio_s == pytest.approx(len(pcm) / 16000)
    assert 0 < share.decode_cpu_s < share.audio_s  # decoded faster than real time


def test_a_tiny_run_prints_every_target(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--per-condition", "1", "--callers", "2", "--processes", "1"]) == 0
    printed = capsys.readouterr().out
    for line in ("digits exact-string at 20 dB", "yes/no exact at 10 dB", "latency p95",
                 "CPU per second of audio", "end-of-speech work"):
        assert line in printed
