"""SRGS grammars on voice: compiled to JSGF, pocketsphinx decodes espeak-ng speech with them, and
the transcript matched against the grammar gives the semantic result."""

from __future__ import annotations

from pathlib import Path

from interpreter.engine.effects import Collect
from interpreter.grammars.srgs import compile_srgs
from runtime.voice.call_inputs import srgs_source
from runtime.voice.speech import SpeechRecognizer
from runtime.voice.tts import Synthesizer

DRINKS = """<?xml version="1.0" encoding="UTF-8"?>
<grammar xmlns="http://www.w3.org/2001/06/grammar" version="1.0" xml:lang="en-US"
         root="order" tag-format="semantics/1.0">
  <rule id="order" scope="public">
    <item repeat="0-1">i would like</item>
    <item repeat="0-1">a</item>
    <ruleref uri="#size"/>
    <ruleref uri="#drink"/>
    <item repeat="0-1">please</item>
    <tag>out.size = rules.size; out.drink = rules.drink;</tag>
  </rule>
  <rule id="size">
    <one-of>
      <item>small <tag>out = "S";</tag></item>
      <item>large <tag>out = "L";</tag></item>
    </one-of>
  </rule>
  <rule id="drink">
    <one-of>
      <item>coffee <tag>out = "coffee"</tag></item>
      <item>orange juice <tag>out = "juice"</tag></item>
      <item>tea <tag>out = "tea"</tag></item>
      <item>xyzzyplugh <tag>out = "unknown word"</tag></item>
    </one-of>
  </rule>
</grammar>
"""


def test_a_spoken_answer_decodes_to_its_semantic_result(tmp_path: Path) -> None:
    speech = Synthesizer(tmp_path, rate=160).synthesize(
        "I would like a large orange juice please", "en-US")
    heard = SpeechRecognizer().recognize_srgs(speech, DRINKS)
    assert heard is not None
    result = compile_srgs(DRINKS).match(heard.text, "chat")
    assert result.matched and result.value == {"size": "L", "drink": "juice"}


def test_only_voice_grammars_are_decoded() -> None:
    voice = Collect("ask", "input", (), grammar={"srgs": "", "source": DRINKS, "mode": "voice"})
    keys = Collect("ask", "input", (), grammar={"srgs": "", "source": "x", "mode": "dtmf"})
    assert srgs_source(voice) == DRINKS
    assert srgs_source(keys) is None
    assert srgs_source(Collect("ask", "input", (), grammar="digits")) is None
