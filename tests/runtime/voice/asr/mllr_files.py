"""MLLR transform files for tests: the identity, or the identity with every mean shifted."""

from __future__ import annotations


def transform_text(streams: int = 3, length: int = 13, shift: float = 0.0) -> str:
    """A global MLLR transform: per stream the identity matrix, a shift, variance scales 1."""
    lines = ["1", str(streams)]
    for _ in range(streams):
        lines.append(str(length))
        for row in range(length):
            lines.append(" ".join("1.0" if column == row else "0.0"
                                  for column in range(length)))
        lines.append(" ".join([str(shift)] * length))
        lines.append(" ".join(["1.0"] * length))
    return "\n".join(lines) + "\n"
