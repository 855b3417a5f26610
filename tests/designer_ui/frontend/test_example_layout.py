"""The example flows open with no block drawn over another, and the re-layout script that keeps
them so (designer_ui/frontend/scripts/relayoutExamples.ts) changes nothing but positions.

Block sizes follow the editor's canvas (src/editor/model/geometry.ts and ports.ts): 220 px wide,
70 px of header and summary, 22 px per output port, 8 px of padding."""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from designer_ui.api.catalog import palette

ROOT = Path(__file__).resolve().parents[3]
FRONTEND = ROOT / "designer_ui" / "frontend"
EXAMPLE_FLOWS = sorted((ROOT / "examples" / "flows").glob("*.json"))
NODE_WIDTH, HEADER_HEIGHT, PORT_ROW, PADDING = 220, 70, 22, 8


def ports_of(block: dict[str, Any], entry: dict[str, Any]) -> list[str]:
    props = block.get("props") or {}
    names: list[str] = []
    if entry["dynamic_ports"]:
        names += [o["key"] for o in props.get("options") or [] if isinstance(o, dict) and o.get("key")]
        names += [c["name"] for c in props.get("conditions") or [] if isinstance(c, dict) and c.get("name")]
        names += [i for i in props.get("intents") or [] if isinstance(i, str) and i]
    names += entry["ports"]
    unique = list(dict.fromkeys(names))
    unique += [port for port in block.get("next") or {} if port not in unique]
    return unique


def rectangles(flow: dict[str, Any]) -> dict[str, tuple[float, float, float, float]]:
    entries = {entry["type"]: entry for entry in palette()}
    boxes = {}
    for block_id, block in flow["blocks"].items():
        height = HEADER_HEIGHT + max(1, len(ports_of(block, entries[block["type"]]))) * PORT_ROW + PADDING
        x, y = block["ui"]["x"], block["ui"]["y"]
        boxes[block_id] = (x, y, x + NODE_WIDTH, y + height)
    return boxes


def overlapping(flow: dict[str, Any]) -> list[tuple[str, str]]:
    boxes = rectangles(flow)
    return [(a, b) for (a, box_a), (b, box_b) in itertools.combinations(boxes.items(), 2)
            if box_a[0] < box_b[2] and box_b[0] < box_a[2] and box_a[1] < box_b[3] and box_b[1] < box_a[3]]


@pytest.mark.parametrize("path", EXAMPLE_FLOWS, ids=lambda path: path.stem)
def test_no_two_blocks_of_an_example_overlap(path: Path) -> None:
    assert overlapping(json.loads(path.read_text())) == []


def test_the_relayout_script_separates_overlapping_blocks_and_changes_nothing_else(tmp_path: Path) -> None:
    flow = json.loads((ROOT / "examples" / "flows" / "bank-ivr.json").read_text())
    for block in flow["blocks"].values():
        block["ui"] = {**block["ui"], "x": 80, "y": 40}  # every block on one spot
    crowded = tmp_path / "bank-ivr.json"
    crowded.write_text(json.dumps(flow, indent=2))
    assert overlapping(flow)
    npm = shutil.which("npm")
    assert npm, "npm is needed to run the re-layout script"
    subprocess.run([npm, "run", "--silent", "relayout-examples", "--", str(crowded)],
                   cwd=FRONTEND, check=True, capture_output=True, timeout=120)
    laid_out = json.loads(crowded.read_text())
    assert overlapping(laid_out) == []
    for block in laid_out["blocks"].values():
        block["ui"] = {**block["ui"], "x": 80, "y": 40}
    assert laid_out == flow
