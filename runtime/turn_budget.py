"""The turn budget every host hands the engine, read from the environment.

The engine (interpreter/) enforces the budget but reads no configuration; the hosts — chat,
voice, the flow-test runner and the Designer's simulator — all build theirs here, so one
setting applies everywhere and no host runs flows without it.

| variable | meaning | default |
|---|---|---|
| `FLOW_TURN_MAX_WORK` | work units expressions may spend in one turn (`unlimited` or `0`: none) | 200000000 |
| `FLOW_TURN_MAX_TIME_MS` | wall-clock milliseconds of one turn (`unlimited` or `0`: none) | 1000 |
| `FLOW_MAX_VALUE_SIZE` | size of one value a block stores (see below) | 1000000 |
| `FLOW_MAX_STATE_SIZE` | size of everything one session stores, counted the same way | 2000000 |

Sizes count elements plus characters as JSON would write them (interpreter/engine/state.py);
`unlimited` or `0` switches any of these off.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from interpreter.expressions.budget import (
    DEFAULT_MAX_STATE_SIZE,
    DEFAULT_MAX_TIME_MS,
    DEFAULT_MAX_VALUE_SIZE,
    DEFAULT_MAX_WORK,
    TurnBudget,
)

WORK_VARIABLE = "FLOW_TURN_MAX_WORK"
TIME_VARIABLE = "FLOW_TURN_MAX_TIME_MS"
VALUE_SIZE_VARIABLE = "FLOW_MAX_VALUE_SIZE"
STATE_SIZE_VARIABLE = "FLOW_MAX_STATE_SIZE"
_UNLIMITED = ("unlimited", "none", "0")


def limit_setting(env: Mapping[str, str], name: str, default: float | None) -> float | None:
    """A positive limit from `env[name]`: `default` when unset, None when `unlimited` (or
    `none`, `0`); anything else is a ValueError naming the variable."""
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
    """The budget set by the variables above, or the defaults."""
    env = os.environ if env is None else env
    work = limit_setting(env, WORK_VARIABLE, DEFAULT_MAX_WORK)
    time_ms = limit_setting(env, TIME_VARIABLE, DEFAULT_MAX_TIME_MS)
    value_size = limit_setting(env, VALUE_SIZE_VARIABLE, DEFAULT_MAX_VALUE_SIZE)
    state_size = limit_setting(env, STATE_SIZE_VARIABLE, DEFAULT_MAX_STATE_SIZE)
    return TurnBudget(max_work=_whole(work), max_time_ms=time_ms,
                      max_value_size=_whole(value_size), max_state_size=_whole(state_size))


def _whole(value: float | None) -> int | None:
    return None if value is None else int(value)
