"""The admission gate closes at the CPU limit over its window and reopens below it."""

from __future__ import annotations

from pathlib import Path

from runtime.voice.admission import AdmissionGate, cpu_times


def test_gate_follows_cpu_use_with_hysteresis() -> None:
    now = [0.0]
    counters = [(0.0, 0.0)]
    gate = AdmissionGate(80.0, 3.0, read=lambda: counters[-1], clock=lambda: now[0])

    def tick(busy: float, total: float) -> bool:
        now[0] += 1.0
        last = counters[-1]
        counters.append((last[0] + busy, last[1] + total))
        return gate.update()

    gate.update()
    assert not tick(50, 100) and not gate.closed
    assert not tick(100, 100)  # (50 + 100) / 200 = 75 %
    assert tick(100, 100) and gate.closed  # 250 / 300 = 83 %
    for _ in range(3):
        tick(78, 100)
    assert gate.closed  # 78 % is within the hysteresis band
    for _ in range(4):
        tick(40, 100)
    assert not gate.closed


def test_limit_of_100_never_closes() -> None:
    gate = AdmissionGate(100.0, read=lambda: (1.0, 1.0))
    gate.update()
    assert not gate.closed


def test_cpu_times_reads_proc_stat(tmp_path: Path) -> None:
    stat = tmp_path / "stat"
    stat.write_text("cpu  10 0 10 70 10 0 0 0 0 0\ncpu0 1 2 3\n")
    assert cpu_times(stat) == (20.0, 100.0)
