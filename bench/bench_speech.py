"""Speech recognition accuracy and latency: what a caller's spoken digits and yes/no get.

Utterances are synthesised in English with espeak-ng and flite, resampled to phone audio
(8 kHz, 16-bit mono, with sox), and mixed with white noise at 20 dB and 10 dB SNR (numpy; the
SNR is measured back on every mix and a mix off by more than 0.5 dB fails the run). They are
recognised with the project's offline recogniser (`runtime.voice.asr.pocketsphinx`) against the
built-in `digits` grammar (four-digit strings, bounded to four words as an input block with
min = max = 4 does) and `boolean` grammar (yes / no; a transcript counts by its meaning as the
`boolean` grammar reads it, so "yeah" or "that's right" is a right "yes").

Load: `--callers` (50) simulated callers speak at once, shared out among `--processes`
decoder processes (default the machine's cores), each holding one `PocketsphinxRecognizer` as a
voice worker does. A caller opens a stream and feeds its utterance in 20 ms frames at the pace
they are spoken (as RTP arrives), so decoding happens while it speaks, then calls `finish()` at
the end of speech; latency is end of speech -> transcript, measured live. Other work on the
machine distorts that figure, so the CPU is reported as well: CPU seconds per second of audio
(xRT) in the streams, and the CPU of the end-of-speech step, from which the latency at 50
concurrent streams on this machine's cores is computed (marked "computed").

The instrument checks itself: an utterance whose synthesis produced no audio, a recognition
that raised or returned nothing, all count as failed samples (wrong, and listed). Printed:
word accuracy and exact-string accuracy per grammar, voice and SNR; latency p50 / p95; xRT;
the targets (digits exact >= 90 % at 20 dB, yes/no >= 97 %, p95 < 400 ms) with met / NOT met.
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


@dataclass
class Share:
    """What one decoder process did: its outcomes and the CPU it spent."""

    outcomes: list[Outcome]
    cpu_s: float
    decode_cpu_s: float
    audio_s: float
    finish_cpu_ms: list[float]


def recognise_live(recognizer: Any, sample: Sample,
                   started: float) -> tuple[str, float, float, float]:
    """One caller's utterance: a stream fed 20 ms frames at the pace they are spoken (from
    `started`), `finish()` at the end of speech. Returns the transcript, the latency after
    the end of speech (ms), the CPU the stream took (s) and the CPU of `finish()` (s)."""
    from runtime.voice.asr.base import StreamRequest

    length = 4 if sample.grammar == "digits" else None
    cpu = time.thread_time()
    stream = recognizer.start(StreamRequest(rate=RATE, grammar=sample.grammar,
                                            min_length=length, max_length=length))
    frame = RATE * 2 // 50
    for index, offset in enumerate(range(0, len(sample.pcm), frame)):
        due = started + (index + 1) * 0.02  # the frame has been spoken by then
        delay = due - time.perf_counter()
        if delay > 0:
            cpu += time.thread_time()
            time.sleep(delay)
            cpu -= time.thread_time()
        stream.feed(sample.pcm[offset:offset + frame])
    ended = started + len(sample.pcm) / (2 * RATE)
    delay = ended - time.perf_counter()
    if delay > 0:
        cpu += time.thread_time()
        time.sleep(delay)
        cpu -= time.thread_time()
    finish_cpu = time.thread_time()
    result = stream.finish()
    latency = (time.perf_counter() - ended) * 1000
    finish_cpu = time.thread_time() - finish_cpu
    cpu = time.thread_time() - cpu
    heard = str(result[0].text) if result else ""
    return heard, latency, cpu, finish_cpu


def run_share(samples: list[Sample], callers: int) -> Share:
    """In a decoder process: `callers` threads, each speaking its next sample into a stream
    as soon as its last one is answered, as a voice worker's concurrent calls would."""
    from runtime.voice.asr.pocketsphinx import PocketsphinxRecognizer

    recognizer = PocketsphinxRecognizer()
    queue = list(samples)
    lock = threading.Lock()
    outcomes: list[Outcome] = []
    decode_cpu: list[float] = []
    finish_cpu: list[float] = []

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
            try:
                heard, latency, cpu, finish = recognise_live(recognizer, sample,
                                                             time.perf_counter())
                error = "" if heard else "no result"
            except Exception as exc:  # a failed sample, reported
                heard, latency, cpu, finish = "", 0.0, 0.0, 0.0
                error = f"{type(exc).__name__}: {exc}"
            if sample.grammar == "boolean":
                heard = meaning(heard)
            with lock:
                outcomes.append(Outcome(sample, heard, latency, error))
                decode_cpu.append(cpu)
                finish_cpu.append(finish * 1000)

    cpu_start = time.process_time()
    threads = [threading.Thread(target=caller) for _ in range(callers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    audio = sum(len(sample.pcm) for sample in samples) / (2 * RATE)
    return Share(outcomes, time.process_time() - cpu_start, sum(decode_cpu), audio, finish_cpu)


def meaning(heard: str) -> str:
    """A yes/no transcript as the `boolean` grammar reads it ("that's right" is yes); a
    transcript it does not accept stays as heard, and counts as wrong."""
    from interpreter.grammars.boolean import BooleanGrammar

    answer = BooleanGrammar().match_chat(heard, None, "en")
    if not answer.matched:
        return heard
    return "yes" if answer.value else "no"


def run_callers(samples: list[Sample], callers: int, processes: int) -> list[Share]:
    """The samples and callers shared out among `processes` decoder processes."""
    queue = list(samples)
    random.Random(7).shuffle(queue)
    shares = [queue[index::processes] for index in range(processes)]
    counts = [callers // processes + (index < callers % processes)
              for index in range(processes)]
    with ProcessPoolExecutor(processes) as pool:
        return list(pool.map(run_share, shares, counts))


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


def report(shares: list[Share], notes: list[str], callers: int, processes: int) -> bool:
    outcomes = [outcome for share in shares for outcome in share.outcomes]
    print(f"speech recognition: pocketsphinx, {callers} concurrent callers, "
          f"{processes} decoder processes, {len(outcomes)} utterances at 8 kHz, decoded "
          "while spoken (20 ms frames)")
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
    checks.append((f"latency p95 < {P95_TARGET_MS:.0f} ms (live)", p95, p95 < P95_TARGET_MS,
                   f"{p95:.0f} ms"))
    report_cpu(shares, callers)
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


def report_cpu(shares: list[Share], callers: int) -> None:
    """CPU per second of audio (robust to other load on the machine), and the latency the
    end-of-speech work alone would give at `callers` concurrent streams."""
    audio = sum(share.audio_s for share in shares)
    process_cpu = sum(share.cpu_s for share in shares)
    stream_cpu = sum(share.decode_cpu_s for share in shares)
    finish = [value for share in shares for value in share.finish_cpu_ms]
    cores = os.cpu_count() or 1
    stream_xrt = stream_cpu / audio if audio else 0.0
    busy = callers * stream_xrt / cores
    finish95 = percentile(finish, 0.95)
    print(f"CPU per second of audio (xRT): {stream_xrt:.3f} in the streams, "
          f"{process_cpu / audio if audio else 0:.3f} for the whole processes (with the "
          f"simulated callers' pacing); {audio:.0f} s of audio")
    print(f"end-of-speech work (finish()): p50 {percentile(finish, 0.5):.1f} ms, "
          f"p95 {finish95:.1f} ms CPU")
    if busy < 1:
        print(f"computed for {callers} concurrent streams on {cores} cores: {busy:.0%} busy, "
              f"p95 latency about {finish95 / (1 - busy):.0f} ms (finish() CPU p95 / idle share)")
    else:
        print(f"computed for {callers} concurrent streams on {cores} cores: {busy:.0%} busy, "
              "more than the machine has: latency grows without bound")
    print(f"load average at the end of the run: {os.getloadavg()[0]:.2f}")


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
    shares = run_callers(samples, args.callers, args.processes)
    answered = sum(len(share.outcomes) for share in shares)
    if answered != len(samples):
        raise RuntimeError(f"{len(samples) - answered} utterances got no outcome")
    report(shares, notes, args.callers, args.processes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
