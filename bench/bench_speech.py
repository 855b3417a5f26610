"""Speech recognition accuracy and latency: what a caller's spoken digits and yes/no get.

Utterances are synthesised in English with espeak-ng and flite, resampled to phone audio
(8 kHz, 16-bit mono, with sox), and mixed with white noise at 20 dB and 10 dB SNR (numpy; the
SNR is measured back on every mix and a mix off by more than 0.5 dB fails the run). They are
recognised with the project's offline recogniser (`runtime.voice.asr.pocketsphinx`) against the
built-in `digits` grammar (four-digit strings, bounded to four words as an input block with
min = max = 4 does) and `boolean` grammar (yes / no; a transcript counts by its meaning, so
"yep" is a right "yes", "yes no" is wrong).

Load: `--callers` (50) simulated callers run at once; each one "speaks" its utterance for the
utterance's real duration, then hands it to the recogniser pool at the end of speech and waits
for the answer. Latency is end of speech -> transcript. The pool is one pocketsphinx decoder per
process (`--processes`, default the machine's cores), as in the voice workers.

The instrument checks itself: an utterance whose synthesis produced no audio, a recognition
that raised or returned nothing, all count as failed samples (wrong, and listed). Printed:
word accuracy and exact-string accuracy per grammar, voice and SNR; latency p50 / p95; the
targets (digits exact >= 90 % at 20 dB, yes/no >= 97 %, p95 < 400 ms) with met / NOT met.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

RATE = 8000
SNRS = (20.0, 10.0)
DIGIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
DIGITS_TARGET, YES_NO_TARGET, P95_TARGET_MS = 0.90, 0.97, 400.0
VOICES = {"espeak-ng": ("en-us", "en-gb", "en-us+f3", "en-gb-x-rp"),
          "flite": ("slt", "kal", "rms", "awb")}


@dataclass(frozen=True)
class Sample:
    voice: str
    grammar: str
    snr: float
    expected: str
    pcm: bytes


@dataclass
class Outcome:
    sample: Sample
    heard: str
    latency_ms: float
    error: str = ""


def synthesize(engine: str, voice: str, text: str, folder: Path, index: int) -> bytes:
    raw, phone = folder / f"{index}-raw.wav", folder / f"{index}.raw"
    if engine == "espeak-ng":
        command = ["espeak-ng", "-v", voice, "-s", "150", "-w", str(raw), text]
    else:
        command = ["flite", "-voice", voice, "-t", text, "-o", str(raw)]
    subprocess.run(command, check=True, capture_output=True, timeout=30)
    subprocess.run(["sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", "-e", "signed",
                    "-t", "raw", str(phone)], check=True, capture_output=True, timeout=30)
    return phone.read_bytes()


def speech_power(samples: np.ndarray) -> float:
    """Mean power of the samples louder than 5 % of the peak (the spoken part)."""
    peak = float(np.max(np.abs(samples))) if samples.size else 0.0
    voiced = samples[np.abs(samples) > 0.05 * peak] if peak else samples
    return float(np.mean(voiced.astype(np.float64) ** 2)) if voiced.size else 0.0


def add_noise(pcm: bytes, snr_db: float, rng: np.random.Generator) -> tuple[bytes, float]:
    """The utterance with white noise at `snr_db`, and the SNR measured on the result."""
    clean = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    power = speech_power(clean)
    noise = rng.normal(0.0, np.sqrt(power / 10 ** (snr_db / 10)), clean.size)
    mixed = np.clip(clean + noise, -32768, 32767)
    measured = 10 * np.log10(power / float(np.mean((mixed - clean) ** 2)))
    return mixed.astype("<i2").tobytes(), float(measured)


def make_samples(count: int, seed: int, folder: Path) -> tuple[list[Sample], list[str]]:
    rng, noise_rng = random.Random(seed), np.random.default_rng(seed)
    samples: list[Sample] = []
    failures: list[str] = []
    index = 0
    for engine, voices in VOICES.items():
        for grammar in ("digits", "boolean"):
            for number in range(count):
                voice = voices[number % len(voices)]
                if grammar == "digits":
                    words = [rng.choice(DIGIT_WORDS) for _ in range(4)]
                    expected = " ".join(words)
                else:
                    expected = rng.choice(("yes", "no"))
                index += 1
                pcm = synthesize(engine, voice, expected, folder, index)
                if len(pcm) < RATE // 10 * 2:  # under 100 ms: no usable audio
                    failures.append(f"{engine}/{voice} produced no audio for '{expected}'")
                    pcm = b""
                for snr in SNRS:
                    mixed = b""
                    if pcm:
                        mixed, measured = add_noise(pcm, snr, noise_rng)
                        if abs(measured - snr) > 0.5:
                            raise RuntimeError(f"noise mixing is off: {measured:.2f} dB "
                                               f"instead of {snr} dB")
                    samples.append(Sample(engine, grammar, snr, expected, mixed))
    return samples, failures


_RECOGNIZER: Any = None


def _start_worker() -> None:
    global _RECOGNIZER
    from runtime.voice.asr.pocketsphinx import PocketsphinxRecognizer

    _RECOGNIZER = PocketsphinxRecognizer()


def recognise(pcm: bytes, grammar: str) -> str:
    """In a pool process: one stream fed 20 ms frames, as a call's RTP arrives."""
    from runtime.voice.asr.base import StreamRequest

    length = 4 if grammar == "digits" else None
    stream = _RECOGNIZER.start(StreamRequest(rate=RATE, grammar=grammar, min_length=length,
                                             max_length=length))
    for offset in range(0, len(pcm), 320):
        stream.feed(pcm[offset:offset + 320])
    result = stream.finish()
    heard = str(result[0].text) if result else ""
    return meaning(heard) if grammar == "boolean" else heard


