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


def test_without_gevent_run_on_hub_is_a_plain_call() -> None:
    from runtime.blocking import run_on_hub

    assert run_blocking(run_on_hub, threading.get_ident) == threading.get_ident()


def test_offloaded_work_uses_the_hubs_redis_connections_through_run_on_hub() -> None:
    """The distributor's round runs in an OS thread; its session-store reads go back to the
    worker's hub, whose pooled Redis connections they share, and errors come back too."""
    report = probe("""
        import redis
        from runtime.blocking import run_blocking, run_on_hub
        original_ident = monkey.get_original("threading", "get_ident")
        hub_thread = original_ident()
        client = redis.Redis(host="127.0.0.1", port=6379, socket_timeout=5)
        client.ping()  # the pool's connection now belongs to this hub

        def round_in_thread():
            seen = []
            for _ in range(20):
                seen.append(run_on_hub(lambda: (client.ping(), original_ident())))
            try:
                run_on_hub(lambda: 1 / 0)
            except ZeroDivisionError:
                seen.append("raised")
            return seen, original_ident()

        seen, worker_thread = run_blocking(round_in_thread)
        report["pings"] = all(ping is True for ping, _ in seen[:-1])
        report["on_hub"] = all(ident == hub_thread for _, ident in seen[:-1])
        report["raised"] = seen[-1] == "raised"
        report["offloaded"] = worker_thread != hub_thread
        report["connections"] = len(client.connection_pool._available_connections)
    """)
    assert report["offloaded"] and report["pings"] and report["on_hub"] and report["raised"], report
    assert report["connections"] == 1, report
    assert report["max_gap_s"] < 0.3, report
