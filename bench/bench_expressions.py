"""Evaluations per second of compiled expressions against CPython evaluating the same logic.

Run as ``python bench/bench_expressions.py``. For each case it times our compiled
expression and CPython's ``eval`` of an equivalent pre-compiled Python expression on the
same scope, and prints both rates and their ratio (ours is slower by that factor).
"""

from __future__ import annotations

import sys
import timeit
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from interpreter.expressions import compile_expression

SCOPE = {
    "x": 41.0,
    "Tier": "gold",
    "Balance": 250.0,
    "name": "  Ada  ",
    "system": {"ANI": "+15551234567"},
    "items": [1.0, 2.0, 3.0],
}

CASES = [
    ("x + 1", "x + 1"),
    ("x > -1", "x > -1"),
    ("Tier == 'gold' && Balance > 100", "Tier == 'gold' and Balance > 100"),
    ("system.ANI", "system['ANI']"),
    ("x * 2 - 3 / 4", "x * 2 - 3 / 4"),
    ("'Hello ' + name.trim()", "'Hello ' + name.strip()"),
    ("items.includes(2)", "2 in items"),
]

TARGET_RATIO = 3.0
GATED = 3


def rate(function: Callable[[], object], seconds: float = 0.15) -> float:
    """Calls per second: calibrate a loop count, then keep the best of three timings."""
    timer = timeit.Timer(function)
    number = 1000
    while (elapsed := timer.timeit(number)) < 0.02:
        number *= 4
    number = max(int(number * seconds / elapsed / 3), 1)
    return number / min(timer.repeat(repeat=3, number=number))


def main() -> int:
    print(f"{'expression':<36} {'ours/s':>12} {'cpython/s':>12} {'ratio':>7}")
    worst = 0.0
    for index, (source, python) in enumerate(CASES):
        expression = compile_expression(source)
        evaluate = expression.evaluate
        code = compile(python, "<bench>", "eval")
        ours = rate(lambda evaluate=evaluate: evaluate(SCOPE))
        theirs = rate(lambda code=code: eval(code, None, SCOPE))
        ratio = theirs / ours
        if index < GATED:
            worst = max(worst, ratio)
        print(f"{source:<36} {ours:>12,.0f} {theirs:>12,.0f} {ratio:>6.2f}x")
    verdict = "within" if worst <= TARGET_RATIO else "OVER"
    print(f"worst ratio of the first {GATED} cases: {worst:.2f}x ({verdict} {TARGET_RATIO}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
