"""The worker loop's wait: short with work, long when idle, never past the next timer."""

from __future__ import annotations

from runtime.voice.loop_pacing import LoopPacing
from runtime.voice.settings import VoiceSettings

PACING = LoopPacing(poll_ms=20, idle_poll_ms=1000)


def test_a_worker_with_work_and_no_timer_polls_at_poll_ms() -> None:
    assert PACING.timeout_ms(busy=True, next_timer_s=None) == 20


def test_an_idle_worker_without_timers_waits_the_long_poll() -> None:
    assert PACING.timeout_ms(busy=False, next_timer_s=None) == 1000


def test_an_idle_worker_wakes_for_its_next_timer() -> None:
    assert PACING.timeout_ms(busy=False, next_timer_s=0.25) == 250
    assert PACING.timeout_ms(busy=False, next_timer_s=5.0) == 1000


def test_a_busy_worker_keeps_its_short_poll_when_timers_are_far() -> None:
    assert PACING.timeout_ms(busy=True, next_timer_s=5.0) == 20
    assert PACING.timeout_ms(busy=True, next_timer_s=0.005) == 5


def test_a_due_timer_still_polls_for_a_millisecond() -> None:
    assert PACING.timeout_ms(busy=False, next_timer_s=0.0) == 1
    assert PACING.timeout_ms(busy=True, next_timer_s=0.0004) == 1


def test_pacing_from_settings() -> None:
    assert LoopPacing.from_settings(VoiceSettings()) == LoopPacing(20, 20)  # long idle poll off
    assert LoopPacing.from_settings(VoiceSettings(poll_ms=10, idle_poll_ms=500)) == \
        LoopPacing(10, 500)


def test_the_idle_poll_is_never_shorter_than_the_busy_one() -> None:
    assert LoopPacing.from_settings(VoiceSettings(poll_ms=50, idle_poll_ms=10)) == \
        LoopPacing(50, 50)
    assert LoopPacing.from_settings(VoiceSettings(poll_ms=0, idle_poll_ms=0)) == LoopPacing(1, 1)
