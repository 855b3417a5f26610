"""Session state as plain JSON: everything a host must save to resume a session anywhere."""

from __future__ import annotations

import json
import math
from contextvars import ContextVar, Token
from typing import Any

from interpreter.engine.errors import SessionStateError
from interpreter.expressions import from_state, to_state
from interpreter.expressions.budget import PER_ITEM, TurnBudget, TurnLimitExceeded, charge
from interpreter.expressions.regexp_value import JSRegExp

STATE_VERSION = 1


def encode_scope(scope: dict[str, Any]) -> dict[str, Any]:
    return {name: to_state(value) for name, value in scope.items() if name != "system"}


def decode_scope(encoded: Any) -> dict[str, Any]:
    if not isinstance(encoded, dict):
        raise SessionStateError("session state: 'vars' must be an object")
    return {name: from_state(value) for name, value in encoded.items()}


def require(state: Any, key: str, kind: type | tuple[type, ...]) -> Any:
    if not isinstance(state, dict):
        raise SessionStateError("session state must be a JSON object")
    value = state.get(key)
    if not isinstance(value, kind):
        raise SessionStateError(f"session state: '{key}' is missing or has the wrong type")
    return value


# -- how much a session stores ----------------------------------------------------------------
#
# Values are built cheaply from shared parts: `x = [x, x]` run 23 times is 23 small arrays, but
# JSON writes each shared part every time it appears, 2^23 elements in all. What a session
# stores is therefore measured as JSON would write it, when it is stored: every variable a
# block sets (assign, an input's answer, an HTTP result, module inputs and outputs …) and every
# attached-data key. The size counts one per value (array, object, number, string …) plus the
# characters JSON writes for strings and object keys (`text_size`: an escaped character counts
# as the six or twelve it takes). The walk stops as soon as the limit is passed, so it
# costs at most the limit, and it is charged to the turn's work budget.
#
# Two limits of the turn budget apply (`TurnBudget.max_value_size`, `max_state_size`): one
# stored value, and everything the session stores (variables of the flow and of the modules it
# is in, attached data, system variables). Over either, the block fails with a LimitExceeded
# error naming the limit and the variable, and the variable keeps its previous value.
#
# The whole state is not walked at every write: a turn adds up the sizes it stores, and only
# once that sum passes `FIRST_STATE_CHECK` (or, after a walk, once the last walk's total plus
# what was stored since passes the limit) does it walk the whole state. Values stored in the
# turn remember their size, so a later walk over a value built from them does not go through
# them again (that is what keeps `x = [x, x]` in a loop cheap to measure).

def text_size(text: str) -> int:
    """The characters JSON writes for `text` (without its quotes): hosts store session state
    with the standard encoder, which writes a control character as `\\u0001` and, outside
    ASCII, `\\u00e9` (an astral character as two of them), so a string of those is six to
    twelve times its length on disk."""
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return len(text)
    return len(json.dumps(text)) - 2


FIRST_STATE_CHECK = 65_536
"""What a turn may store (elements and characters) before the whole state is measured."""

_MISSING = object()


def stored_size(value: Any, limit: float, sizes: dict[int, tuple[Any, int]] | None = None
                ) -> tuple[int, int]:
    """(size, parts walked) of `value` as JSON writes it; stops once the size passes `limit`.

    `sizes` maps the id of a value measured before to (that value, its size). Each part
    counts one as soon as its container is opened, so the parts waiting to be walked never
    outnumber the size counted so far by more than one container's length."""
    size = 1
    walked = 0
    pending = [value]
    pop = pending.pop
    push = pending.extend
    while pending:
        item = pop()
        walked += 1
        kind = type(item)
        if kind is str:
            size += text_size(item)
        elif kind is list or kind is dict:
            known = sizes.get(id(item)) if sizes else None
            if known is not None and known[0] is item:
                size += known[1] - 1
            elif kind is list:
                size += len(item)
                push(item)
            else:
                size += len(item)
                for key in item:
                    size += text_size(key) if type(key) is str else len(str(key))
                walked += len(item)
                push(item.values())
        elif kind is JSRegExp:
            size += len(item.compiled.source)
        if size > limit:
            break
    return size, walked


