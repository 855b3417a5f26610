"""The turn budget every host hands the engine, read from the environment.

The engine (interpreter/) enforces the budget but reads no configuration; the hosts — chat,
voice, the flow-test runner and the Designer's simulator — all build theirs here, so one
setting applies everywhere and no host runs flows without it.

| variable | meaning | default |
|---|---|---|
| `FLOW_TURN_MAX_WORK` | work units expressions may spend in one turn (`unlimited` or `0`: none) | 200000000 |
| `FLOW_TURN_MAX_TIME_MS` | wall-clock milliseconds of one turn (`unlimited` or `0`: none) | 1000 |
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from interpreter.expressions.budget import DEFAULT_MAX_TIME_MS, DEFAULT_MAX_WORK, TurnBudget

WORK_VARIABLE = "FLOW_TURN_MAX_WORK"
TIME_VARIABLE = "FLOW_TURN_MAX_TIME_MS"
_UNLIMITED = ("unlimited", "none", "0")


def _setting(env: Mapping[str, str], name: str, default: float) -> float | None:
    text = env.get(name, "").strip().lower()
    if not text:
        return default
    if text in _UNLIMITED:
        return None
    try:
        value = float(text.replace("_", ""))
    except ValueError:
        raise ValueError(f"{name} must be a positive number or 'unlimited', not {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise ValueError(f"{name} must be a positive number or 'unlimited', not {text!r}")
    return value


def turn_budget_from_env(env: Mapping[str, str] | None = None) -> TurnBudget:
    """The budget set by `FLOW_TURN_MAX_WORK` / `FLOW_TURN_MAX_TIME_MS`, or the defaults."""
    env = os.environ if env is None else env
    work = _setting(env, WORK_VARIABLE, DEFAULT_MAX_WORK)
    time_ms = _setting(env, TIME_VARIABLE, DEFAULT_MAX_TIME_MS)
    return TurnBudget(max_work=None if work is None else int(work), max_time_ms=time_ms)
