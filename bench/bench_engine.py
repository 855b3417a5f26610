"""Engine speed: blocks executed per second on a 100-block logic chain.

The chain (`bench.flowgen.logic_chain_flow`) alternates `assign x = x + 1` and
`segmentation x > -1`; one `Engine.start` runs all of it and ends the session, so a start is
100 blocks plus the per-session work (state, analytics events, final JSON state). Figures:

- `start`: `Engine().start(compiled, channel="chat")` in a loop;
- `start + save`: the same plus `json.dumps` of the final state, as a host saving it would
  (batches of the two are interleaved, so both see the same machine load);
- `marginal`: blocks/s from the difference between a 100- and a 2-block chain (fastest
  batches), i.e. the cost of a block without the per-session work;
- `budget`: the cost of the turn budget (work and time limits, on by default): the chain
  started with the default budget against an unlimited one, interleaved, and their ratio.
"""

from __future__ import annotations

import json
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.flowgen import logic_chain_flow
from blocks import default_registry
from interpreter.compiler import CompiledFlow, compile_flow
from interpreter.engine.engine import Engine
from interpreter.expressions.budget import DEFAULT_BUDGET, UNLIMITED_BUDGET
from interpreter.loader import load_flow
from interpreter.validation import validate_flow

CHAIN_BLOCKS = 100


def compile_chain(n: int = CHAIN_BLOCKS) -> CompiledFlow:
    """The logic chain of `n` blocks, validated (no errors) and compiled."""
    registry = default_registry()
    flow = load_flow(logic_chain_flow(n))
    errors = [p for p in validate_flow(flow, registry) if p.severity == "error"]
    if errors:
        raise AssertionError("the logic chain does not validate: "
                             + "; ".join(p.describe() for p in errors))
    return compile_flow(flow, registry)


def verify_chain(compiled: CompiledFlow, n: int, channel: str = "chat") -> None:
    """One start runs all `n` blocks to the end and leaves x at ceil(n / 2)."""
    step = Engine().start(compiled, channel=channel)
    entered = sum(1 for event in step.events if event.kind == "block_entered")
    if entered != n:
        raise AssertionError(f"a start entered {entered} blocks, expected {n}")
    if not step.ended:
        raise AssertionError(f"the chain did not end: {step.state.get('status')}")
    x = step.state["vars"]["x"]
    if x != math.ceil(n / 2):
        raise AssertionError(f"x is {x!r} after the chain, expected {math.ceil(n / 2)}")


def _interleaved(variants: dict[str, Callable[[], object]], seconds: float,
                 batch: int = 10) -> dict[str, tuple[int, float, float]]:
    """Call each variant in turn, `batch` calls at a time, for about `seconds` in all.

    Interleaving makes load from other processes fall on every variant alike, so their
    ratios stay meaningful on a busy machine. Returns (calls, wall seconds, CPU seconds) per
    variant; CPU time leaves out the time other processes had the core.
    """
    for run_once in variants.values():
        run_once()
    totals = {name: [0, 0.0, 0.0] for name in variants}
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        for name, run_once in variants.items():
            started, cpu_started = time.perf_counter(), time.process_time()
            for _ in range(batch):
                run_once()
            totals[name][0] += batch
            totals[name][1] += time.perf_counter() - started
            totals[name][2] += time.process_time() - cpu_started
    return {name: (int(calls), float(wall), float(cpu))
            for name, (calls, wall, cpu) in totals.items()}


def _rates(n: int, calls: int, wall: float, cpu: float) -> dict[str, float]:
    return {"blocks": n, "starts": calls, "seconds": wall, "cpu_seconds": cpu,
            "starts_per_second": calls / wall, "blocks_per_second": calls * n / wall,
            "blocks_per_cpu_second": calls * n / cpu if cpu > 0 else math.inf,
            "us_per_start": wall / calls * 1e6}


