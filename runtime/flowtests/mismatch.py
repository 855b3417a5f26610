"""The message a business user reads when an `expect` finds nothing that matches.

It puts what the case expected beside the closest thing the flow did, names the block that
did it, lists everything the flow produced since the previous step and says where the session
is now, so the fix (in the flow or in the test) is usually obvious without a debugger.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from runtime.flowtests.expectations import describe_expected, nearest
from runtime.flowtests.outputs import Output


def explain_mismatch(label: str, kind: str, expected: Any, available: Sequence[Output], *,
                     strict: bool, status: str) -> str:
    if strict:
        headline = f"{label}: the next output does not match (this case is strict)."
        candidate = available[0] if available else None
    else:
        headline = f"{label}: no output since the previous step matches."
        candidate = nearest(kind, expected, available)
    lines = [headline, f"  expected: {describe_expected(kind, expected)}"]
    if candidate is None:
        lines.append("  actual:   nothing; the flow produced no output since the previous step")
    else:
        shown = candidate.describe(kind if kind in candidate.kinds else None)
        lines.append(f"  actual:   {shown}   <- block '{candidate.block}'")
    lines.append(list_outputs(available))
    lines.append(status)
    return "\n".join(lines)


def list_outputs(outputs: Sequence[Output]) -> str:
    if not outputs:
        return "Outputs since the previous step: none."
    lines = ["Outputs since the previous step:"]
    for number, output in enumerate(outputs, 1):
        lines.append(f"  {number}. {output.describe()}   (block '{output.block}')")
    return "\n".join(lines)
