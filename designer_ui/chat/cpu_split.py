"""Where a chat worker's CPU goes, for the chat benchmark: cheap per-request timers of thread
CPU time (framework, session store, engine, analytics), accumulated per process and written to
a folder every half second.

Off unless `CHAT_BENCH_CPU_DIR` names a folder, so production pays nothing. Each process writes
`<pid>.json` there: seconds of CPU per part, the request count and the process's total CPU, so
`bench/bench_chat.py` can split server CPU per turn without a profiler's overhead. Under
gevent workers requests are green threads sharing one OS thread, so the clock charges CPU to
whichever green thread ran it (a greenlet trace function notes every switch).
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
import weakref
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
        self._stopped = threading.Event()
        self.clock = TaskClock()

    @contextmanager
    def part(self, name: str) -> Iterator[None]:
        """Count the CPU this thread spends inside the block as `name` (the outermost part
        only, so parts never count twice)."""
        if getattr(self._local, "inside", False):
            yield
            return
        self._local.inside = True
        began = self.clock.now()
        try:
            yield
        finally:
            spent = self.clock.now() - began
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
            began = self.clock.now()
            try:
                return app(environ, start_response)
            finally:
                spent = self.clock.now() - began
                with self._lock:
                    self.totals[REQUEST] = self.totals.get(REQUEST, 0.0) + spent
                    self.requests += 1
        return counted

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            totals, requests = dict(self.totals), self.requests
        return {"pid": os.getpid(), "requests": requests, "parts": totals,
                "process_cpu": time.process_time()}

    def _start_dumping(self) -> None:
        if self._pid == os.getpid():
            return
        self._pid = os.getpid()
        self.clock.follow_greenlets()
        threading.Thread(target=self._dump_forever, name="bench-cpu-split", daemon=True).start()

    def stop(self) -> None:
        """Stop writing snapshots (after one last one)."""
        self._stopped.set()

    def _dump_forever(self) -> None:
        target = self.folder / f"{os.getpid()}.json"
        stopping = False
        while True:
            partial = target.with_suffix(".tmp")
            try:
                partial.write_text(json.dumps(self.snapshot()))
                partial.replace(target)
            except OSError:
                return  # the folder is gone: the benchmark is over
            if stopping:
                return
            stopping = self._stopped.wait(DUMP_EVERY_S)


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


class TaskClock:
    """CPU seconds used by the running task: the OS thread's CPU time, or under gevent the
    CPU time of the current green thread alone."""

    def __init__(self) -> None:
        self._spent: weakref.WeakKeyDictionary[Any, float] = weakref.WeakKeyDictionary()
        self._last = 0.0
        self._greenlets = False
        self._os_thread: Callable[[], int] = threading.get_ident
        self._hub_thread = 0

    def follow_greenlets(self) -> None:
        """Under gevent's patched threading, charge CPU per green thread from now on."""
        monkey = sys.modules.get("gevent.monkey")
        if monkey is None or not monkey.is_module_patched("threading"):
            return
        import greenlet

        self._os_thread = monkey.get_original("threading", "get_ident")
        self._hub_thread = self._os_thread()
        self._last = time.thread_time()
        greenlet.settrace(self._switched)
        self._greenlets = True

    def now(self) -> float:
        if not self._greenlets or self._os_thread() != self._hub_thread:
            return time.thread_time()  # a plain thread (gevent's pool runs blocking calls)
        import greenlet

        return self._spent.get(greenlet.getcurrent(), 0.0) + time.thread_time() - self._last

    def _switched(self, event: str, args: tuple[Any, Any]) -> None:
        if event in ("switch", "throw"):
            origin = args[0]
            now = time.thread_time()
            self._spent[origin] = self._spent.get(origin, 0.0) + now - self._last
            self._last = now


def cpu_split_from_env() -> CpuSplit | None:
    folder = os.environ.get(ENV_NAME, "").strip()
    return CpuSplit(Path(folder)) if folder else None