def blocks_per_second(seconds: float = 4.0, *, n: int = CHAIN_BLOCKS, channel: str = "chat",
                      compiled: CompiledFlow | None = None) -> dict[str, dict[str, float]]:
    """Start the chain repeatedly for about `seconds`, without and with saving the state.

    Returns blocks/s and starts/s for `start` and `start_and_save` (the final state turned
    into JSON text, as a host storing it would).
    """
    compiled = compiled or compile_chain(n)
    verify_chain(compiled, n, channel)
    start = Engine().start

    def plain() -> object:
        return start(compiled, channel=channel)

    def saved() -> object:
        return json.dumps(start(compiled, channel=channel).state)

    measured = _interleaved({"start": plain, "start_and_save": saved}, seconds)
    return {name: _rates(n, calls, wall, cpu) for name, (calls, wall, cpu) in measured.items()}


def marginal_blocks_per_second(seconds: float = 1.5, *, short: int = 2,
                               long: int = CHAIN_BLOCKS) -> dict[str, float]:
    """Per-block speed without the per-session cost: compare a short and a long chain.

    Batches of the two chains are interleaved and the fastest batch of each is kept, so that
    load from other processes affects both alike.
    """
    engine = Engine()
    flows = {short: compile_chain(short), long: compile_chain(long)}
    best = {short: math.inf, long: math.inf}
    batch = {short: 200, long: 10}
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        for n, compiled in flows.items():
            started = time.perf_counter()
            for _ in range(batch[n]):
                engine.start(compiled, channel="chat")
            best[n] = min(best[n], (time.perf_counter() - started) / batch[n])
    per_block = (best[long] - best[short]) / (long - short)
    session = max(best[short] - short * per_block, 0.0)
    return {"us_per_block": per_block * 1e6, "us_per_session": session * 1e6,
            "blocks_per_second": 1 / per_block if per_block > 0 else math.inf}


def budget_overhead(seconds: float = 2.0, *, n: int = CHAIN_BLOCKS) -> dict[str, Any]:
    """The chain with the default turn budget enforced against an unlimited budget.

    `overhead` is enforced time / unlimited time per start, from CPU seconds (1.02 = 2 %).
    """
    compiled = compile_chain(n)
    enforced = Engine(budget=DEFAULT_BUDGET).start
    unlimited = Engine(budget=UNLIMITED_BUDGET).start
    measured = _interleaved({
        "enforced": lambda: enforced(compiled, channel="chat"),
        "unlimited": lambda: unlimited(compiled, channel="chat"),
    }, seconds)
    rates = {name: _rates(n, calls, wall, cpu) for name, (calls, wall, cpu) in measured.items()}
    overhead = (rates["unlimited"]["blocks_per_cpu_second"]
                / rates["enforced"]["blocks_per_cpu_second"])
    return {**rates, "overhead": overhead}


def run(seconds: float = 4.0) -> dict[str, Any]:
    """Every figure of this benchmark: `start`, `start_and_save`, `marginal` and `budget`."""
    results: dict[str, Any] = blocks_per_second(seconds)
    results["marginal"] = marginal_blocks_per_second(seconds / 3)
    results["budget"] = budget_overhead(seconds / 2)
    return results


def main() -> int:
    results = run()
    start, saved, marginal = results["start"], results["start_and_save"], results["marginal"]
    print(f"logic chain of {CHAIN_BLOCKS} blocks (assign / segmentation), Engine.start on chat")
    print(f"  start:          {start['blocks_per_second']:>12,.0f} blocks/s "
          f"({start['starts_per_second']:,.0f} starts/s, {start['us_per_start']:,.0f} us each; "
          f"{start['blocks_per_cpu_second']:,.0f} per CPU second)")
    print(f"  start + save:   {saved['blocks_per_second']:>12,.0f} blocks/s "
          f"(json.dumps of the final state included; "
          f"{saved['blocks_per_cpu_second']:,.0f} per CPU second)")
    print(f"  marginal:       {marginal['blocks_per_second']:>12,.0f} blocks/s "
          f"({marginal['us_per_block']:.2f} us a block, {marginal['us_per_session']:.0f} us "
          "per session)")
    print(f"  {budget_line(results['budget'])}")
    return 0


def budget_line(budget: dict[str, Any]) -> str:
    """One line on the turn budget's cost, shared with `make bench`'s report."""
    return (f"turn budget overhead: x{budget['overhead']:.3f} per CPU second "
            f"(enforced {budget['enforced']['blocks_per_cpu_second']:,.0f} vs unlimited "
            f"{budget['unlimited']['blocks_per_cpu_second']:,.0f} blocks/s)")


if __name__ == "__main__":
    sys.exit(main())
