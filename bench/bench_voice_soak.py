"""Voice soak: a steady load for a long time, a worker killed with SIGKILL on a schedule.

The target: 30 minutes at 80 % of the pool's clean-audio ceiling, kill -9 of a random
worker every 5 minutes: no crash of the pool's own (supervisor, Kamailio, other workers), every
call has a CDR, every lost call got a BYE within 2 s. SIPp keeps `--calls` menu-loop calls up
(bench_voice's scenario, keys by SIP INFO), replacing each as it ends, until `--minutes` are
over; every `--kill-every` seconds the bench picks a worker with calls up (its call journal is
not empty), notes those calls and kills it. Checks after the run:

- the supervisor's checks never raised, Kamailio never exited, no worker exited that the bench
  did not kill;
- every call that was answered (SIPp's log) has a call record (by Call-ID);
- every call on a killed worker has a `worker_lost` record and SIPp received the BYE for it at
  most 2 s after the kill (SIPp's error file times each BYE it did not expect);
- no other call was hung up by the service, and every call was answered or refused with 503.

The run fails (not a clean verdict) when SIPp did not run, no call was answered, or no kill
found calls up to lose. The CPU admission gate is off by default (`--admission-cpu`): this
bench is about recovery, and on a shared machine the gate would refuse calls for other
people's load.

    python bench/bench_voice_soak.py --ceiling 450              # the target: 360 calls, 30 min
    python bench/bench_voice_soak.py --minutes 2 --kill-every 40 --calls 12
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_voice import sipp_command, sipp_totals  # noqa: E402
from bench.voice_door_run import log_sipp_messages, report, watched_pool  # noqa: E402
from bench.voice_outcomes import (  # noqa: E402
    PERIOD_MS,
    RtpSink,
    SippOutcomes,
    call_plan,
    door_scenario,
    keep_files,
    read_outcomes,
    write_inject,
)
from bench.voice_pool_watch import PoolWatch  # noqa: E402
from runtime.voice import Supervisor  # noqa: E402
from runtime.voice.call_journal import LOST, journal_folder  # noqa: E402
from runtime.voice.cdr import read_cdrs  # noqa: E402

SIP_PORT = 38000
"""Kamailio; the workers' SIP ports follow from 38010."""
SIPP_PORT, SIPP_MEDIA, SINK_PORT = 38500, 38510, 38520
RTP_BASE, RTP_SPAN = 23000, 16
"""Workers' RTP: 23000-27000 for up to MAX_WORKERS workers."""
MAX_WORKERS = 250
MAX_CALLS = 900
"""A worker per 4 calls and 1 in 40 spare: 247 workers."""
BYE_WITHIN_S = 2.0
JOURNAL_HEAD_BYTES = 4096


@dataclass
class Kill:
    index: int
    pid: int
    at: float
    """time.time() just before the SIGKILL."""
    call_ids: list[str] = field(default_factory=list)
    """The calls up on the worker (its call journal) when it was killed."""


def journal_calls(pool: Supervisor, index: int) -> list[str]:
    """The Call-IDs in worker `index`'s call journal (its calls up now)."""
    found = []
    folder = journal_folder(pool.settings.instance, index)
    for path in sorted(folder.glob("*.jsonl")) if folder.is_dir() else []:
        try:
            with path.open("rb") as handle:
                head = handle.read(JOURNAL_HEAD_BYTES).split(b"\n", 1)[0]
            found.append(str(json.loads(head)["call_id"]))
        except (OSError, ValueError, KeyError):
            continue  # the call ended meanwhile, or its first line is being written
    return found


def kill_a_worker(pool: Supervisor, watch: PoolWatch, chooser: random.Random) -> Kill | None:
    """SIGKILL a random worker that has calls up (any live worker when none has)."""
    pids = pool.worker_pids()
    alive = [index for index, pid in enumerate(pids) if pid]
    busy = [index for index in alive if journal_calls(pool, index)]
    if not alive:
        return None
    index = chooser.choice(busy or alive)
    pid = pids[index]
    assert pid is not None
    calls = journal_calls(pool, index)
    watch.expect_exit(pid)
    kill = Kill(index, pid, time.time(), calls)
    os.kill(pid, signal.SIGKILL)
    return kill


