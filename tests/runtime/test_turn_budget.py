"""Hosts read the turn budget from FLOW_TURN_MAX_WORK and FLOW_TURN_MAX_TIME_MS."""

from __future__ import annotations

import pytest

from interpreter.expressions.budget import DEFAULT_BUDGET
from runtime.turn_budget import turn_budget_from_env


def test_defaults_without_settings() -> None:
    assert turn_budget_from_env({}) == DEFAULT_BUDGET


def test_settings_and_unlimited() -> None:
    budget = turn_budget_from_env({"FLOW_TURN_MAX_WORK": "5_000_000",
                                   "FLOW_TURN_MAX_TIME_MS": "unlimited"})
    assert budget.max_work == 5_000_000 and budget.max_time_ms is None
    assert turn_budget_from_env({"FLOW_TURN_MAX_WORK": "0", "FLOW_TURN_MAX_TIME_MS": "0"}).unlimited


@pytest.mark.parametrize("value", ["-1", "lots", "inf", "nan"])
def test_bad_settings_are_refused_clearly(value: str) -> None:
    with pytest.raises(ValueError, match="FLOW_TURN_MAX_TIME_MS must be a positive number"):
        turn_budget_from_env({"FLOW_TURN_MAX_TIME_MS": value})
