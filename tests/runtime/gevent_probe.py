"""Run a snippet in a fresh Python patched by gevent (as `designer runtime` workers are) while a
green thread ticks every 10 ms, and report the longest gap between ticks: how long the
snippet stalled the event loop, i.e. every other request of a worker."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

PRELUDE = """
from gevent import monkey
monkey.patch_all()
import json, sys, time
import gevent
report = {}

gaps = [0.0]
ticking = [True]

def tick():
    last = time.monotonic()
    while ticking[0]:
        gevent.sleep(0.01)
        now = time.monotonic()
        gaps[0] = max(gaps[0], now - last)
        last = now

"""

START_TICKING = """
ticker = gevent.spawn(tick)
gevent.sleep(0.05)
"""

EPILOGUE = """
ticking[0] = False
ticker.join()
report["max_gap_s"] = gaps[0]
print(json.dumps(report))
"""


def probe(snippet: str, setup: str = "", timeout_s: float = 60.0) -> dict[str, Any]:
    """The snippet's `report` dict, plus `max_gap_s`: the longest stall of the event loop
    while the snippet ran (`setup` runs before, unmeasured: imports take a while)."""
    code = (PRELUDE + textwrap.dedent(setup) + START_TICKING + textwrap.dedent(snippet)
            + EPILOGUE)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout_s)
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
