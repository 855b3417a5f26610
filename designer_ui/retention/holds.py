"""Which interactions a legal hold keeps: the holds as sets, matched against what a purge is
about to delete (a call record, an analytics session, a chat session).

An interaction is kept when a hold names one of its ids (a call's record id or SIP Call-ID, a
chat session's id), its flow, or one of its numbers or addresses (a call's caller and called
number, a chat's visitor id and entry point).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

import sqlalchemy as sa

from designer_ui.models.legal_holds import LegalHold

HOLDS = cast(sa.Table, LegalHold.__table__)


@dataclass(frozen=True)
class HeldValues:
    interactions: frozenset[str] = field(default_factory=frozenset)
    flows: frozenset[str] = field(default_factory=frozenset)
    numbers: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def load(cls, conn: sa.Connection) -> HeldValues:
        by_kind: dict[str, set[str]] = {"interaction": set(), "flow": set(), "number": set()}
        for kind, value in conn.execute(sa.select(HOLDS.c.kind, HOLDS.c.value)):
            by_kind.setdefault(kind, set()).add(value)
        return cls(frozenset(by_kind["interaction"]), frozenset(by_kind["flow"]),
                   frozenset(by_kind["number"]))

    def __bool__(self) -> bool:
        """False when no hold is in force (a purge need not look further)."""
        return bool(self.interactions or self.flows or self.numbers)

    def names(self, *, ids: Iterable[str | None], flow: str | None,
              numbers: Iterable[str | None]) -> bool:
        """True when a hold names one of these ids, this flow or one of these numbers."""
        return (any(value in self.interactions for value in ids if value)
                or (flow or "") in self.flows
                or any(value in self.numbers for value in numbers if value))

    def keeps(self, call: Mapping[str, Any] | sa.RowMapping) -> bool:
        """True when a hold names this call, its flow, or its caller's or called number."""
        return self.names(ids=(call["id"], call["sip_call_id"]), flow=call["flow_id"],
                          numbers=(call["ani"], call["dnis"]))
