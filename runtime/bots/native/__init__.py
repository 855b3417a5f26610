"""The native dialog engine: intents, typed slots and prompts, trained locally (no cloud).

`load_native_bot` / `read_native_bot` read a definition (format in `docs/bots.md`);
`IntentClassifier` is the TF-IDF + logistic-regression intent model; `SlotReader` finds slot
values; `Dialog` runs the multi-turn conversation; `ModelCache` trains each definition once;
`NativeConnector` is the `BotConnector`. `samples/bank.yaml` is a worked example.
"""

from runtime.bots.native.cache import ModelCache
from runtime.bots.native.classifier import OUT_OF_SCOPE, IntentClassifier, Prediction
from runtime.bots.native.connector import NativeConnector
from runtime.bots.native.dialog import Dialog
from runtime.bots.native.model import NativeBot, load_native_bot, read_native_bot
from runtime.bots.native.slots import SlotReader

__all__ = ["OUT_OF_SCOPE", "Dialog", "IntentClassifier", "ModelCache", "NativeBot",
           "NativeConnector", "Prediction", "SlotReader", "load_native_bot", "read_native_bot"]
