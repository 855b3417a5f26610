"""`run_blocking`: a call that blocks in C runs in an OS thread under gevent, so the event loop
keeps serving; without gevent it is a plain call."""

from __future__ import annotations

import threading

import pytest

from runtime.blocking import offloads_blocking_calls, run_blocking
from tests.runtime.gevent_probe import probe


def test_without_gevent_it_is_a_plain_call_on_this_thread() -> None:
    assert not offloads_blocking_calls()
    assert run_blocking(threading.get_ident) == threading.get_ident()
    with pytest.raises(ZeroDivisionError):
        run_blocking(lambda: 1 / 0)


def test_under_gevent_a_call_blocking_in_c_does_not_stall_the_event_loop() -> None:
    report = probe("""
        from runtime.blocking import offloads_blocking_calls, run_blocking
        blocking_sleep = monkey.get_original("time", "sleep")
        report["offloads"] = offloads_blocking_calls()
        report["value"] = run_blocking(lambda seconds: blocking_sleep(seconds) or "slept", 0.6)
        try:
            run_blocking(lambda: 1 / 0)
        except ZeroDivisionError:
            report["raised"] = True
    """)
    assert report["offloads"] is True
    assert report["value"] == "slept"
    assert report["raised"] is True
    assert report["max_gap_s"] < 0.3, report


def test_the_probe_sees_a_call_that_blocks_the_event_loop() -> None:
    report = probe("""
        monkey.get_original("time", "sleep")(0.6)
    """)
    assert report["max_gap_s"] >= 0.5, report
