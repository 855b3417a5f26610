"""Trained classifiers, kept by the digest of the definition they were trained on.

Training takes a fraction of a second to a few seconds; a host answers many turns with one
definition, so it trains once per distinct definition. With a `directory` the models also
survive restarts (joblib files named by digest and scikit-learn version). Those files are
pickles: only ever point `directory` at a folder this service alone writes to.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path

import joblib
import sklearn

from runtime.bots.native.classifier import IntentClassifier
from runtime.bots.native.model import NativeBot


class ModelCache:
    def __init__(self, max_models: int = 32, directory: str | Path | None = None):
        self.max_models = max_models
        self.directory = Path(directory) if directory is not None else None
        self.trained = 0
        self._models: OrderedDict[str, IntentClassifier] = OrderedDict()
        self._lock = threading.Lock()
        self._training: dict[str, threading.Lock] = {}

    @staticmethod
    def key(bot: NativeBot) -> str:
        return f"{bot.digest[:40]}-sklearn-{sklearn.__version__}"

    def classifier(self, bot: NativeBot) -> IntentClassifier:
        key = self.key(bot)
        with self._lock:
            cached = self._remember(key)
            if cached is not None:
                return cached
            training = self._training.setdefault(key, threading.Lock())
        with training:
            with self._lock:
                cached = self._remember(key)
            if cached is not None:
                return cached
            model = self._load(key) or self._train(bot, key)
            with self._lock:
                self._models[key] = model
                while len(self._models) > self.max_models:
                    self._models.popitem(last=False)
                self._training.pop(key, None)
            return model

    def _remember(self, key: str) -> IntentClassifier | None:
        model = self._models.get(key)
        if model is not None:
            self._models.move_to_end(key)
        return model

    def _load(self, key: str) -> IntentClassifier | None:
        if self.directory is None or not (self.directory / f"{key}.joblib").exists():
            return None
        model = joblib.load(self.directory / f"{key}.joblib")
        return model if isinstance(model, IntentClassifier) else None

    def _train(self, bot: NativeBot, key: str) -> IntentClassifier:
        model = IntentClassifier.train(bot)
        self.trained += 1
        if self.directory is not None:
            self.directory.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            os.close(handle)
            joblib.dump(model, temporary)
            os.replace(temporary, self.directory / f"{key}.joblib")
        return model
