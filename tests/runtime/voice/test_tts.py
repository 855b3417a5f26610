"""The shared prompt cache as a worker looks prompts up, each time one is queued."""

from __future__ import annotations

from pathlib import Path

from runtime.voice.tts import Synthesizer

TEXT = "For sales press one. For support press two."


class CountingSynthesizer(Synthesizer):
    """A real synthesizer that counts how often it works out a file name."""

    def __init__(self, cache_dir: Path):
        super().__init__(cache_dir)
        self.names = 0

    def path_for(self, text: str, language: str, secure: bool = False, version: int = 0
                 ) -> Path:
        self.names += 1
        return super().path_for(text, language, secure, version)


def test_a_cached_prompt_is_found_by_a_name_worked_out_once(tmp_path: Path) -> None:
    tts = CountingSynthesizer(tmp_path / "cache")
    assert tts.cached(TEXT, "en-US") is None  # not synthesised yet
    made = tts.synthesize(TEXT, "en-US")
    names = tts.names
    assert tts.cached(TEXT, "en-US") == made  # found once another worker has made it
    assert tts.cached(TEXT, "en-US") == made
    assert tts.cached(TEXT, "en-US", version=2) is None  # another announcement version
    assert tts.names == names + 1  # only the new version's name was worked out
    made.unlink()  # the cache emptied under a running worker: not found, not remembered
    assert tts.cached(TEXT, "en-US") is None
