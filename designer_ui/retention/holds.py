"""Which calls a legal hold keeps: the holds as sets, matched against a call record's row."""

from __future__ import annotations

from collections.abc import Mapping
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

    def keeps(self, call: Mapping[str, Any] | sa.RowMapping) -> bool:
        """True when a hold names this call, its flow, or its caller's or called number."""
        return (call["id"] in self.interactions or call["sip_call_id"] in self.interactions
                or (call["flow_id"] or "") in self.flows
                or call["ani"] in self.numbers or call["dnis"] in self.numbers)
