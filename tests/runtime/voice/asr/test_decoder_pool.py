"""Grammar decoders: built small, reused per grammar, decoding while the audio arrives."""

from __future__ import annotations

from pathlib import Path

import pytest

import runtime.voice.asr.decoder_pool as decoder_pool
from interpreter.grammars.boolean import BooleanGrammar
from runtime.voice.asr.base import AsrError
from runtime.voice.asr.decoder_pool import GrammarDecoders
from runtime.voice.asr.grammars import builtin_grammar, phrases_grammar, srgs_grammar
from runtime.voice.asr.lexicon import Lexicon, shared_lexicon
from runtime.voice.audio_files import read_recording
from runtime.voice.tts import Synthesizer


@pytest.fixture(scope="module")
def pool() -> GrammarDecoders:
    return GrammarDecoders()


def answer(text: str) -> bool | None:
    """What the `boolean` grammar reads in a transcript (None: neither yes nor no)."""
    match = BooleanGrammar().match_chat(text, None, "en")
    return bool(match.value) if match.matched else None


def spoken(folder: Path, text: str) -> bytes:
    pcm, rate = read_recording(Synthesizer(folder, rate=150).synthesize(text, "en-US"))
    assert rate == 8000
    return pcm


def test_the_lexicon_gives_only_the_grammars_words() -> None:
    lexicon = shared_lexicon()
    assert lexicon is shared_lexicon()
    assert lexicon.knows("zero") and not lexicon.knows("zzxq")
    text = lexicon.dictionary_text(["zero", "zzxq", "two"])
    assert text.splitlines() == ["two T UW", "zero Z IH R OW", "zero(2) Z IY R OW"]


def test_grammars_keep_known_words_and_whole_yes_no_answers(tmp_path: Path) -> None:
    lexicon = Lexicon()
    digits = builtin_grammar("digits", lexicon.knows, 4, 4)
    assert digits is not None and "<word> <word> <word> <word>" in digits.jsgf
    assert "nine" in digits.words
    boolean = builtin_grammar("boolean", lexicon.knows)
    assert boolean is not None and "that's right" in boolean.jsgf and "<word>+" not in boolean.jsgf
    assert builtin_grammar("text", lexicon.knows) is None
    menu = phrases_grammar(["account balance", "qwzx card"], lexicon.knows)
    assert "account balance" in menu.jsgf and "qwzx" not in menu.jsgf
    assert menu.words == {"account", "balance"}
    srgs = srgs_grammar('<grammar xmlns="http://www.w3.org/2001/06/grammar" root="r" '
                        'mode="voice"><rule id="r"><one-of><item>red</item><item>blue</item>'
                        '</one-of></rule></grammar>', lexicon.knows)
    assert srgs.words == {"red", "blue"}


def test_an_utterance_decodes_as_it_is_fed_and_its_decoder_is_reused(
        pool: GrammarDecoders, tmp_path: Path) -> None:
    grammar = builtin_grammar("digits", pool.lexicon.knows, 3, 3)
    assert grammar is not None
    pcm = spoken(tmp_path, "four one seven")
    first = pool.start(grammar, 8000)
    decoder = first._decoder
    half = len(pcm) // 2 // 320 * 320
    for offset in range(0, half, 320):
        first.feed(pcm[offset:offset + 320])
    assert decoder is not None and decoder.n_frames() > 0  # decoded before the end of speech
    for offset in range(half, len(pcm), 320):
        first.feed(pcm[offset:offset + 320])
    heard = first.finish()
    assert heard is not None and len(heard.text.split()) == 3
    assert heard.text.split()[0] == "four"
    assert pool.idle(grammar) == 1 and pool.active == 0
    second = pool.start(grammar, 8000)
    assert second._decoder is decoder  # the same decoder, no rebuild
    second.abandon()
    assert pool.idle(grammar) == 1 and pool.active == 0
    with pytest.raises(AsrError, match="already ended"):
        second.feed(b"\x00\x00")


def test_concurrent_utterances_get_their_own_decoders(pool: GrammarDecoders,
                                                      tmp_path: Path) -> None:
    grammar = builtin_grammar("boolean", pool.lexicon.knows)
    assert grammar is not None
    yes, no = spoken(tmp_path, "yes"), spoken(tmp_path, "no")
    one, other = pool.start(grammar, 8000), pool.start(grammar, 8000)
    assert one._decoder is not other._decoder and pool.active == 2
    for offset in range(0, max(len(yes), len(no)), 320):
        one.feed(yes[offset:offset + 320])
        other.feed(no[offset:offset + 320])
    heard_yes, heard_no = one.finish(), other.finish()
    # 8 kHz audio loses most of the "s" of "yes": "yeah" is a fair hearing, and means yes
    assert heard_yes is not None and answer(heard_yes.text) is True
    assert heard_no is not None and answer(heard_no.text) is False
    assert pool.active == 0 and pool.idle(grammar) == 2


def test_too_many_utterances_at_once_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(decoder_pool, "MAX_ACTIVE", 1)
    pool = GrammarDecoders()
    grammar = builtin_grammar("boolean", pool.lexicon.knows)
    assert grammar is not None
    running = pool.start(grammar, 8000)
    with pytest.raises(AsrError, match="more than 1 utterances"):
        pool.start(grammar, 8000)
    assert running.finish() is None  # nothing was said
    pool.start(grammar, 8000).abandon()  # room again