YES_WORDS = {"yes", "yeah", "yep", "sure", "correct", "right", "okay"}
NO_WORDS = {"no", "nope", "wrong", "not"}


def meaning(heard: str) -> str:
    """A yes/no transcript as the boolean grammar reads it ("yep" is yes); other words as
    they were heard, which then count as wrong."""
    words = set(heard.split())
    if words and words <= YES_WORDS:
        return "yes"
    if words and words <= NO_WORDS:
        return "no"
    return heard


def run_callers(samples: list[Sample], callers: int, processes: int) -> list[Outcome]:
    outcomes: list[Outcome] = []
    lock = threading.Lock()
    queue = list(samples)
    random.Random(7).shuffle(queue)
    with ProcessPoolExecutor(processes, initializer=_start_worker) as pool:
        list(pool.map(recognise, [b"\x00\x00" * 800] * processes, ["digits"] * processes))

        def caller() -> None:
            while True:
                with lock:
                    if not queue:
                        return
                    sample = queue.pop()
                if not sample.pcm:
                    with lock:
                        outcomes.append(Outcome(sample, "", 0.0, "no audio"))
                    continue
                time.sleep(len(sample.pcm) / (2 * RATE))  # the caller speaks
                ended = time.perf_counter()
                try:
                    heard = pool.submit(recognise, sample.pcm, sample.grammar).result(60)
                    error = "" if heard else "no result"
                except Exception as exc:  # a failed sample, reported
                    heard, error = "", f"{type(exc).__name__}: {exc}"
                latency = (time.perf_counter() - ended) * 1000
                with lock:
                    outcomes.append(Outcome(sample, heard, latency, error))

        threads = [threading.Thread(target=caller) for _ in range(callers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return outcomes


def word_errors(expected: list[str], heard: list[str]) -> int:
    previous = list(range(len(heard) + 1))
    for i, word in enumerate(expected, 1):
        current = [i]
        for j, other in enumerate(heard, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (word != other)))
        previous = current
    return previous[-1]


def accuracy(outcomes: list[Outcome]) -> tuple[float, float]:
    words = sum(len(o.sample.expected.split()) for o in outcomes)
    errors = sum(min(word_errors(o.sample.expected.split(), o.heard.split()),
                     len(o.sample.expected.split())) for o in outcomes)
    exact = sum(o.heard == o.sample.expected and not o.error for o in outcomes)
    return 1 - errors / words if words else 0.0, exact / len(outcomes) if outcomes else 0.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def report(outcomes: list[Outcome], notes: list[str], callers: int, processes: int) -> bool:
    print(f"speech recognition: pocketsphinx, {callers} concurrent callers, "
          f"{processes} decoder processes, {len(outcomes)} utterances at 8 kHz")
    print(f"{'grammar':8} {'voice':10} {'SNR':>5} {'n':>4} {'word acc':>9} {'exact':>7}")
    met = True
    for grammar in ("digits", "boolean"):
        for snr in SNRS:
            for voice in (*VOICES, "all"):
                group = [o for o in outcomes if o.sample.grammar == grammar
                         and o.sample.snr == snr and voice in ("all", o.sample.voice)]
                word, exact = accuracy(group)
                print(f"{grammar:8} {voice:10} {snr:>4.0f}  {len(group):>4} {word:>8.1%} "
                      f"{exact:>7.1%}")
    checks = []
    digits20 = accuracy([o for o in outcomes if o.sample.grammar == "digits"
                         and o.sample.snr == 20.0])[1]
    checks.append((f"digits exact-string at 20 dB >= {DIGITS_TARGET:.0%}", digits20,
                   digits20 >= DIGITS_TARGET, f"{digits20:.1%}"))
    for snr in SNRS:
        yes_no = accuracy([o for o in outcomes if o.sample.grammar == "boolean"
                           and o.sample.snr == snr])[1]
        checks.append((f"yes/no exact at {snr:.0f} dB >= {YES_NO_TARGET:.0%}", yes_no,
                       yes_no >= YES_NO_TARGET, f"{yes_no:.1%}"))
    latencies = [o.latency_ms for o in outcomes if not o.error or o.error == "no result"]
    p50, p95 = percentile(latencies, 0.50), percentile(latencies, 0.95)
    print(f"latency after end of speech: p50 {p50:.0f} ms, p95 {p95:.0f} ms, "
          f"max {max(latencies, default=0):.0f} ms, mean {statistics.fmean(latencies or [0]):.0f} ms")
    checks.append((f"latency p95 < {P95_TARGET_MS:.0f} ms", p95, p95 < P95_TARGET_MS,
                   f"{p95:.0f} ms"))
    failed = [o for o in outcomes if o.error]
    print(f"failed samples (no audio / no result / error): {len(failed)}")
    for note in notes[:10]:
        print(f"  {note}")
    for outcome in failed[:10]:
        print(f"  {outcome.sample.voice} {outcome.sample.grammar} {outcome.sample.snr:.0f} dB "
              f"'{outcome.sample.expected}': {outcome.error}")
    for label, _, ok, shown in checks:
        print(f"target {label}: {shown} -> {'met' if ok else 'NOT met'}")
        met = met and ok
    return met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-condition", type=int, default=40,
                        help="utterances per voice engine and grammar (each at both SNRs)")
    parser.add_argument("--callers", type=int, default=50)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-speech-") as folder:
        samples, notes = make_samples(args.per_condition, args.seed, Path(folder))
    outcomes = run_callers(samples, args.callers, args.processes)
    if len(outcomes) != len(samples):
        raise RuntimeError(f"{len(samples) - len(outcomes)} utterances got no outcome")
    report(outcomes, notes, args.callers, args.processes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
