"""A dead worker's call journal becomes call records and closed analytics sessions."""

from __future__ import annotations

import json
import os
from pathlib import Path

from runtime.voice.analytics import JsonlAnalyticsSink
from runtime.voice.call_journal import CallJournal, read_lost_calls, settle_lost_calls
from runtime.voice.cdr import SqliteCdrStore


def test_settles_calls_left_in_the_journal(tmp_path: Path) -> None:
    journal = CallJournal(tmp_path / "journal")
    journal.answered(call_id="../../etc/passwd", ani="+1555", dnis="+1800", worker=2,
                     started_at=10.0, answered_at=11.0, flow="bank-ivr", version="3",
                     environment="prod", entry_point="main")
    journal.progressed("../../etc/passwd", "s-1", 4)
    journal.progressed("../../etc/passwd", "s-1", 7)
    with next((tmp_path / "journal").glob("*.jsonl")).open("a") as handle:
        handle.write('{"session_id": "s-1", "se')  # cut short by the kill
    (tmp_path / "journal" / "garbage.jsonl").write_text("not json\n")
    journal.answered(call_id="done", ani="", dnis="", worker=2, started_at=1.0,
                     answered_at=1.0, flow="f", version="1", environment="", entry_point=None)
    journal.ended("done")

    cdrs = SqliteCdrStore(tmp_path / "cdr.db")
    sink = JsonlAnalyticsSink(tmp_path / "events.jsonl")
    assert settle_lost_calls(tmp_path / "journal", cdrs, sink, 20.0) == 1
    sink.close()
    [record] = cdrs.all()
    cdrs.close()
    assert (record["id"], record["disposition"], record["worker"]) == ("s-1", "worker_lost", 2)
    assert (record["started_at"], record["answered_at"], record["ended_at"]) == (10.0, 11.0, 20.0)
    events = (tmp_path / "events.jsonl").read_text()
    assert '"seq": 8, "kind": "session_end"' in events and '"reason": "worker_lost"' in events
    assert not list((tmp_path / "journal").iterdir())


def open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_a_calls_journal_file_stays_open_for_the_call_only(tmp_path: Path) -> None:
    """Each analytics batch is one write to the file the answer opened; the end of the call
    (or the worker's) closes it."""
    journal = CallJournal(tmp_path / "journal")
    before = open_descriptors()
    for call_id in ("first", "second"):
        journal.answered(call_id=call_id, ani="+1555", dnis="+1800", worker=1, started_at=1.0,
                         answered_at=2.0, flow="bank-ivr", version="3", environment="prod",
                         entry_point="main")
    assert open_descriptors() == before + 2
    for seq in (3, 2, 5):  # a number lower than the last one is not written
        journal.progressed("first", "s-1", seq)
    [lost] = [call for path, call in read_lost_calls(tmp_path / "journal")
              if call is not None and call.entry["call_id"] == "first"]
    assert (lost.session_id, lost.last_seq) == ("s-1", 5)
    path = next(p for p in (tmp_path / "journal").iterdir()
                if json.loads(p.read_text().splitlines()[0])["call_id"] == "first")
    assert len(path.read_text().splitlines()) == 3
    journal.ended("first")
    journal.progressed("first", "s-1", 9)  # too late: no file comes back
    assert not path.exists() and open_descriptors() == before + 1
    journal.close()
    assert open_descriptors() == before
    assert len(list((tmp_path / "journal").iterdir())) == 1  # left for the supervisor
