"""Small helpers shared by the expression tests."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interpreter.expressions import EvalContext, compile_expression

FIXED_NOW_MS = 1714557600000.0
"""2024-05-01T10:00:00Z, a Wednesday."""

FIXED_CONTEXT = EvalContext(now_ms=lambda: FIXED_NOW_MS, random=lambda: 0.25, timezone="UTC")


def run(source: str, scope: Mapping[str, Any] | None = None, ctx: EvalContext | None = None) -> Any:
    return compile_expression(source).evaluate(scope or {}, ctx or FIXED_CONTEXT)
