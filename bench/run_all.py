"""`make bench`: run every benchmark and print one compact table.

Machines are noisy and shared, so the figures that matter are the ratios measured in the same
run: the engine's blocks/s against Node-RED's node hops/s on the same logic chain, and the
1,000-block load time against its target. Benchmarks assert only that they ran; the exit status
is non-zero when one of them crashed, not when a figure misses its target.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import bench_engine, bench_load, bench_nodered

BENCH_DIR = Path(__file__).resolve().parent
EXPRESSIONS_SCRIPT = BENCH_DIR / "bench_expressions.py"
EXPRESSIONS_TIMEOUT_S = 150
RATIO_TARGET, RATIO_AIM = 1.0, 2.0
WIDTH = 78


def _attempt(name: str, failures: list[str], call: Callable[[], Any]) -> Any:
    print(f"running {name} ...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    try:
        result = call()
    except Exception:
        failures.append(name)
        print(f"{name} failed:\n{traceback.format_exc()}", file=sys.stderr, flush=True)
        return None
    print(f"  {name} took {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    return result


def run_expressions() -> dict[str, Any]:
    """Run bench/bench_expressions.py if it exists; its printed output, untouched."""
    if not EXPRESSIONS_SCRIPT.exists():
        return {"skipped": f"{EXPRESSIONS_SCRIPT.name} does not exist yet"}
    result = subprocess.run([sys.executable, str(EXPRESSIONS_SCRIPT)], capture_output=True,
                            text=True, timeout=EXPRESSIONS_TIMEOUT_S, check=False,
                            cwd=BENCH_DIR.parent)
    if result.returncode != 0:
        raise RuntimeError(f"{EXPRESSIONS_SCRIPT.name} exited with {result.returncode}:\n"
                           f"{result.stderr.strip()[-3000:]}")
    return {"output": result.stdout.rstrip()}


AREA_SCRIPTS: tuple[tuple[str, int], ...] = (
    ("bench_bots.py", 300), ("bench_editor.py", 300), ("bench_microapps.py", 300),
    ("bench_designer_api.py", 300),
    ("bench_chat.py", 600), ("bench_chat_streams.py", 900),
    ("bench_analytics.py", 900), ("bench_voice.py", 900), ("bench_speech.py", 900),
    ("bench_callbacks.py", 900),
)
"""Benchmarks of the other areas: each prints its own figures; run when present."""


VOICE_OVERLOAD = "bench_voice_overload.py"
VOICE_OVERLOAD_REDUCED = ("--calls", "120", "--pool-calls", "40", "--hold", "15", "--rate", "20")
"""`make bench` offers 120 calls to a pool for 40 (about 2 minutes); the full figure (1,000
calls to a pool for 450) needs `--full`."""
VOICE_SOAK = "bench_voice_soak.py"
"""30 minutes at 80 % of a ceiling with a worker killed every 5 minutes: only with `--soak`."""
QUEUE_BENCH = "bench_queue.py"
"""Assisted service: 40 waiting callers by default (about 2.5 minutes); 300 with
`--full`."""


def run_script(name: str, timeout: int, arguments: tuple[str, ...] = ()) -> dict[str, Any]:
    script = BENCH_DIR / name
    if not script.exists():
        return {"skipped": f"{name} does not exist yet"}
    result = subprocess.run([sys.executable, str(script), *arguments], capture_output=True,
                            text=True, timeout=timeout, check=False, cwd=BENCH_DIR.parent)
    if result.returncode != 0:
        raise RuntimeError(f"{name} exited with {result.returncode}:\n"
                           f"{result.stderr.strip()[-3000:]}")
    return {"output": result.stdout.rstrip()}


def _script_section(name: str, output: dict[str, Any] | None) -> list[str]:
    lines = [f"bench/{name}"]
    if output is None:
        lines.append("  failed")
    elif "skipped" in output:
        lines.append(f"  skipped: {output['skipped']}")
    else:
        lines.extend(f"  {line}" for line in output["output"].splitlines()[:40])
    return lines


def _row(label: str, value: str, note: str = "") -> str:
    return f"  {label:<34}{value:>18}  {note}".rstrip()


def _engine_section(engine: dict[str, Any] | None, red: dict[str, Any] | None) -> list[str]:
    lines = [f"Logic chain: {bench_engine.CHAIN_BLOCKS} blocks, assign / segmentation alternating"]
    ours = None
    if engine is None:
        lines.append(_row("engine", "failed"))
    else:
        ours = engine["start"]["blocks_per_second"]
        for label, figures in (("engine (Engine.start, chat)", engine["start"]),
                               ("engine + json.dumps(state)", engine["start_and_save"])):
            lines.append(_row(label, f"{figures['blocks_per_second']:,.0f}",
                              f"blocks/s ({figures['blocks_per_cpu_second']:,.0f} per CPU s)"))
        marginal = engine["marginal"]
        lines.append(_row("engine, per block only", f"{marginal['blocks_per_second']:,.0f}",
                          f"blocks/s ({marginal['us_per_session']:.0f} us per session)"))
        budget = engine["budget"]
        lines.append(_row("turn budget overhead", f"x{budget['overhead']:.3f}",
                          f"enforced vs unlimited budget, per CPU s (enforced "
                          f"{budget['enforced']['blocks_per_cpu_second']:,.0f} blocks/s)"))
    if red is None:
        lines.append(_row("Node-RED", "failed"))
    elif "skipped" in red:
        lines.append(f"  Node-RED comparison skipped: {red['skipped']}")
    else:
        hops = red["hops_per_second"]
        lines.append(_row(f"Node-RED {red['node_red_version']} (node {red['node_version']})",
                          f"{hops:,.0f}", f"node hops/s ({red['hops_per_cpu_second']:,.0f} per "
                                          f"CPU s; {red['messages']:,} msgs at once)"))
        if ours is not None and engine is not None:
            ratio = ours / hops
            lines.append(_row("ratio engine / Node-RED", f"{ratio:.2f}",
                              f"target >= {RATIO_TARGET:.1f}, aim {RATIO_AIM:.1f}: "
                              f"{_verdict(ratio)}"))
            cpu_ratio = engine["start"]["blocks_per_cpu_second"] / red["hops_per_cpu_second"]
            lines.append(_row("same, per CPU second", f"{cpu_ratio:.2f}",
                              "(ignores time other processes took the core)"))
    return lines


def _verdict(ratio: float) -> str:
    if ratio >= RATIO_AIM:
        return "meets the aim"
    return "meets the target" if ratio >= RATIO_TARGET else "BELOW the target"


def _load_section(load: dict[str, Any] | None) -> list[str]:
    if load is None:
        return ["Flow load", _row("1,000-block flow", "failed")]
    median, warm = load["median_ms"], load["warm_median_ms"]
    emptied = ", expression caches emptied each run" if load["expression_caches"] else ""
    lines = [f"Flow load: {load['blocks']:,}-block mixed flow, {load['bytes'] / 1024:,.0f} KiB, "
             f"median of {load['runs']} runs{emptied}"]
    for stage in bench_load.STAGES:
        lines.append(_row(f"  {stage}", f"{median[stage]:,.1f}", f"ms (cached: {warm[stage]:,.1f})"))
    lines.append(_row("load + validate + compile", f"{median['total']:,.1f}",
                      f"ms wall clock (cached: {warm['total']:,.1f})"))
    verdict = "ok" if median["cpu_total"] < load["target_ms"] else "OVER the target"
    lines.append(_row("  same, CPU time", f"{median['cpu_total']:,.1f}",
                      f"ms (target < {load['target_ms']:.0f} ms: {verdict}; "
                      f"cached: {warm['cpu_total']:,.1f})"))
    one_pass = load["one_pass_median_ms"]
    lines.append(_row("JSON + load + check_flow", f"{one_pass['total']:,.1f}",
                      f"ms wall clock, {one_pass['cpu_total']:,.1f} ms CPU (validate and "
                      "compile in one pass)"))
    return lines


def _expressions_section(expressions: dict[str, Any] | None) -> list[str]:
    lines = ["Expressions (bench/bench_expressions.py)"]
    if expressions is None:
        lines.append("  failed")
    elif "skipped" in expressions:
        lines.append(f"  skipped: {expressions['skipped']}")
    else:
        lines.extend(f"  {line}" for line in expressions["output"].splitlines()[:40])
    return lines


def _voice_target_sections(full: bool, soak_ceiling: int, failures: list[str]) -> list[str]:
    """The voice overload bench (reduced unless `full`) and, when asked for, the soak."""
    arguments = () if full else VOICE_OVERLOAD_REDUCED
    output = _attempt(VOICE_OVERLOAD, failures,
                      lambda: run_script(VOICE_OVERLOAD, 3600 if full else 400, arguments))
    lines = _script_section(VOICE_OVERLOAD, output)
    if not full:
        lines.append("  (reduced run: the full figure, 1,000 calls to a pool for 450, "
                     "needs --full)")
    lines.append("-" * WIDTH)
    if soak_ceiling > 0:
        output = _attempt(VOICE_SOAK, failures, lambda: run_script(
            VOICE_SOAK, 3 * 3600, ("--ceiling", str(soak_ceiling))))
        lines.extend(_script_section(VOICE_SOAK, output))
    else:
        lines.extend([f"bench/{VOICE_SOAK}", "  not run: needs --soak CEILING (30 minutes)"])
    lines.append("-" * WIDTH)
    return lines


def _queue_section(full: bool, failures: list[str]) -> list[str]:
    """The assisted-service bench: reduced unless `full` (300 waiting callers)."""
    arguments = ("--full",) if full else ()
    output = _attempt(QUEUE_BENCH, failures,
                      lambda: run_script(QUEUE_BENCH, 1800 if full else 600, arguments))
    lines = _script_section(QUEUE_BENCH, output)
    if not full:
        lines.append("  (reduced run: 300 waiting callers need --full)")
    lines.append("-" * WIDTH)
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run every benchmark and print a table.")
    parser.add_argument("--quick", action="store_true",
                        help="shorter runs (rough figures, for checking that benchmarks work)")
    parser.add_argument("--no-node-red", action="store_true", help="skip the Node-RED comparison")
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    parser.add_argument("--only-core", action="store_true",
                        help="only the engine, expression and load benchmarks")
    parser.add_argument("--full", action="store_true",
                        help="the voice overload bench at full size (1,000 calls, a "
                             "pool for 450) and the queue bench at full size (300 waiting "
                             "callers) instead of the reduced runs")
    parser.add_argument("--soak", type=int, metavar="CEILING", default=0,
                        help="also run the 30-minute voice soak at 80 %% of this clean-audio "
                             "ceiling (calls)")
    args = parser.parse_args(argv)
    quick = args.quick
    # Benchmarks build production-shaped apps, which refuse to start without a credentials key;
    # a throwaway one (never stored) serves, unless the caller set their own.
    os.environ.setdefault("BOT_CREDENTIALS_KEY", Fernet.generate_key().decode())
    started = time.perf_counter()
    failures: list[str] = []

    load = _attempt("flow load", failures,
                    lambda: bench_load.load_times(1000, runs=3 if quick else 10))
    expressions = _attempt("expressions", failures, run_expressions)
    # The engine and Node-RED run back to back so that their ratio sees similar machine load.
    engine = _attempt("engine", failures, lambda: bench_engine.run(1.5 if quick else 4.0))
    if args.no_node_red:
        red: dict[str, Any] | None = {"skipped": "--no-node-red was given"}
    else:
        red = _attempt("Node-RED", failures, lambda: bench_nodered.node_red_hops_per_second(
            messages=4_000 if quick else 20_000, rounds=1 if quick else 2,
            warmup=500 if quick else 2_000))

    lines = ["=" * WIDTH, "make bench: figures from one run on this machine; compare the ratios",
             "=" * WIDTH]
    for section in (_engine_section(engine, red), _load_section(load),
                    _expressions_section(expressions)):
        lines.extend(section)
        lines.append("-" * WIDTH)
    for script, timeout in AREA_SCRIPTS:
        if args.only_core:
            break
        output = _attempt(script, failures, lambda s=script, t=timeout: run_script(s, t))
        lines.extend(_script_section(script, output))
        lines.append("-" * WIDTH)
    if not args.only_core:
        lines.extend(_voice_target_sections(args.full, args.soak, failures))
        lines.extend(_queue_section(args.full, failures))
    lines.append(f"finished in {time.perf_counter() - started:.0f} s"
                 + (f"; FAILED: {', '.join(failures)}" if failures else ""))
    print("\n".join(lines))
    if args.json:
        args.json.write_text(json.dumps({"engine": engine, "node_red": red, "load": load,
                                         "expressions": expressions}, indent=2) + "\n",
                             encoding="utf-8")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
