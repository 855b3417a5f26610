"""Reading a roll-up kept at two grains: whole hours (or days) from the coarse table, the ragged
ends of the range from the fine one. A month of dashboard then reads ~720 hourly rows per
dimension instead of 43,200 minutes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import sqlalchemy as sa

Span = tuple[int, int]


def split(first: int, last: int, per: int) -> tuple[Span | None, list[Span]]:
    """Fine slots `first..last` (inclusive) as the whole coarse slots inside them and the fine
    slots left over at either end."""
    coarse_first = -(-first // per)
    coarse_last = (last + 1) // per - 1
    if coarse_first > coarse_last:
        return None, [(first, last)]
    edges = []
    if first < coarse_first * per:
        edges.append((first, coarse_first * per - 1))
    if (coarse_last + 1) * per <= last:
        edges.append(((coarse_last + 1) * per, last))
    return (coarse_first, coarse_last), edges


def tiered_rows(conn: sa.Connection, fine: sa.Table, coarse: sa.Table, fine_grain: str,
                coarse_grain: str, span: Span, per: int,
                query: Callable[[sa.Table, sa.ColumnElement[Any]], sa.Select[Any]]
                ) -> Iterable[sa.Row[Any]]:
    """Rows of `query(table, time condition)` over both tables, covering `span` exactly once."""
    whole, edges = split(span[0], span[1], per)
    if whole is not None:
        yield from conn.execute(query(coarse, coarse.c[coarse_grain].between(*whole)))
    for first, last in edges:
        yield from conn.execute(query(fine, fine.c[fine_grain].between(first, last)))
