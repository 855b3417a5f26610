"""Every expression, generated and curated, must evaluate exactly as Node.js evaluates it.

All expressions go to ONE node process (node_eval.js), which prints a canonical form of
each result; we print ours the same way and report every difference. Node.js is required:
without it this test fails rather than skipping.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.interpreter.expressions.conformance_cases import CURATED
from tests.interpreter.expressions.conformance_support import evaluate_canonical
from tests.interpreter.expressions.expression_generator import generate_expressions

HERE = Path(__file__).resolve().parent
GENERATED_COUNT = 5200


def run_node(sources: list[str]) -> list[str]:
    node = shutil.which("node") or "/usr/bin/node"
    if not Path(node).exists():
        pytest.fail("Node.js is required for the conformance test (apt-get install nodejs)")
    completed = subprocess.run(
        [node, str(HERE / "node_eval.js")],
        input=json.dumps(sources),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    results: list[str] = json.loads(completed.stdout)
    return results


def differences(sources: list[str]) -> list[str]:
    expected = run_node(sources)
    assert len(expected) == len(sources)
    report = []
    for source, theirs in zip(sources, expected):
        ours = evaluate_canonical(source)
        if ours != theirs:
            report.append(f"{source!r}: node {theirs} / ours {ours}")
    return report


def test_curated_cases_match_node() -> None:
    assert len(CURATED) >= 150
    assert differences(CURATED) == []


def test_generated_expressions_match_node() -> None:
    sources = generate_expressions(GENERATED_COUNT)
    assert len(set(sources)) > 2500
    assert differences(sources) == []
