"""A finished session's outcome, path, drop-off and time per block, from its events."""

from __future__ import annotations

from runtime.analytics.durations import bucket_of, percentile
from runtime.analytics.summary import MAX_PATH_BLOCKS, StoredEvent, summarize
from tests.runtime.analytics.helpers import SessionScript


def stored(script: SessionScript) -> list[StoredEvent]:
    return [StoredEvent(r.seq, r.ts, r.kind, r.block, r.module, r.data) for r in script.records()]


def ended(reason: str, *, assisted: bool = False) -> SessionScript:
    script = SessionScript("s", 100.0).add("session_start").add("phase", phase="self_service")
    script.visit("menu", "1")
    if assisted:
        script.add("phase", phase="assisted_service").visit("route")
    return script.at(130.0).add("session_end", reason=reason)


def test_outcomes() -> None:
    assert summarize(stored(ended("completed"))).outcome == "contained"
    assert summarize(stored(ended("done"))).outcome == "contained"
    assert summarize(stored(ended("routed", assisted=True))).outcome == "routed"
    assert summarize(stored(ended("transferred"))).outcome == "routed"
    assert summarize(stored(ended("hangup"))).outcome == "abandoned"
    assert summarize(stored(ended("idle"))).outcome == "abandoned"
    assert summarize(stored(ended("error"))).outcome == "errored"
    assert summarize(stored(ended("no_agents", assisted=True))).outcome == "unrouted"
    unfinished = SessionScript("s", 1.0).add("session_start").visit("a")
    assert summarize(stored(unfinished)).outcome == "active"


def test_route_attempt_in_self_service_counts_as_assisted() -> None:
    script = SessionScript("s", 0.0).add("session_start").visit("transfer")
    script.add("transfer_result", "transfer", status="busy").add("session_end", reason="done")
    assert summarize(stored(script)).outcome == "unrouted"


def test_dropoff_time_path_and_milestones() -> None:
    script = SessionScript("s", 1000.0).add("session_start").visit("welcome", "next")
    script.visit("ask", None).at(1012.0).add("input_outcome", "ask", outcome="noinput")
    script.at(1020.0).add("input_outcome", "ask", outcome="match").add("port_taken", "ask", port="next")
    script.visit("verify").add("module_call", "verify", call="pin@2")
    script.visit("enter_pin", module="pin@2").add("milestone", "enter_pin", name="pin|asked",
                                                  module="pin@2")
    script.at(1050.0).add("hangup", "enter_pin", reason="caller", module="pin@2")
    script.add("phase", phase="finalize").visit("log").add("session_end", reason="hangup")
    summary = summarize(stored(script))
    assert summary.outcome == "abandoned"
    assert summary.dropoff == ("pin@2", "enter_pin")
    assert summary.path == ["welcome", "ask", "verify", "log"]
    assert summary.last_block == "log"
    assert summary.milestones == ["pin/asked"] and summary.milestones_text == "|pin/asked|"
    assert summary.duration_s == 50.0
    times = {(t.module, t.block): t.seconds for t in summary.times}
    assert times[(None, "ask")] == 20.0
    assert times[("pin@2", "enter_pin")] == 30.0
    assert times[(None, "welcome")] == 0.0


def test_long_paths_are_truncated() -> None:
    script = SessionScript("s", 0.0).add("session_start")
    for index in range(MAX_PATH_BLOCKS + 5):
        script.visit(f"b{index}", "next")
    summary = summarize(stored(script.add("session_end", reason="completed")))
    assert len(summary.path) == MAX_PATH_BLOCKS and summary.path_truncated
    assert summary.path_text.endswith(">…")


def test_duration_percentile_is_close() -> None:
    durations = [float(value) for value in range(1, 101)]
    histogram: dict[int, int] = {}
    for value in durations:
        histogram[bucket_of(value)] = histogram.get(bucket_of(value), 0) + 1
    p90 = percentile(histogram, 0.9)
    assert p90 is not None and abs(p90 - 90.0) / 90.0 < 0.08
    assert percentile({}, 0.9) is None
