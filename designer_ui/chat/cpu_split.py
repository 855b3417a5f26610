"""Where a chat worker's CPU goes, for the chat benchmark: cheap per-request timers of thread
CPU time (framework, session store, engine, analytics), accumulated per process and written to
a folder every half second.

Off unless `CHAT_BENCH_CPU_DIR` names a folder, so production pays nothing. Each process writes
`<pid>.json` there: seconds of CPU per part, the request count, the process's total CPU and the
CPU of its named background threads (the analytics writer, the news relay, the timer loop), so
`bench/bench_chat.py` can split server CPU per turn without a profiler's overhead.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ENV_NAME = "CHAT_BENCH_CPU_DIR"
DUMP_EVERY_S = 0.5
REQUEST = "request"


class CpuSplit:
    """Thread CPU seconds per named part of a request, for one process."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.totals: dict[str, float] = {}
        self.requests = 0
        self._lock = threading.Lock()
        self._local = threading.local()
        self._pid = 0

    @contextmanager
    def part(self, name: str) -> Iterator[None]:
        """Count the CPU this thread spends inside the block as `name` (the outermost part
        only, so parts never count twice)."""
        if getattr(self._local, "inside", False):
            yield
            return
        self._local.inside = True
        began = time.thread_time()
        try:
            yield
        finally:
            spent = time.thread_time() - began
            self._local.inside = False
            with self._lock:
                self.totals[name] = self.totals.get(name, 0.0) + spent

    def timed(self, target: Any, name: str) -> Any:
        """`target` with every method call counted as part `name`."""
        return _Timed(target, name, self)

    def wsgi(self, app: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
        """The WSGI app with each request's whole CPU time counted (the rest is framework)."""
        def counted(environ: dict[str, Any], start_response: Callable[..., Any]
                    ) -> Iterable[bytes]:
            self._start_dumping()
            began = time.thread_time()
            try:
                return app(environ, start_response)
            finally:
                spent = time.thread_time() - began
                with self._lock:
                    self.totals[REQUEST] = self.totals.get(REQUEST, 0.0) + spent
                    self.requests += 1
        return counted

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            totals, requests = dict(self.totals), self.requests
        return {"pid": os.getpid(), "requests": requests, "parts": totals,
                "process_cpu": time.process_time(), "threads": _thread_cpu()}

    def _start_dumping(self) -> None:
        if self._pid == os.getpid():
            return
        self._pid = os.getpid()
        threading.Thread(target=self._dump_forever, name="bench-cpu-split", daemon=True).start()

    def _dump_forever(self) -> None:
        target = self.folder / f"{os.getpid()}.json"
        while True:
            partial = target.with_suffix(".tmp")
            partial.write_text(json.dumps(self.snapshot()))
            partial.replace(target)
            time.sleep(DUMP_EVERY_S)


class _Timed:
    def __init__(self, target: Any, name: str, split: CpuSplit):
        self._target, self._name, self._split = target, name, split

    def __getattr__(self, attribute: str) -> Any:
        value = getattr(self._target, attribute)
        if not callable(value):
            return value

        def call(*args: Any, **kwargs: Any) -> Any:
            with self._split.part(self._name):
                return value(*args, **kwargs)
        return call


def _thread_cpu() -> dict[str, float]:
    """CPU seconds of this process's named background threads (from /proc, Linux only)."""
    tick = os.sysconf("SC_CLK_TCK")
    found: dict[str, float] = {}
    for thread in threading.enumerate():
        if thread.native_id is None or thread.name.startswith(("ThreadPoolExecutor", "Main")):
            continue
        try:
            stat = Path(f"/proc/self/task/{thread.native_id}/stat").read_text()
        except OSError:
            continue
        fields = stat.rpartition(")")[2].split()
        found[thread.name] = found.get(thread.name, 0.0) + (int(fields[11]) + int(fields[12])) / tick
    return found


def cpu_split_from_env() -> CpuSplit | None:
    folder = os.environ.get(ENV_NAME, "").strip()
    return CpuSplit(Path(folder)) if folder else None
