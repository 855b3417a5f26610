"""The native dialog engine: intents, typed slots and prompts, trained locally (no cloud).

`load_native_bot` / `read_native_bot` read a definition (format in `docs/bots.md`);
`IntentClassifier` is the TF-IDF + logistic-regression intent model; `SlotReader` finds slot
values; `Dialog` runs the multi-turn conversation; `ModelCache` trains each definition once;
`NativeConnector` is the `BotConnector`. `samples/bank.yaml` is a worked example.

The names load on first use: the classifier needs scikit-learn (and SciPy), over 150 MB and a
second or two of start-up in every process, which the many processes that only read or check a
definition (each voice media worker, the Designer's registry) never need.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from runtime.bots.native.cache import ModelCache
    from runtime.bots.native.classifier import OUT_OF_SCOPE, IntentClassifier, Prediction
    from runtime.bots.native.connector import NativeConnector
    from runtime.bots.native.dialog import Dialog
    from runtime.bots.native.model import NativeBot, load_native_bot, read_native_bot
    from runtime.bots.native.slots import SlotReader

__all__ = ["OUT_OF_SCOPE", "Dialog", "IntentClassifier", "ModelCache", "NativeBot",
           "NativeConnector", "Prediction", "SlotReader", "load_native_bot", "read_native_bot"]

_HOMES = {
    "ModelCache": "cache", "OUT_OF_SCOPE": "classifier", "IntentClassifier": "classifier",
    "Prediction": "classifier", "NativeConnector": "connector", "Dialog": "dialog",
    "NativeBot": "model", "load_native_bot": "model", "read_native_bot": "model",
    "SlotReader": "slots",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
