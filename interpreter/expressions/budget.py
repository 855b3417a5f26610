"""The cost budget of one engine turn: how much work and wall time expressions may spend.

Size caps (limits.py) keep any *one* operation cheap, but a flow can loop through up to the
engine's step limit of blocks in one turn, each evaluating costly expressions. The engine
therefore opens a turn meter for every ``start``/``resume`` call; operations whose cost
grows with the size of what they touch (``repeat``, ``replaceAll``, ``split``, ``join``,
JSON, long concatenations, searches …) call :func:`charge` with that size, and the engine
checks the deadline at every block step. Exceeding either raises :class:`TurnLimitExceeded`,
an ordinary expression runtime error, so the block's ``error`` port takes it.

Charging happens only in costly operations, in bulk (one call per operation), so cheap
operators pay nothing. The meter is found through a context variable, so it follows the
thread or task running the turn and needs no plumbing through every method signature.
Reading clocks is the only contact with the outside world, and a host can replace them
(``TurnBudget.clock``, ``TurnBudget.cpu_clock``). The time limit is what the turn's thread
spends: a turn is pure computation, so a busy machine that leaves the thread waiting for a
core (or for the GIL) must not push an ordinary turn over its limit. The thread's CPU clock
costs about a microsecond to read, too much for every block, so the cheap monotonic clock is
read there; only when it says the time is up is the CPU clock read, and if the thread has
not spent the time yet, the deadline moves by what is left.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from .errors import ExpressionRuntimeError

DEFAULT_MAX_WORK = 200_000_000
"""Work units per turn. A unit is about a nanosecond of CPU: bulk string work costs
``PER_CHAR`` a character, work done element by element ``PER_ITEM`` an element."""

DEFAULT_MAX_TIME_MS = 1_000.0
"""Wall-clock milliseconds one turn may run before the current block fails."""

DEFAULT_MAX_VALUE_SIZE = 1_000_000
"""Size of one value a block stores in a variable or in attached data, counted as JSON writes
it: one per element (array item, object member, number, string …) plus the characters of
strings and keys, a shared sub-value counted every time it appears (see engine/state.py)."""

DEFAULT_MAX_STATE_SIZE = 2_000_000
"""Size of everything a session stores (variables of the flow and the modules it is in,
attached data, system variables), counted the same way."""

PER_CHAR = 1
"""Units per character copied or scanned in bulk (slicing, joining, searching)."""

PER_ITEM = 50
"""Units per array element, match or character handled one at a time (JSON, URI coding,
array searches, ``split`` pieces)."""

PER_PARSED_CHAR = 25
"""Units per character of JSON text parsed (a C parser building Python values)."""

PER_CALL = 1_000
"""Units per call of a function argument (``replaceAll`` with a function replacer)."""

FREE_UNITS = 256
"""Charges below this are not counted: they are within an operation's fixed cost, which
the engine's step limit and the time limit already bound."""

RESERVE_FRACTION = 0.1
"""When a limit is first reached, the turn gets this share of its budget again, so the
block's ``error`` path can still run (say sorry, transfer); a second overrun fails at once."""

_MAX_SOURCE_SHOWN = 120

LIMIT_ERROR_KIND = "LimitExceeded"
"""``system.LastError.type`` when a turn budget is exhausted."""


@dataclass(frozen=True, slots=True)
class TurnBudget:
    """What one turn may spend; hosts pass one to ``Engine(budget=...)``.

    ``max_work`` counts work units (characters or elements that costly operations touch);
    ``max_time_ms`` is the time the turn may run: ``clock`` (seconds, monotonic) finds when it
    may be over, and ``cpu_clock`` (the CPU time of the turn's thread) confirms it, see the
    module's notes. ``None`` means unlimited, which only benchmarks and trusted tools should
    use.
    """

    max_work: int | None = DEFAULT_MAX_WORK
    max_time_ms: float | None = DEFAULT_MAX_TIME_MS
    clock: Callable[[], float] = field(default=time.monotonic, compare=False)
    cpu_clock: Callable[[], float] | None = field(default=time.thread_time, compare=False)
    """Confirms an overrun the (cheap) ``clock`` reports: the turn is out of time only when
    its thread has also spent that much CPU. ``None``: ``clock`` alone decides."""
    max_value_size: int | None = DEFAULT_MAX_VALUE_SIZE
    """The largest value a block may store (``DEFAULT_MAX_VALUE_SIZE``)."""
    max_state_size: int | None = DEFAULT_MAX_STATE_SIZE
    """The most a session may store in all (``DEFAULT_MAX_STATE_SIZE``)."""

    @property
    def unlimited(self) -> bool:
        """No work or time limit (the size limits are checked apart, see engine/state.py)."""
        return self.max_work is None and self.max_time_ms is None


