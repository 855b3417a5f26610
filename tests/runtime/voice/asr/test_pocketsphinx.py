"""The offline provider: pocketsphinx streams, fed phone audio as a call would."""

from __future__ import annotations

from pathlib import Path

import pytest

from interpreter.grammars.boolean import BooleanGrammar
from runtime.voice.asr.base import AsrError, StreamRequest
from runtime.voice.asr.pocketsphinx import PocketsphinxRecognizer
from runtime.voice.audio_files import read_recording
from runtime.voice.tts import Synthesizer


@pytest.fixture(scope="module")
def recognizer() -> PocketsphinxRecognizer:
    return PocketsphinxRecognizer()


def spoken(folder: Path, text: str) -> tuple[bytes, int]:
    return read_recording(Synthesizer(folder, rate=150).synthesize(text, "en-US"))


def recognise(recognizer: PocketsphinxRecognizer, pcm: bytes, request: StreamRequest) -> str:
    stream = recognizer.start(request)
    for offset in range(0, len(pcm), 320):  # 20 ms RTP frames
        stream.feed(pcm[offset:offset + 320])
    result = stream.finish()
    return result[0].text if result else ""


def test_digits_and_yes_no_are_heard_in_their_grammars(
        recognizer: PocketsphinxRecognizer, tmp_path: Path) -> None:
    pcm, rate = spoken(tmp_path, "one two three four")
    assert rate == 8000
    four_digits = StreamRequest(grammar="digits", min_length=4, max_length=4)
    heard = recognise(recognizer, pcm, four_digits).split()
    # the decoder's running cepstral mean adapts over the first utterances, so the last digit
    # of a cold decoder's first answer may be off; the grammar's bounds always hold
    assert len(heard) == 4 and heard[:3] == ["one", "two", "three"]
    pcm, _ = spoken(tmp_path, "yes")
    stream = recognizer.start(StreamRequest(grammar="boolean"))
    stream.feed(pcm)
    [answer] = stream.finish()
    assert BooleanGrammar().match_chat(answer.text, None, "en").value is True
    assert answer.confidence is not None
    assert 0 < answer.confidence <= 1


def test_menu_phrases_restrict_what_is_heard(recognizer: PocketsphinxRecognizer,
                                             tmp_path: Path) -> None:
    pcm, _ = spoken(tmp_path, "I would like my account balance please")
    request = StreamRequest(phrases=("account balance", "lost card"))
    assert recognise(recognizer, pcm, request) == "account balance"


def test_silence_is_no_transcript_and_other_languages_are_refused(
        recognizer: PocketsphinxRecognizer) -> None:
    stream = recognizer.start(StreamRequest(grammar="digits"))
    assert stream.finish() == []
    with pytest.raises(AsrError, match="English only"):
        recognizer.start(StreamRequest(language="de-DE"))


def test_free_form_streams_use_the_language_model_and_streams_are_bounded(
        recognizer: PocketsphinxRecognizer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pcm, _ = spoken(tmp_path, "hello")
    stream = recognizer.start(StreamRequest(grammar="text"))
    stream.feed(pcm)
    assert [transcript.text for transcript in stream.finish()] != []
    monkeypatch.setattr("runtime.voice.asr.pocketsphinx.MAX_UTTERANCE_S", 1)
    bounded = recognizer.start(StreamRequest(grammar="digits"))
    bounded.feed(b"\x00\x00" * 8000)
    with pytest.raises(AsrError, match="at most 1 s"):
        bounded.feed(b"\x00\x00")
    assert recognizer.grammars.active == 0  # the decoder went back to the pool
