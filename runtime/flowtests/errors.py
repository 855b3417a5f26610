"""The two ways a flow test goes wrong: a test file that cannot be read, and a case that fails.

Both carry messages written for the business user who wrote the test, not for a developer.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class FlowTestFileError(Exception):
    """A `*.flowtest.yaml` file that cannot be used: bad YAML, unknown keys, missing flow."""

    def __init__(self, path: Path | str, problems: Sequence[str]):
        self.path = Path(path)
        self.problems = list(problems)
        super().__init__("\n".join(f"{self.path}: {problem}" for problem in self.problems))


class CaseFailure(Exception):
    """A case that does not behave as its steps and assertions say; the message explains."""
