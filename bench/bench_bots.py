"""Bots: the native engine's accuracy and speed, and the connectors' local round trips.

- native: trains the sample bank assistant (`runtime/bots/native/samples/bank.yaml`), then
  measures intent accuracy on the held-out utterances (`tests/runtime/bots/data/`), how many
  out-of-scope utterances go to fallback at the bot's threshold, the training time, and the
  latency of one classification and of one full dialog turn (classification + slots);
- connectors (`--connectors`): one turn through the real boto3 / google-cloud clients against
  the local Lex and Dialogflow servers, i.e. the connectors' own overhead without a network.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml

from interpreter.engine.effects import BotTurn
from runtime.bots.native import IntentClassifier, NativeBot, read_native_bot
from runtime.bots.native.dialog import Dialog
from runtime.bots.native.slots import SlotReader

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "runtime/bots/native/samples/bank.yaml"
HELD_OUT = ROOT / "tests/runtime/bots/data/bank_heldout.yaml"


def per_call_ms(call: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and 95th percentile of `repeat` calls, in milliseconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def native(repeat: int) -> dict[str, Any]:
    bot: NativeBot = read_native_bot(SAMPLE)
    with HELD_OUT.open(encoding="utf-8") as stream:
        held_out = yaml.safe_load(stream)
    trainings = []
    for _ in range(3):
        started = time.perf_counter()
        classifier = IntentClassifier.train(bot)
        trainings.append(time.perf_counter() - started)
    cases = [(u, intent) for intent, group in held_out["in_scope"].items() for u in group]
    correct = sum(classifier.predict(u, bot.threshold).intent == intent for u, intent in cases)
    rejected = sum(classifier.predict(u, bot.threshold).intent is None
                   for u in held_out["out_of_scope"])
    utterances = [u for u, _ in cases]
    dialog = Dialog(bot, classifier, SlotReader(bot))
    classify = per_call_ms(lambda: [classifier.predict(u, bot.threshold) for u in utterances],
                           repeat)
    turns = per_call_ms(lambda: [dialog.turn(u, None) for u in utterances], repeat)
    return {"intents": len(bot.intents), "examples": sum(len(i.examples) for i in bot.intents),
            "accuracy": correct / len(cases), "cases": len(cases),
            "oos_rejected": rejected / len(held_out["out_of_scope"]),
            "oos": len(held_out["out_of_scope"]), "threshold": bot.threshold,
            "train_s": min(trainings),
            "classify_ms": tuple(t / len(utterances) for t in classify),
            "turn_ms": tuple(t / len(utterances) for t in turns)}


def connectors(repeat: int) -> dict[str, tuple[float, float]]:
    from runtime.bots.dialogflow_cx import DialogflowCXConnector
    from runtime.bots.dialogflow_es import DialogflowESConnector
    from runtime.bots.lex import LexConnector
    from tests.bots_servers import DialogflowServer, LexServer
    from tests.runtime.bots.scripts import (
        CX_AGENT,
        ES_PROJECT,
        FAQ,
        LEX_ALIAS_ID,
        LEX_BOT_ID,
        PIZZA,
        cx_definition,
        es_definition,
        lex_definition,
    )

    results = {}
    with LexServer({(LEX_BOT_ID, LEX_ALIAS_ID): PIZZA}) as lex, \
            DialogflowServer(es_agents={ES_PROJECT: FAQ}, cx_agents={CX_AGENT: FAQ}) as df:
        cases: list[tuple[str, Any, Any]] = [
            ("lex (REST)", LexConnector(), lex_definition(lex.url)),
            ("dialogflow es (gRPC)", DialogflowESConnector(), es_definition(df.address)),
            ("dialogflow cx (gRPC)", DialogflowCXConnector(), cx_definition(df.address)),
        ]
        for label, connector, definition in cases:
            effect = BotTurn("bench", definition.name, "when are you open", 1, "bench-1")
            connector.turn(effect, definition)
            results[label] = per_call_ms(lambda c=connector, d=definition, e=effect:
                                         c.turn(e, d), repeat)
            if hasattr(connector, "close"):
                connector.close()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--connectors", action="store_true",
                        help="also time one turn per provider against the local servers")
    args = parser.parse_args()
    figures = native(args.repeat)
    print(f"native bank assistant: {figures['intents']} intents, {figures['examples']} examples, "
          f"threshold {figures['threshold']}")
    print(f"  held-out accuracy:        {figures['accuracy']:6.1%}  ({figures['cases']} utterances)")
    print(f"  out of scope to fallback: {figures['oos_rejected']:6.1%}  ({figures['oos']} utterances)")
    print(f"  training:                 {figures['train_s'] * 1000:6.0f} ms")
    print(f"  classify one utterance:   {figures['classify_ms'][0]:6.2f} ms median "
          f"({figures['classify_ms'][1]:.2f} ms p95 of batches)")
    print(f"  dialog turn (+ slots):    {figures['turn_ms'][0]:6.2f} ms median "
          f"({figures['turn_ms'][1]:.2f} ms p95 of batches)")
    if args.connectors:
        print("one turn through the real client against the local server")
        for label, (median, p95) in connectors(args.repeat * 5).items():
            print(f"  {label:24} {median:6.2f} ms median, {p95:.2f} ms p95")
    return 0


if __name__ == "__main__":
    sys.exit(main())
