"""Processes that only read definitions stay light: every voice media worker builds the
Designer's flow source, and scikit-learn with SciPy would add over 150 MB to each of them."""

from __future__ import annotations

import subprocess
import sys


def test_the_voice_workers_flow_source_does_not_load_the_classifier() -> None:
    probe = ("import sys; import runtime.voice.worker, designer_ui.voice_source, "
             "designer_ui.bots.registry; from runtime.bots.native import load_native_bot; "
             "print(sorted({'sklearn', 'scipy'} & {m.split('.')[0] for m in sys.modules}))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            timeout=120, check=True)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


def test_the_classifier_still_loads_on_first_use() -> None:
    from runtime.bots import native

    assert native.ModelCache.__module__ == "runtime.bots.native.cache"
    assert native.IntentClassifier.__name__ == "IntentClassifier"
