"""Voice overload: more calls offered than the pool is sized for; none may be answered badly.

The target: 1,000 calls offered to a pool sized for 450 (a worker per 4 calls), every
call either answered with clean audio or refused with 503 (and Retry-After) at the door, none
answered and then degraded, no worker crash. The pool is bench_voice's menu-loop pool with the
supervisor's checks running (so the CPU admission gate works as in production); SIPp places
every call once at `--rate` per second, each holding about `--hold` seconds, and an RTP meter
listens to `--samples` calls spread over the whole offer. Each call is classified:

- answered: the call ran to its planned hang-up; a sampled one also needs a stream lasting the
  whole call, with sound and no gap over 60 ms;
- refused: 503 with Retry-After before any answer;
- bad: anything else (answered then hung up by the service or stalled, a sampled stream short,
  silent or gappy, other final responses, timeouts, 503 without Retry-After, a call SIPp
  never reported).

A worker that exits during the run is a crash. The run itself fails (not a clean verdict) when
SIPp did not run or did not account for every call, or no sampled call was answered and heard.

    python bench/bench_voice_overload.py                      # the target: 1,000 calls, pool 450
    python bench/bench_voice_overload.py --calls 60 --pool-calls 16 --hold 10
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_voice import children_of, proc_stats, sipp_command, sipp_totals  # noqa: E402
from bench.voice_door_run import log_sipp_messages, report, watched_pool  # noqa: E402
from bench.voice_outcomes import (  # noqa: E402
    PERIOD_MS,
    CallOutcome,
    RtpSink,
    SippOutcomes,
    call_plan,
    door_scenario,
    keep_files,
    read_outcomes,
    write_inject,
)
from runtime.voice import Supervisor  # noqa: E402
from tests.runtime.voice.rtp_meter import RtpMeter, StreamStats  # noqa: E402

SIP_PORT = 37000
"""Kamailio; the workers' SIP ports follow from 37010 (at most MAX_WORKERS)."""
SIPP_PORT, SIPP_MEDIA, SINK_PORT, METER_BASE = 37500, 37510, 37520, 37600
RTP_BASE, RTP_SPAN = 16100, 16
"""Workers' RTP: 16100-20000 for up to MAX_WORKERS workers (4 calls need 8 ports)."""
MAX_WORKERS = 240
MAX_SAMPLES = 48
MAX_GAP_MS = 60.0
SOUND_PACKETS = 50