def run_soak(pool: Supervisor, watch: PoolWatch, folder: Path, args: argparse.Namespace
             ) -> dict[str, Any]:
    rounds, call_ms = call_plan(args.hold)
    seconds = args.minutes * 60
    total = math.ceil(args.calls * seconds * 1000 / call_ms)
    xml = folder / "soak.xml"
    xml.write_text(door_scenario("soak", rounds, PERIOD_MS, folder))
    inject = write_inject(folder / "ports.csv", [SINK_PORT])
    rate = max(1.0, args.calls / 10)
    command = sipp_command(xml, total, rate, SIPP_PORT, SIPP_MEDIA,
                           int(seconds + call_ms / 1000 + 60), inject, target_port=SIP_PORT)
    command[command.index("-l") + 1] = str(args.calls)
    log, errors = log_sipp_messages(command, folder, "soak")
    chooser = random.Random(args.seed)
    kills: list[Kill] = []
    sink = RtpSink(SINK_PORT)
    started = time.monotonic()
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   text=True, errors="replace", cwd=folder)
        next_kill = started + args.kill_every
        while process.poll() is None and time.monotonic() - started < seconds + 600:
            if time.monotonic() >= next_kill and time.monotonic() - started < seconds:
                kill = kill_a_worker(pool, watch, chooser)
                if kill is not None:
                    kills.append(kill)
                    print(f"killed worker {kill.index} (pid {kill.pid}) with "
                          f"{len(kill.call_ids)} calls up", file=sys.stderr, flush=True)
                next_kill += args.kill_every
            time.sleep(0.2)
        if process.poll() is None:
            process.kill()
        output, _ = process.communicate()
    finally:
        sink.close()
    return {"outcomes": read_outcomes(log, errors), "kills": kills,
            "sipp_returncode": process.returncode, "sipp_tail": output[-1500:],
            "sipp_totals": sipp_totals(output), "placed": total, "call_ms": call_ms,
            "seconds": round(time.monotonic() - started, 1)}


def check_kills(kills: list[Kill], outcomes: SippOutcomes, records: dict[str, dict[str, Any]]
                ) -> list[dict[str, Any]]:
    """Each kill's calls: a `worker_lost` record and a BYE within BYE_WITHIN_S of the kill;
    a caller who sent its own BYE within that time, before the service's reached it, needs
    none: it ended the call itself (its hang-up raced the kill, or the supervisor's BYE)."""
    report = []
    for kill in kills:
        late, unrecorded, delays, hung_up = [], [], [], []
        for call_id in kill.call_ids:
            record = records.get(call_id)
            if record is None or record["disposition"] != LOST:
                unrecorded.append(call_id)
            outcome = outcomes.calls.get(call_id)
            bye_at = outcome.bye_at if outcome else None
            if outcome is not None and outcome.hung_up_at is not None and \
                    outcome.hung_up_at <= kill.at + BYE_WITHIN_S and bye_at is None:
                hung_up.append(call_id)
            elif bye_at is None or bye_at - kill.at > BYE_WITHIN_S:
                late.append(call_id)
            else:
                delays.append(bye_at - kill.at)
        report.append({"worker": kill.index, "calls_up": len(kill.call_ids),
                       "bye_within_2s": len(delays),
                       "slowest_bye_ms": round(max(delays) * 1000) if delays else None,
                       "caller_hung_up_first": hung_up,
                       "without_bye_in_time": late, "without_lost_record": unrecorded})
    return report


def verdict_of(figures: dict[str, Any], watch: PoolWatch, faults: list[str]) -> str:
    if faults:
        return "FAILED RUN: " + "; ".join(faults)
    problems = []
    if watch.check_errors:
        problems.append(f"the supervisor's check raised {len(watch.check_errors)} times")
    if figures["pool_exits"]:
        problems.append(f"{len(figures['pool_exits'])} exits of the pool's own")
    if figures["answered_without_record"]:
        problems.append(f"{len(figures['answered_without_record'])} answered calls "
                        "without a record")
    if any(k["without_bye_in_time"] or k["without_lost_record"] for k in figures["kills"]):
        problems.append("lost calls without a BYE within 2 s or a worker_lost record")
    if figures["hung_up_by_service"]:
        problems.append(f"{figures['hung_up_by_service']} other calls hung up by the service")
    if figures["answered_then_failed"]:
        problems.append(f"{figures['answered_then_failed']} answered calls failed")
    if figures["bad"]:
        problems.append(f"{sum(figures['bad'].values())} calls neither answered nor refused")
    return "meets the target" if not problems else "BELOW the target: " + "; ".join(problems)