DEFAULT_BUDGET = TurnBudget()
UNLIMITED_BUDGET = TurnBudget(max_work=None, max_time_ms=None, max_value_size=None,
                              max_state_size=None)


class TurnLimitExceeded(ExpressionRuntimeError):
    """A turn ran out of work units or wall time; ``limit`` is ``"work"`` or ``"time"``.

    ``expression`` is the source of the expression that was running, when there was one.
    """

    def __init__(self, limit: str, message: str) -> None:
        super().__init__(LIMIT_ERROR_KIND, message)
        self.limit = limit
        self.expression: str | None = None

    def in_expression(self, source: str) -> TurnLimitExceeded:
        """Name the expression that was running (the innermost one, if nested)."""
        if self.expression is None:
            self.expression = source
            shown = source if len(source) <= _MAX_SOURCE_SHOWN else source[:_MAX_SOURCE_SHOWN] + "…"
            self.message = f"{self.message} while evaluating {shown}"
            self.args = (self.kind, self.message)
        return self


class TurnMeter:
    """The running account of one turn: work units left and the deadline."""

    __slots__ = ("allowed_s", "budget", "clock", "cpu_started", "deadline", "reserve_used",
                 "work_left")

    def __init__(self, budget: TurnBudget) -> None:
        self.budget = budget
        self.reserve_used = False
        self.clock = budget.clock
        self.work_left: float = math.inf if budget.max_work is None else budget.max_work
        self.allowed_s = math.inf if budget.max_time_ms is None else budget.max_time_ms / 1000.0
        self.deadline: float = budget.clock() + self.allowed_s
        self.cpu_started = self._cpu_now()

    def charge(self, units: float) -> None:
        left = self.work_left - units
        self.work_left = left
        if left < 0:
            raise self.work_exceeded()
        if self.clock() > self.deadline and self.out_of_time():
            raise self.time_exceeded()

    def out_of_time(self) -> bool:
        """Is the turn's time spent? When the wall clock says so, the thread's CPU clock
        decides; time the thread spent waiting moves the deadline instead."""
        now = self.clock()
        if now <= self.deadline:
            return False
        cpu_clock = self.budget.cpu_clock
        if cpu_clock is None:
            return True
        left = self.allowed_s - (cpu_clock() - self.cpu_started)
        if left <= 0:
            return True
        self.deadline = now + left
        return False

    def _cpu_now(self) -> float:
        cpu_clock = self.budget.cpu_clock
        return cpu_clock() if cpu_clock is not None and self.allowed_s != math.inf else 0.0

    def work_exceeded(self) -> TurnLimitExceeded:
        self._grant_reserve()
        return TurnLimitExceeded("work", f"the turn's work limit of {self.budget.max_work:,} "
                                         "units was exceeded")

    def time_exceeded(self) -> TurnLimitExceeded:
        self._grant_reserve()
        return TurnLimitExceeded("time", f"the turn's time limit of {self.budget.max_time_ms:g} "
                                         "ms was exceeded")

    def _grant_reserve(self) -> None:
        """Refill a small share once, so the error path runs; later overruns fail at once."""
        if self.reserve_used:
            self.work_left = min(self.work_left, 0)
            self.deadline = min(self.deadline, self.clock())
            self.allowed_s = 0.0
            return
        self.reserve_used = True
        budget = self.budget
        if budget.max_work is not None:
            self.work_left = budget.max_work * RESERVE_FRACTION
        if budget.max_time_ms is not None:
            self.allowed_s = budget.max_time_ms * RESERVE_FRACTION / 1000.0
            self.deadline = self.clock() + self.allowed_s
            self.cpu_started = self._cpu_now()


_CURRENT: ContextVar[TurnMeter | None] = ContextVar("expression_turn_meter", default=None)


def charge(units: float) -> None:
    """Charge ``units`` of work to the running turn; raises TurnLimitExceeded when spent.

    Call it once per costly operation, *before* doing the work, with the size the operation
    touches (characters read plus written, elements copied …). Outside a turn it does nothing.
    """
    if units < FREE_UNITS:
        return
    meter = _CURRENT.get()
    if meter is not None:
        meter.charge(units)


def current_meter() -> TurnMeter | None:
    """The meter of the turn running in this context, if any."""
    return _CURRENT.get()


@contextmanager
def metered_turn(budget: TurnBudget) -> Iterator[TurnMeter]:
    """Run the body as one turn with a fresh meter (nested turns get their own)."""
    meter = TurnMeter(budget)
    token = _CURRENT.set(meter)
    try:
        yield meter
    finally:
        _CURRENT.reset(token)
