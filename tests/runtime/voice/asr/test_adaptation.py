"""The phone-band transform, learnt from human speech through the phone channel."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import runtime.voice.asr.adaptation as adaptation
from runtime.voice.asr.adaptation import (
    PHONE_RATE,
    AdaptationError,
    build,
    human_recordings,
    main,
    phone_channel,
)
from runtime.voice.asr.decoder_pool import GrammarDecoders
from runtime.voice.asr.grammars import builtin_grammar
from runtime.voice.asr.lexicon import shared_lexicon
from runtime.voice.asr.phone_transform import transform_problem


def test_the_adaptation_speech_is_human_and_transcribed() -> None:
    recordings = human_recordings()
    assert len(recordings) == 13
    names = {recording.name for recording in recordings}
    assert {"cards-001", "librivox-sense_and_sensibility_01_austen_64kb-0870",
            "goforward", "tidigits"} <= names
    lexicon = shared_lexicon()
    for recording in recordings:
        assert recording.path.is_file()
        assert recording.words and all(lexicon.knows(word) for word in recording.words)
    cards = next(r for r in recordings if r.name == "cards-005")
    assert " ".join(cards.words) == "eight of spades four of clubs seven of hearts"


def test_the_phone_channel_is_8_khz_and_empty_above_4_khz() -> None:
    recording = human_recordings()[0].path
    pcm = phone_channel(recording)
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    assert abs(len(samples) / PHONE_RATE - 1.095) < 0.01  # cards/001.wav lasts 1.095 s
    assert np.sqrt(np.mean(samples ** 2)) > 100  # speech, not silence
    assert phone_channel(recording) == pcm  # no dither: the same every time


@pytest.mark.slow
def test_a_built_transform_is_a_global_mllr_the_decoders_load(tmp_path: Path) -> None:
    output = tmp_path / "share" / "phone.mllr"
    built = build(output)
    assert built.path == output and built.utterances == 13 and 40 < built.seconds < 45
    text = output.read_text()
    assert transform_problem(text) is None
    numbers = [float(token) for token in text.split()]
    assert numbers[:3] == [1, 3, 13]  # one class, three streams of 13
    matrix = np.array(numbers[3:3 + 169]).reshape(13, 13)
    assert not np.allclose(matrix, np.eye(13), atol=0.05)  # it learnt something
    assert (np.diag(matrix) > 0).all()
    pool = GrammarDecoders(transform=output)
    grammar = builtin_grammar("digits", pool.lexicon.knows)
    assert grammar is not None
    utterance = pool.start(grammar, PHONE_RATE)
    assert utterance._decoder is not None
    assert utterance._decoder.config["mllr"] == str(output)
    utterance.abandon()
    assert not list(output.parent.glob("*.partial"))


def test_missing_tools_or_speech_name_the_debian_package(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--output", str(tmp_path / "t.mllr"), "--data", str(tmp_path / "none")]) == 1
    assert "pocketsphinx-testdata" in capsys.readouterr().err
    monkeypatch.setattr(adaptation, "SPHINXTRAIN", tmp_path)
    with pytest.raises(AdaptationError, match="install the Debian package sphinxtrain"):
        build(tmp_path / "t.mllr")
    assert not (tmp_path / "t.mllr").exists()
