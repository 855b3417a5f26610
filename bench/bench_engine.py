"""Engine speed: blocks executed per second on a 100-block logic chain.

The chain (`bench.flowgen.logic_chain_flow`) alternates `assign x = x + 1` and
`segmentation x > -1`; one `Engine.start` runs all of it and ends the session, so a start is
100 blocks plus the per-session work (state, analytics events, final JSON state). Figures:

- `start`: `Engine().start(compiled, channel="chat")` in a loop;
- `start + save`: the same plus `json.dumps` of the final state, as a host saving it would;
- `marginal`: blocks/s from the difference between a 100- and a 2-block chain, i.e. the cost
  of a block without the per-session work.
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


def _timed_loop(run_once: Callable[[], object], seconds: float) -> tuple[int, float]:
    """Call `run_once` until `seconds` have passed; (calls, elapsed seconds)."""
    run_once()
    calls = 0
    start = time.perf_counter()
    deadline = start + seconds
    now = start
    while now < deadline:
        for _ in range(10):
            run_once()
        calls += 10
        now = time.perf_counter()
    return calls, now - start


def blocks_per_second(seconds: float = 3.0, *, n: int = CHAIN_BLOCKS, channel: str = "chat",
                      save_state: bool = False, compiled: CompiledFlow | None = None
                      ) -> dict[str, float]:
    """Start the chain repeatedly for about `seconds`; blocks/s and starts/s."""
    compiled = compiled or compile_chain(n)
    verify_chain(compiled, n, channel)
    engine = Engine()
    start = engine.start

    if save_state:
        def run_once() -> object:
            return json.dumps(start(compiled, channel=channel).state)
    else:
        def run_once() -> object:
            return start(compiled, channel=channel)

    calls, elapsed = _timed_loop(run_once, seconds)
    return {"blocks": n, "starts": calls, "seconds": elapsed,
            "starts_per_second": calls / elapsed, "blocks_per_second": calls * n / elapsed,
            "us_per_start": elapsed / calls * 1e6}


def marginal_blocks_per_second(seconds: float = 1.5, *, short: int = 2,
                               long: int = CHAIN_BLOCKS) -> dict[str, float]:
    """Per-block speed without the per-session cost: compare a short and a long chain."""
    short_run = blocks_per_second(seconds, n=short)
    long_run = blocks_per_second(seconds, n=long)
    per_start_short = 1 / short_run["starts_per_second"]
    per_start_long = 1 / long_run["starts_per_second"]
    per_block = (per_start_long - per_start_short) / (long - short)
    session = max(per_start_short - short * per_block, 0.0)
    return {"us_per_block": per_block * 1e6, "us_per_session": session * 1e6,
            "blocks_per_second": 1 / per_block if per_block > 0 else math.inf}


def run(seconds: float = 3.0) -> dict[str, Any]:
    compiled = compile_chain(CHAIN_BLOCKS)
    return {
        "start": blocks_per_second(seconds, compiled=compiled),
        "start_and_save": blocks_per_second(seconds / 2, compiled=compiled, save_state=True),
        "marginal": marginal_blocks_per_second(seconds / 2),
    }


def main() -> int:
    results = run()
    start, saved, marginal = results["start"], results["start_and_save"], results["marginal"]
    print(f"logic chain of {CHAIN_BLOCKS} blocks (assign / segmentation), Engine.start on chat")
    print(f"  start:          {start['blocks_per_second']:>12,.0f} blocks/s "
          f"({start['starts_per_second']:,.0f} starts/s, {start['us_per_start']:,.0f} us each)")
    print(f"  start + save:   {saved['blocks_per_second']:>12,.0f} blocks/s "
          f"(json.dumps of the final state included)")
    print(f"  marginal:       {marginal['blocks_per_second']:>12,.0f} blocks/s "
          f"({marginal['us_per_block']:.2f} us a block, {marginal['us_per_session']:.0f} us "
          "per session)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
