from __future__ import annotations

from typing import Any

import pytest

from interpreter.loader import load_flow
from interpreter.migrations import MigrationChain, MigrationError
from tests.conftest import minimal_document


def test_preview_format_is_upgraded_on_load() -> None:
    document = minimal_document(format="designer-flow-preview", format_version=0,
                                phases={"selfService": "welcome", "finalize": "bye"})
    document["blocks"]["welcome"]["ports"] = {"next": "bye"}
    document["blocks"]["bye"] = {"type": "milestone", "props": {"name": "done"}}
    flow = load_flow(document)
    assert dict(flow.phases) == {"self_service": "welcome", "finalize": "bye"}
    assert dict(flow.blocks["welcome"].next) == {"next": "bye"}
    assert document["format_version"] == 0, "the caller's document is not changed"


def test_chain_runs_every_step_in_order() -> None:
    seen: list[int] = []

    def step(version: int) -> Any:
        def migrate(document: dict[str, Any]) -> dict[str, Any]:
            seen.append(version)
            document.setdefault("trail", []).append(version)
            return document
        return migrate

    chain = MigrationChain(3, {0: step(0), 1: step(1), 2: step(2)})
    upgraded = chain.upgrade({"format_version": 0})
    assert seen == [0, 1, 2]
    assert upgraded == {"format_version": 3, "trail": [0, 1, 2]}


def test_chain_with_gap_is_rejected() -> None:
    with pytest.raises(ValueError, match="gaps"):
        MigrationChain(3, {0: lambda d: d, 2: lambda d: d})


@pytest.mark.parametrize("version", ["1", True, None, 1.5])
def test_version_must_be_whole_number(version: object) -> None:
    chain = MigrationChain(1, {0: lambda d: d})
    with pytest.raises(MigrationError):
        chain.upgrade({"format_version": version})
