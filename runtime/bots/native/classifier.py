"""The native intent classifier: TF-IDF features and logistic regression, trained locally.

Word 1-2-grams catch phrasing, character 2-5-grams (within word boundaries) catch typos and
word forms ("activating", "activate"); on public intent sets with 5-20 examples per intent this
scored 93-97% on small sets at about 1 ms an utterance, with nothing to download. The
definition's `out_of_scope` examples are trained as one more class, which is what makes
unrelated requests land in fallback rather than on the nearest intent; the confidence
threshold catches the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from threadpoolctl import threadpool_limits

from runtime.bots.native.model import NativeBot

OUT_OF_SCOPE = "__out_of_scope__"


@dataclass(frozen=True)
class Prediction:
    """`intent` is None when the utterance is out of scope or below the threshold;
    `confidence` is the best in-scope intent's probability either way."""

    intent: str | None
    confidence: float
    best: str
    ranking: tuple[tuple[str, float], ...]


def _pipeline() -> Pipeline:
    features = FeatureUnion([
        ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True,
                                  token_pattern=r"(?u)\b\w+\b")),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
    ])
    return Pipeline([("features", features),
                     ("model", LogisticRegression(C=20.0, max_iter=2000))])


class IntentClassifier:
    """A trained classifier for one bot definition; immutable once trained, safe to share."""

    def __init__(self, pipeline: Pipeline):
        self.pipeline = pipeline
        self.labels: tuple[str, ...] = tuple(str(label) for label in pipeline.classes_)

    @classmethod
    def train(cls, bot: NativeBot) -> IntentClassifier:
        """Fit on the bot's examples. One BLAS thread: on a busy host several threads made a
        0.1 s fit take seconds."""
        texts: list[str] = []
        labels: list[str] = []
        for intent in bot.intents:
            texts.extend(intent.examples)
            labels.extend([intent.name] * len(intent.examples))
        texts.extend(bot.out_of_scope)
        labels.extend([OUT_OF_SCOPE] * len(bot.out_of_scope))
        pipeline = _pipeline()
        with threadpool_limits(1):
            pipeline.fit([normalise(text) for text in texts], labels)
        return cls(pipeline)

    def predict(self, text: str, threshold: float) -> Prediction:
        probabilities = self.pipeline.predict_proba([normalise(text)])[0]
        ranking = tuple(sorted(((label, float(p)) for label, p in zip(self.labels, probabilities)),
                               key=lambda item: item[1], reverse=True))
        in_scope = [item for item in ranking if item[0] != OUT_OF_SCOPE]
        best, confidence = in_scope[0]
        rejected = ranking[0][0] == OUT_OF_SCOPE or confidence < threshold
        return Prediction(None if rejected else best, round(confidence, 4), best, ranking)


def normalise(text: str) -> str:
    return " ".join(text.lower().replace("\u2019", "'").split())