class StoredSizes:
    """What one turn stores, measured against the budget's size limits (see above)."""

    __slots__ = ("checked", "max_state", "max_value", "run", "since_check", "sizes")

    def __init__(self, run: Any, max_value: int | None, max_state: int | None) -> None:
        self.run = run
        self.max_value: float = math.inf if max_value is None else max_value
        self.max_state: float = math.inf if max_state is None else max_state
        self.checked: int | None = None
        """The whole state's size when it was last measured in this turn."""
        self.since_check = 0
        """What the turn has stored since (or, before any measure, in all)."""
        self.sizes: dict[int, tuple[Any, int]] = {}

    def measure(self, value: Any, limit: float) -> int:
        kind = type(value)
        if kind is float or kind is bool or value is None or kind is int:
            return 1
        if kind is str:
            return 1 + text_size(value)
        size, walked = stored_size(value, limit, self.sizes)
        charge(walked * PER_ITEM)
        if size <= limit and (kind is list or kind is dict):
            self.sizes[id(value)] = (value, size)
        return size

    def store(self, target: dict[str, Any], name: str, value: Any) -> None:
        size = self.measure(value, self.max_value)
        if size > self.max_value:
            raise TurnLimitExceeded("value_size", f"the value for '{name}' is larger than the "
                                    f"limit of {self.max_value:,} elements and characters one "
                                    "variable may hold")
        previous = target.get(name, _MISSING)
        target[name] = value
        self.since_check += size
        if self.max_state == math.inf:
            return
        if self.checked is None:
            if self.since_check <= FIRST_STATE_CHECK:
                return
        elif self.checked + self.since_check <= self.max_state:
            return
        total = self.measure_state()
        if total > self.max_state:
            if previous is _MISSING:
                del target[name]
            else:
                target[name] = previous
            raise TurnLimitExceeded("state_size", f"storing '{name}' would take the session "
                                    f"past the limit of {self.max_state:,} elements and "
                                    "characters it may store in all")
        self.checked = total
        self.since_check = 0

    def account(self, name: str, value: Any) -> None:
        """Count a value stored where the whole state is not yet reachable (a module's
        inputs, bound before the module's scope becomes the run's)."""
        size = self.measure(value, self.max_value)
        if size > self.max_value:
            raise TurnLimitExceeded("value_size", f"the value for '{name}' is larger than the "
                                    f"limit of {self.max_value:,} elements and characters one "
                                    "variable may hold")
        self.since_check += size

    def measure_state(self) -> int:
        run = self.run
        parts = [run.system, run.data, run.scope, *(frame.scope for frame in run.stack)]
        total = 0
        for part in parts:
            for key, value in part.items():
                if value is run.system and key == "system":
                    continue
                total += text_size(key) + self.measure(value, self.max_state - total)
                if total > self.max_state:
                    return total
        return total


_STORED: ContextVar[StoredSizes | None] = ContextVar("stored_sizes", default=None)


def store(target: dict[str, Any], name: str, value: Any) -> None:
    """`target[name] = value` for a variable or attached-data key, within the running turn's
    size limits; raises TurnLimitExceeded (and leaves `target` as it was) when over one."""
    kind = type(value)
    if kind is float or kind is bool or value is None:
        # a number, a boolean or null only replaces what the variable held: never larger
        target[name] = value
        return
    sizes = _STORED.get()
    if sizes is None:
        target[name] = value
    else:
        sizes.store(target, name, value)


def account_stored(name: str, value: Any) -> None:
    """Measure a value about to be stored in a scope the run does not show yet."""
    sizes = _STORED.get()
    if sizes is not None:
        sizes.account(name, value)


def measure_stores(run: Any, budget: TurnBudget) -> Token[StoredSizes | None] | None:
    """Measure what `run` stores from now on against `budget`'s size limits, until
    `end_measuring` is given what this returns (at the end of the turn)."""
    if budget.max_value_size is None and budget.max_state_size is None:
        return None
    return _STORED.set(StoredSizes(run, budget.max_value_size, budget.max_state_size))


def end_measuring(token: Token[StoredSizes | None] | None) -> None:
    if token is not None:
        _STORED.reset(token)
