"""Load + validate + compile time of a generated 1,000-block flow (target: under 300 ms).

The flow is `bench.flowgen.mixed_flow(1000)`: ten block types with expressions, templates and
prompts. Each run times four stages from the JSON text: JSON parse, `load_flow`,
`validate_flow` (which compiles the blocks too, as the Designer does on save) and
`compile_flow` (what a runtime does before running). The first run is reported apart, since it
also loads grammars and warms caches; the figures are medians of the runs after it.
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
from interpreter.loader import load_flow
from interpreter.registry import BlockRegistry
from interpreter.validation import validate_flow

TARGET_MS = 300.0
STAGES = ("json", "load", "validate", "compile")


def _one_run(text: str, registry: BlockRegistry, n_blocks: int) -> tuple[dict[str, float], int]:
    """Stage times in ms, and the number of warnings; raises if the flow has errors."""
    t0 = time.perf_counter()
    document = json.loads(text)
    t1 = time.perf_counter()
    flow = load_flow(document)
    t2 = time.perf_counter()
    problems = validate_flow(flow, registry)
    t3 = time.perf_counter()
    compiled = compile_flow(flow, registry)
    t4 = time.perf_counter()
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        shown = "; ".join(p.describe() for p in errors[:5])
        raise AssertionError(f"the generated flow has {len(errors)} validation errors: {shown}")
    if len(compiled.blocks) != n_blocks:
        raise AssertionError(f"compiled {len(compiled.blocks)} blocks, expected {n_blocks}")
    times = {"json": (t1 - t0) * 1e3, "load": (t2 - t1) * 1e3, "validate": (t3 - t2) * 1e3,
             "compile": (t4 - t3) * 1e3, "total": (t4 - t0) * 1e3}
    return times, sum(1 for p in problems if p.severity == "warning")


def load_times(n_blocks: int = 1000, runs: int = 10) -> dict[str, Any]:
    """Median milliseconds per stage and in total over `runs` runs (after a first run)."""
    registry = default_registry()
    text = json.dumps(mixed_flow(n_blocks))
    first, warnings = _one_run(text, registry, n_blocks)
    samples = [_one_run(text, registry, n_blocks)[0] for _ in range(runs)]
    median = {key: statistics.median(s[key] for s in samples) for key in (*STAGES, "total")}
    return {
        "blocks": n_blocks,
        "bytes": len(text.encode()),
        "runs": runs,
        "warnings": warnings,
        "first_ms": first,
        "median_ms": median,
        "min_total_ms": min(s["total"] for s in samples),
        "target_ms": TARGET_MS,
    }


def main() -> int:
    result = load_times()
    median = result["median_ms"]
    print(f"{result['blocks']:,}-block mixed flow ({result['bytes'] / 1024:,.0f} KiB of JSON, "
          f"{result['warnings']} warnings), median of {result['runs']} runs:")
    for stage in STAGES:
        print(f"  {stage:<9} {median[stage]:>8.1f} ms   (first run {result['first_ms'][stage]:.1f})")
    verdict = "within" if median["total"] < TARGET_MS else "OVER"
    print(f"  {'total':<9} {median['total']:>8.1f} ms   (first run "
          f"{result['first_ms']['total']:.1f}; {verdict} the {TARGET_MS:.0f} ms target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