def run(args: argparse.Namespace) -> dict[str, Any]:
    workers = -(-args.calls // 4) + max(2, args.calls // 40)
    with tempfile.TemporaryDirectory(prefix="bench-voice-soak-") as name:
        folder = Path(name)
        with watched_pool(folder, workers, poll_ms=args.poll_ms, sip_port=SIP_PORT,
                          rtp_base=RTP_BASE, rtp_span=RTP_SPAN,
                          admission_cpu_percent=args.admission_cpu) as (pool, watch):
            (folder / "sipp").mkdir()
            raw = run_soak(pool, watch, folder / "sipp", args)
            time.sleep(2.0)  # the last kill's records are written by the watch's next check
        tracebacks = watch.worker_tracebacks()
        if args.keep:
            keep_files(folder, args.keep)
        records = {r["sip_call_id"]: r for r in read_cdrs(pool.settings.cdr_path)}
    outcomes: SippOutcomes = raw["outcomes"]
    lost_ids = {call_id for kill in raw["kills"] for call_id in kill.call_ids}
    answered = [o for o in outcomes.calls.values() if o.answered_at is not None]
    kinds = outcomes.kinds()
    bad = {kind: count for kind, count in kinds.items()
           if kind not in ("answered", "refused", "answered then hung up by the service",
                           "answered then failed")}
    figures: dict[str, Any] = {
        "calls": args.calls, "workers": workers, "minutes": args.minutes,
        "kill_every_s": args.kill_every, "call_s": round(raw["call_ms"] / 1000, 1),
        "calls_seen": len(outcomes.calls), "answered": len(answered),
        "completed": kinds.get("answered", 0), "refused_503": kinds.get("refused", 0),
        "bad": bad,
        "kills": check_kills(raw["kills"], outcomes, records),
        "answered_without_record": sorted(o.call_id for o in answered
                                          if o.call_id not in records)[:20],
        "hung_up_by_service": sum(1 for o in answered
                                  if o.bye_at is not None and o.call_id not in lost_ids),
        "answered_then_failed": sum(1 for o in answered if not o.done and o.bye_at is None
                                    and o.call_id not in lost_ids),
        "sipp_late_messages": dict(outcomes.late_messages), "records": len(records),
        "lost_records": sum(1 for r in records.values() if r["disposition"] == LOST),
        "pool_exits": [exit.describe() for exit in watch.unexpected_exits()],
        "killed_worker_restarts": sum(child.restarts for child in pool.workers),
        "supervisor_check_errors": watch.check_errors, "worker_log_tracebacks": tracebacks,
        "seconds": raw["seconds"]}
    faults = []
    if raw["sipp_returncode"] not in (0, 1) or raw["sipp_totals"][0] < 0:
        said = outcomes.errors[:1] or [raw["sipp_tail"][-300:]]
        faults.append(f"SIPp exited with {raw['sipp_returncode']}: {said[0]}")
    if not answered:
        faults.append("no call was answered")
    if not any(kill.call_ids for kill in raw["kills"]):
        faults.append("no kill found calls up to lose")
    figures["verdict"] = verdict_of(figures, watch, faults)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ceiling", type=int, default=450,
                        help="the pool's clean-audio ceiling (bench_voice.py), in calls")
    parser.add_argument("--calls", type=int, help="concurrent calls (default: 80 %% of "
                                                  "--ceiling)")
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--kill-every", type=float, default=300.0, help="seconds")
    parser.add_argument("--hold", type=int, default=30, help="seconds each call lasts")
    parser.add_argument("--poll-ms", type=int, default=20)
    parser.add_argument("--admission-cpu", type=float, default=100.0,
                        help="the pool's CPU admission limit (100: off)")
    parser.add_argument("--seed", type=int, default=None, help="for the choice of workers")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--keep", type=Path, help="copy SIPp's files and the pool's logs here")
    args = parser.parse_args(argv)
    if args.calls is None:
        args.calls = max(1, round(args.ceiling * 0.8))
    if not 1 <= args.calls <= MAX_CALLS:
        parser.error(f"--calls must be 1-{MAX_CALLS}")
    if args.minutes <= 0 or args.minutes > 24 * 60 or args.kill_every < 5 or args.hold < 5:
        parser.error("--minutes must be in (0, 1440], --kill-every >= 5, --hold >= 5")
    figures = run(args)
    return report(figures, f"{figures['answered']} calls answered in {figures['minutes']:g} min "
                  f"at {figures['calls']} concurrent, {len(figures['kills'])} workers killed, "
                  f"{sum(k['calls_up'] for k in figures['kills'])} calls lost with them",
                  args.json)


if __name__ == "__main__":
    sys.exit(main())
