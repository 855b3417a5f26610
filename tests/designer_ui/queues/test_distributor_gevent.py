"""Under gevent (the `designer runtime` workers) the distributor's rounds run their SQL in an OS
thread: a round whose lease write waits for SQLite's lock must not stall the worker's requests
(it did, seen with gevent's blocking monitor during the chat benchmark)."""

from __future__ import annotations

from tests.runtime.gevent_probe import probe


def test_a_round_that_blocks_in_c_does_not_stall_the_event_loop() -> None:
    report = probe(setup="""
        from designer_ui.queues.distributor import DistributorThread

        blocking_sleep = monkey.get_original("time", "sleep")
        rounds = []

        def slow_round():
            blocking_sleep(0.6)  # like a lease write waiting for another writer's lock
            rounds.append(1)

        thread = DistributorThread(slow_round, interval_s=0.01)
    """, snippet="""
        thread.start()
        gevent.sleep(1.0)
        thread.stop()
        report["rounds"] = len(rounds)
    """)
    assert report["rounds"] >= 1, report
    assert report["max_gap_s"] < 0.3, report
