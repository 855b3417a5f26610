"""Retention periods: `N days` or calendar `N months`, bounded, with clear errors."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from designer_ui.retention.settings import Period, months_before, parse_period


@pytest.mark.parametrize(("text", "expected"), [
    ("90 days", Period(90, "days")), (90, Period(90, "days")), ("1 day", Period(1, "days")),
    ("6 months", Period(6, "months")), (" 1 Month ", Period(1, "months")),
])
def test_periods_read_as_days_or_months(text: object, expected: Period) -> None:
    assert parse_period(text, "CALL_RECORD_RETENTION") == expected


@pytest.mark.parametrize("text", ["", "ninety days", "3 weeks", "0 days", "121 months",
                                  "3661 days", "-5 days", True, 2.5])
def test_bad_periods_name_the_setting(text: object) -> None:
    with pytest.raises(ValueError, match="RECORDING_RETENTION"):
        parse_period(text, "RECORDING_RETENTION")


def test_months_are_calendar_months() -> None:
    may_31 = datetime(2026, 5, 31, 12, 0, tzinfo=UTC)
    assert months_before(may_31, 3) == datetime(2026, 2, 28, 12, 0, tzinfo=UTC)
    assert months_before(datetime(2028, 3, 31, tzinfo=UTC), 1) == datetime(2028, 2, 29, tzinfo=UTC)
    assert months_before(datetime(2026, 1, 15, tzinfo=UTC), 13) == datetime(2024, 12, 15,
                                                                           tzinfo=UTC)
    assert Period(3, "months").before(may_31) == datetime(2026, 2, 28, 12, 0, tzinfo=UTC)
    assert Period(90, "days").before(may_31) == datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
