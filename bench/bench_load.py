"""Load + validate + compile time of a generated 1,000-block flow (target: under 300 ms).

The flow is `bench.flowgen.mixed_flow(1000)`: ten block types with expressions, templates and
prompts. Each run times four stages from the JSON text: JSON parse, `load_flow`,
`validate_flow` (which compiles the blocks too, as the Designer does on save) and
`compile_flow` (what a runtime does before running). The first run is reported apart, since it
also loads grammars and warms caches; the figures are medians of the runs after it. The
target is judged on the process's CPU time, which other processes on a shared machine do not
inflate; wall-clock times are printed too.

A host that validates and then runs can do both in one pass with `check_flow`; that path
(JSON, `load_flow`, `check_flow`) is timed too, as `one_pass`.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.flowgen import mixed_flow
from blocks import default_registry
from interpreter.compiler import compile_flow
from interpreter.expressions import compile_expression, compile_template
from interpreter.loader import load_flow
from interpreter.registry import BlockRegistry
from interpreter.validation import check_flow, validate_flow

TARGET_MS = 300.0
STAGES = ("json", "load", "validate", "compile")


def _one_run(text: str, registry: BlockRegistry, n_blocks: int) -> tuple[dict[str, float], int]:
    """Stage times in ms, and the number of warnings; raises if the flow has errors."""
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    document = json.loads(text)
    t1 = time.perf_counter()
    flow = load_flow(document)
    t2 = time.perf_counter()
    problems = validate_flow(flow, registry)
    t3 = time.perf_counter()
    compiled = compile_flow(flow, registry)
    t4 = time.perf_counter()
    cpu = time.process_time() - cpu0
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        shown = "; ".join(p.describe() for p in errors[:5])
        raise AssertionError(f"the generated flow has {len(errors)} validation errors: {shown}")
    if len(compiled.blocks) != n_blocks:
        raise AssertionError(f"compiled {len(compiled.blocks)} blocks, expected {n_blocks}")
    times = {"json": (t1 - t0) * 1e3, "load": (t2 - t1) * 1e3, "validate": (t3 - t2) * 1e3,
             "compile": (t4 - t3) * 1e3, "total": (t4 - t0) * 1e3, "cpu_total": cpu * 1e3}
    return times, sum(1 for p in problems if p.severity == "warning")


def _one_pass(text: str, registry: BlockRegistry) -> dict[str, float]:
    """JSON, load and `check_flow` (validate and compile at once): total ms, wall and CPU."""
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    _compiled, problems = check_flow(load_flow(json.loads(text)), registry)
    wall = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    if any(p.severity == "error" for p in problems):
        raise AssertionError("the generated flow does not validate in check_flow")
    return {"total": wall * 1e3, "cpu_total": cpu * 1e3}


def clear_expression_caches() -> bool:
    """Empty the compiled-expression caches, if the expression package keeps any.

    A flow opened for the first time finds none of its expressions cached; clearing before
    each run measures that case rather than a re-save of the same flow.
    """
    cleared = False
    for function in (compile_expression, compile_template):
        clear = getattr(function, "cache_clear", None)
        if callable(clear):
            clear()
            cleared = True
    return cleared


def _medians(samples: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(s[key] for s in samples) for key in (*STAGES, "total", "cpu_total")}


def load_times(n_blocks: int = 1000, runs: int = 10, warm_runs: int = 3) -> dict[str, Any]:
    """Median milliseconds per stage and in total over `runs` runs (after a first run).

    `median_ms` is with the expression caches emptied before every run (a flow loaded for the
    first time); `warm_median_ms` runs the same flow again without emptying them (the Designer
    re-validating a flow it saw before).
    """
    registry = default_registry()
    text = json.dumps(mixed_flow(n_blocks))
    first, warnings = _one_run(text, registry, n_blocks)
    cold: list[dict[str, float]] = []
    one_pass: list[dict[str, float]] = []
    caches = False
    for _ in range(runs):
        caches = clear_expression_caches()
        cold.append(_one_run(text, registry, n_blocks)[0])
        clear_expression_caches()
        one_pass.append(_one_pass(text, registry))
    _one_run(text, registry, n_blocks)
    warm = [_one_run(text, registry, n_blocks)[0] for _ in range(warm_runs)]
    return {
        "blocks": n_blocks,
        "bytes": len(text.encode()),
        "runs": runs,
        "warm_runs": warm_runs,
        "warnings": warnings,
        "expression_caches": caches,
        "first_ms": first,
        "median_ms": _medians(cold),
        "warm_median_ms": _medians(warm),
        "one_pass_median_ms": {key: statistics.median(s[key] for s in one_pass)
                               for key in ("total", "cpu_total")},
        "target_ms": TARGET_MS,
    }


def main() -> int:
    result = load_times()
    median, warm = result["median_ms"], result["warm_median_ms"]
    print(f"{result['blocks']:,}-block mixed flow ({result['bytes'] / 1024:,.0f} KiB of JSON, "
          f"{result['warnings']} warnings), median of {result['runs']} runs"
          + (" with expression caches emptied before each" if result["expression_caches"] else "")
          + ":")
    print(f"  {'stage':<9} {'median':>11}   {'first run':>9}  {'cached':>8}")
    for stage in (*STAGES, "total", "cpu_total"):
        label = "CPU time" if stage == "cpu_total" else stage
        print(f"  {label:<9} {median[stage]:>8.1f} ms   {result['first_ms'][stage]:>9.1f}  "
              f"{warm[stage]:>8.1f}")
    one_pass = result["one_pass_median_ms"]
    print(f"  one pass (JSON + load + check_flow): {one_pass['total']:.1f} ms, "
          f"CPU {one_pass['cpu_total']:.1f} ms")
    verdict = "within" if median["cpu_total"] < TARGET_MS else "OVER"
    print(f"  {verdict} the {TARGET_MS:.0f} ms target (judged on the median CPU time, which other "
          "processes do not inflate)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
