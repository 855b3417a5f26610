"""The Time namespace, with the clock fixed by the evaluation context."""

from __future__ import annotations

import math

import pytest

from interpreter.expressions import EvalContext, ExpressionRuntimeError
from tests.interpreter.expressions.helpers import FIXED_CONTEXT, FIXED_NOW_MS, run

PARIS = EvalContext(now_ms=lambda: FIXED_NOW_MS, timezone="Europe/Paris")


def test_now_comes_from_the_context() -> None:
    assert run("Time.now()") == FIXED_NOW_MS
    assert run("Time.now() - 60000 < Time.now()") is True


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Time.format(Time.now())", "2024-05-01T10:00:00+00:00"),
        ("Time.format(Time.now(), 'HH:mm')", "10:00"),
        ("Time.format(Time.now(), 'HH:mm', 'Europe/Paris')", "12:00"),
        (
            "Time.format(Time.now(), 'dddd D MMMM YYYY, h:mm a', 'America/New_York')",
            "Wednesday 1 May 2024, 6:00 am",
        ),
        (
            "Time.format(Time.now(), 'ddd DD/MM/YY [at] H[h]mm ZZ', 'Asia/Kolkata')",
            "Wed 01/05/24 at 15h30 +0530",
        ),
        ("Time.format(Time.addMinutes(Time.now(), 90.5), 'HH:mm:ss.SSS')", "11:30:30.000"),
        ("Time.dayOfWeek(Time.now())", 3.0),
        ("Time.dayOfWeek(Time.now(), 'Pacific/Kiritimati')", 4.0),
        ("Time.parts(Time.now(), 'Europe/Paris').hour", 12.0),
        ("Time.parts(Time.now()).dayOfWeek", 3.0),
        ("Time.parse('2024-05-01T10:00:00Z') == Time.now()", True),
        ("Time.parse('2024-05-01T12:00:00+02:00') == Time.now()", True),
        ("Time.parse('2024-05-01T12:00', 'Europe/Paris') == Time.now()", True),
        ("Time.parse('2024-05-01') == Time.startOfDay(Time.now())", True),
        ("Time.addHours(Time.now(), 1) - Time.now()", 3_600_000.0),
        ("Time.addSeconds(Time.now(), 1) - Time.now()", 1_000.0),
        ("Time.isBetween(Time.now(), '09:00', '17:30')", True),
        ("Time.isBetween(Time.now(), '10:00', '10:01')", True),
        ("Time.isBetween(Time.now(), '09:00', '10:00')", False),
        ("Time.isBetween(Time.now(), '22:00', '11:00')", True),
        ("Time.isBetween(Time.now(), '12:00', '18:00', 'Europe/Paris')", True),
    ],
)
def test_time_functions(source: str, expected: object) -> None:
    assert run(source) == expected


def test_default_zone_comes_from_the_context() -> None:
    assert run("Time.format(Time.now(), 'HH:mm Z')", ctx=PARIS) == "12:00 +02:00"
    assert run("Time.format(Time.now(), 'HH:mm Z')", ctx=FIXED_CONTEXT) == "10:00 +00:00"


def test_add_days_keeps_the_wall_clock_across_daylight_saving() -> None:
    source = "Time.format(Time.addDays(Time.parse('2024-03-30T12:00'), 1), 'YYYY-MM-DD HH:mm Z')"
    assert run(source, ctx=PARIS) == "2024-03-31 12:00 +02:00"
    plain = "(Time.addDays(Time.parse('2024-03-30T12:00'), 1) - Time.parse('2024-03-30T12:00'))"
    assert run(plain + " / 3600000", ctx=PARIS) == 23.0


def test_invalid_inputs() -> None:
    assert math.isnan(run("Time.parse('not a date')"))
    assert math.isnan(run("Time.dayOfWeek(NaN)"))
    assert math.isnan(run("Time.addMinutes(undefined, 5)"))
    for source, message in [
        ("Time.format(NaN)", "Invalid time value"),
        ("Time.format(0, 'HH', 'Mars/Base')", "Invalid time zone specified: Mars/Base"),
        ("Time.format(0, 'HH', '../../etc/passwd')", "Invalid time zone specified: ../../etc/passwd"),
        ("Time.isBetween(0, '9am', '17:00')", "Invalid time of day '9am' (use HH:mm)"),
        ("Time.format(1e20)", "Invalid time value"),
    ]:
        with pytest.raises(ExpressionRuntimeError) as caught:
            run(source)
        assert (caught.value.kind, caught.value.message) == ("RangeError", message)