def sampled_indices(calls: int, samples: int, pool_calls: int) -> list[int]:
    """Call numbers for the RTP meter: half spread over the first `pool_calls` calls (most of
    them are answered), the rest over the whole offer (the door opening and closing)."""
    first = min(calls, pool_calls)
    early, spread = (samples + 1) // 2, samples // 2
    chosen = {index * first // early for index in range(min(early, first))}
    chosen |= {index * calls // spread for index in range(min(spread, calls))}
    for index in range(calls):  # top up what the two spreads shared
        if len(chosen) >= min(samples, calls):
            break
        chosen.add(index)
    return sorted(chosen)


def audio_verdict(stats: StreamStats | None, call_ms: int) -> str:
    """'clean' or why a sampled, answered call's audio is not."""
    if stats is None or stats.packets == 0:
        return "no audio heard"
    if stats.stream_ms < call_ms - 1000:
        return f"stream stopped after {stats.stream_ms / 1000:.1f} s"
    if stats.sound_packets <= SOUND_PACKETS:
        return "silent stream"
    if stats.max_gap_ms > MAX_GAP_MS:
        return f"gap of {stats.max_gap_ms:.0f} ms"
    return "clean"


def classify(outcomes: SippOutcomes, meter: dict[int, StreamStats], sample_ports: set[int],
             call_ms: int) -> dict[str, Any]:
    """Per-kind counts, and the sampled calls' audio."""
    kinds: dict[str, int] = {}
    sampled: list[dict[str, Any]] = []
    for outcome in outcomes.calls.values():
        kind = outcome.kind
        if outcome.audio_port in sample_ports and kind == "answered":
            verdict = audio_verdict(meter.get(outcome.audio_port), call_ms)
            sampled.append(_sample(outcome, meter[outcome.audio_port], verdict))
            if verdict != "clean":
                kind = f"answered then degraded ({verdict})"
        kinds[kind] = kinds.get(kind, 0) + 1
    return {"kinds": kinds, "sampled": sampled}


def _sample(outcome: CallOutcome, stats: StreamStats, verdict: str) -> dict[str, Any]:
    return {"port": outcome.audio_port, "audio": verdict,
            "stream_s": round(stats.stream_ms / 1000, 1),
            "max_gap_ms": round(stats.max_gap_ms, 1), "sound_packets": stats.sound_packets}


def run_offer(pool: Supervisor, folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Place every call once and wait for all of them; the raw figures."""
    rounds, call_ms = call_plan(args.hold)
    indices = sampled_indices(args.calls, args.samples, args.pool_calls)
    port_of = {index: METER_BASE + 2 * n for n, index in enumerate(indices)}
    ports = [port_of.get(index, SINK_PORT) for index in range(args.calls)]
    inject = write_inject(folder / "ports.csv", ports)
    xml = folder / "overload.xml"
    xml.write_text(door_scenario("overload", rounds, PERIOD_MS, folder))
    offer_s = args.calls / args.rate
    command = sipp_command(xml, args.calls, args.rate, SIPP_PORT, SIPP_MEDIA,
                           int(offer_s + args.hold), inject, target_port=SIP_PORT)
    log, errors = log_sipp_messages(command, folder, "overload")
    sink = RtpSink(SINK_PORT)
    meter = RtpMeter(list(port_of.values()), limit_s=offer_s + args.hold + 240)
    pids = pool_pids(pool)
    busy_before = round(pool.admission.busy_percent, 1)
    cpu0, _ = proc_stats(pids)
    started = time.monotonic()
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   text=True, errors="replace", cwd=folder)
        try:
            output, _ = process.communicate(timeout=offer_s + args.hold + 200)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
    finally:
        stats = meter.stop()
        sink.close()
    seconds = time.monotonic() - started
    cpu1, _ = proc_stats(pids)
    outcomes = read_outcomes(log, errors)
    done, failed = sipp_totals(output)
    return {"outcomes": outcomes, "meter": stats, "sample_ports": set(port_of.values()),
            "call_ms": call_ms, "sipp_returncode": process.returncode,
            "sipp_successful": done, "sipp_failed": failed, "sipp_tail": output[-1500:],
            "seconds": round(seconds, 1), "machine_busy_percent_before": busy_before,
            "pool_cpu_percent": round((cpu1 - cpu0) / max(seconds, 1) * 100, 1)}


def pool_pids(pool: Supervisor) -> list[int]:
    pids = [pid for pid in pool.worker_pids() if pid]
    if pool.kamailio is not None and pool.kamailio.process is not None:
        pids += [pool.kamailio.process.pid, *children_of(pool.kamailio.process.pid)]
    return pids


def instrument_faults(raw: dict[str, Any], calls: int, sampled: list[dict[str, Any]],
                      admission_cpu: float) -> list[str]:
    """Why the run cannot be trusted (empty when it can)."""
    faults = []
    if raw["sipp_returncode"] not in (0, 1):
        said = raw["outcomes"].errors[:1] or [raw["sipp_tail"][-300:]]
        faults.append(f"SIPp exited with {raw['sipp_returncode']}: {said[0]}")
    if raw["sipp_successful"] < 0:
        faults.append("SIPp printed no final statistics")
    accounted = len(raw["outcomes"].calls)
    if accounted != calls:
        faults.append(f"{calls - accounted} of {calls} calls have no outcome in SIPp's logs")
    if not any(sample["audio"] == "clean" for sample in sampled):
        faults.append("the RTP meter heard no clean sampled call")
        if admission_cpu < 100 and raw["machine_busy_percent_before"] >= admission_cpu:
            faults.append(f"the machine was {raw['machine_busy_percent_before']:.0f} % busy "
                          "before the first call, so the admission gate refused calls for "
                          "other processes' load (a quiet machine, or --admission-cpu 100)")
    return faults


def run(args: argparse.Namespace) -> dict[str, Any]:
    workers = -(-args.pool_calls // 4)
    with tempfile.TemporaryDirectory(prefix="bench-voice-overload-") as name:
        folder = Path(name)
        with watched_pool(folder, workers, poll_ms=args.poll_ms, sip_port=SIP_PORT,
                          rtp_base=RTP_BASE, rtp_span=RTP_SPAN,
                          admission_cpu_percent=args.admission_cpu) as (pool, watch):
            (folder / "sipp").mkdir()
            raw = run_offer(pool, folder / "sipp", args)
        tracebacks = watch.worker_tracebacks()
        if args.keep:
            keep_files(folder, args.keep)
    classified = classify(raw["outcomes"], raw["meter"], raw["sample_ports"], raw["call_ms"])
    kinds = classified["kinds"]
    bad = {kind: count for kind, count in kinds.items() if kind not in ("answered", "refused")}
    faults = instrument_faults(raw, args.calls, classified["sampled"], args.admission_cpu)
    crashes = watch.unexpected_exits()
    if faults:
        verdict = "FAILED RUN: " + "; ".join(faults)
    elif bad or crashes or watch.check_errors:
        verdict = "BELOW the target"
    else:
        verdict = "meets the target"
    return {
        "calls": args.calls, "pool_calls": args.pool_calls, "workers": workers,
        "rate": args.rate, "hold_s": args.hold, "call_s": round(raw["call_ms"] / 1000, 1),
        "answered": kinds.get("answered", 0), "refused_503": kinds.get("refused", 0),
        "bad": sum(bad.values()), "bad_kinds": bad,
        "sampled": len(raw["sample_ports"]), "sampled_answered": len(classified["sampled"]),
        "sampled_clean": sum(1 for s in classified["sampled"] if s["audio"] == "clean"),
        "max_rtp_gap_ms": max((s["max_gap_ms"] for s in classified["sampled"]
                               if s["audio"] == "clean"), default=None),
        "pool_exits": [exit.describe() for exit in crashes],
        "worker_restarts": sum(child.restarts for child in pool.workers),
        "supervisor_check_errors": watch.check_errors, "worker_log_tracebacks": tracebacks,
        "admission_closed_checks": watch.admission_closed_checks,
        "sipp_errors_without_call": raw["outcomes"].errors[:5],
        "sipp_late_messages": dict(raw["outcomes"].late_messages),
        "sampled_gaps_ms": sorted(s["max_gap_ms"] for s in classified["sampled"]),
        "seconds": raw["seconds"], "pool_cpu_percent": raw["pool_cpu_percent"],
        "machine_busy_percent_before": raw["machine_busy_percent_before"],
        "verdict": verdict}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1000, help="calls offered (each once)")
    parser.add_argument("--pool-calls", type=int, default=450,
                        help="calls the pool is sized for (a worker per 4)")
    parser.add_argument("--rate", type=float, default=50.0, help="new calls per second")
    parser.add_argument("--hold", type=int, default=30, help="seconds each answered call lasts")
    parser.add_argument("--samples", type=int, default=24, help="calls the RTP meter hears")
    parser.add_argument("--poll-ms", type=int, default=20)
    parser.add_argument("--admission-cpu", type=float, default=85.0,
                        help="the pool's CPU admission limit (the production default)")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--keep", type=Path, help="copy SIPp's files and the pool's logs here")
    args = parser.parse_args(argv)
    if not 1 <= args.calls <= 5000 or not 4 <= args.pool_calls <= 4 * MAX_WORKERS:
        parser.error(f"--calls must be 1-5000 and --pool-calls 4-{4 * MAX_WORKERS}")
    if not 1 <= args.samples <= MAX_SAMPLES or args.rate <= 0 or args.hold < 5:
        parser.error(f"--samples must be 1-{MAX_SAMPLES}, --rate > 0, --hold >= 5")
    figures = run(args)
    return report(figures, f"{figures['answered']} answered, {figures['refused_503']} refused "
                  f"503, {figures['bad']} bad of {figures['calls']} offered to a pool for "
                  f"{figures['pool_calls']}; {len(figures['pool_exits'])} worker or Kamailio "
                  "crashes", args.json)


if __name__ == "__main__":
    sys.exit(main())
