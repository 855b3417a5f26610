"""What the analytics pages call a block: its label in the flow as it stands (the draft), else
in the newest published version that still has it, else its id. Sessions record block ids; a
business user reads paths by the names drawn on the canvas."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from designer_ui.extensions import db
from designer_ui.models.flows import Flow, FlowVersion

VERSIONS_SEARCHED = 5
"""Published versions looked into (newest first) for blocks the draft no longer has."""


def _labels_in(document: Any, wanted: set[str], found: dict[str, str]) -> None:
    blocks = document.get("blocks") if isinstance(document, dict) else None
    if not isinstance(blocks, dict):
        return
    for block_id in wanted - found.keys():
        block = blocks.get(block_id)
        label = block.get("label") if isinstance(block, dict) else None
        if isinstance(label, str) and label.strip():
            found[block_id] = label.strip()


def block_labels(flow_id: str, block_ids: Iterable[str]) -> dict[str, str]:
    """Label by block id for the ids given that have one; ids without a label are left out."""
    wanted = set(block_ids)
    found: dict[str, str] = {}
    if not wanted:
        return found
    draft = db.session.get(Flow, flow_id)
    if draft is not None:
        _labels_in(draft.document, wanted, found)
    if wanted - found.keys():
        newest = db.session.scalars(sa.select(FlowVersion.document).where(FlowVersion.flow_id == flow_id)
                                    .order_by(FlowVersion.number.desc()).limit(VERSIONS_SEARCHED))
        for document in newest:
            _labels_in(document, wanted, found)
            if not wanted - found.keys():
                break
    return found
