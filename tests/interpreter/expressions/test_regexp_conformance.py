"""Regular expressions must give exactly what Node.js gives, on everything RE2 can run."""

from __future__ import annotations

from tests.interpreter.expressions.regexp_conformance_cases import REGEXP_CURATED
from tests.interpreter.expressions.test_node_conformance import differences


def test_curated_regexp_cases_match_node() -> None:
    assert len(REGEXP_CURATED) >= 100
    assert differences(REGEXP_CURATED) == []
