"""The pace from the start times of recent dials: the bucket's size, the rhythm, the cap on any
sliding minute, and dials from a clock ahead of the dialer's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from designer_ui.callbacks.dial_pace import burst_for, dials_allowed

NOW = datetime(2030, 3, 4, 12, 0, tzinfo=UTC)


def ago(*seconds: float) -> list[datetime]:
    return [NOW - timedelta(seconds=value) for value in seconds]


@pytest.mark.parametrize(("per_minute", "tick_s", "burst"), [
    (60, 1, 2), (60, 2, 3), (30, 2, 2), (1, 60, 2), (600, 2, 21), (6000, 0.05, 6)])
def test_the_burst_is_one_tick_of_dials_and_one_more(per_minute: int, tick_s: float,
                                                     burst: int) -> None:
    assert burst_for(per_minute, tick_s) == burst


def test_an_idle_dialer_may_start_its_burst() -> None:
    assert dials_allowed([], NOW, 60, 2) == 2
    assert dials_allowed(ago(61, 90), NOW, 60, 2) == 2  # older than a minute: forgotten


def test_dials_are_spread_at_the_pace() -> None:
    assert dials_allowed(ago(0, 0), NOW, 60, 2) == 0  # the burst was just spent
    assert dials_allowed(ago(1, 1), NOW, 60, 2) == 1  # one second refills one dial
    assert dials_allowed(ago(0.5, 0.5), NOW, 60, 2) == 0
    assert dials_allowed(ago(0, 1, 2, 3), NOW, 60, 2) == 1  # one a second, one just now
    assert dials_allowed(ago(0.5, 0.5, 1, 1), NOW, 60, 2) == 0  # a burst on top: none
    assert dials_allowed(ago(5, 5), NOW, 60, 2) == 2  # never more than the burst
    assert dials_allowed(ago(2, 2), NOW, 30, 2) == 1  # 30 a minute: one every two seconds


def test_no_sliding_minute_holds_more_than_the_pace() -> None:
    evenly = ago(*[n + 0.5 for n in range(60)])  # 60 in the last minute, one a second
    assert dials_allowed(evenly, NOW, 60, 2) == 0
    assert dials_allowed(evenly[:-1], NOW, 60, 2) == 1


def test_dials_from_a_clock_ahead_count_as_started_now() -> None:
    ahead = [NOW + timedelta(seconds=5)] * 2
    assert dials_allowed(ahead, NOW, 60, 2) == 0
