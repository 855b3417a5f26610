"""Chained migrations that upgrade old flow documents to the current format version.

Each migration takes a document of version N and returns one of version N + 1; loading an old
document runs the chain in order. Documents from a newer version than this build knows are
refused with a message saying so, never guessed at.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from interpreter.flow_model import FORMAT_VERSION

Migration = Callable[[dict[str, Any]], dict[str, Any]]


class MigrationError(ValueError):
    pass


class MigrationChain:
    """Migrations keyed by the version they upgrade from."""

    def __init__(self, current_version: int, migrations: dict[int, Migration]):
        self.current_version = current_version
        self._migrations = dict(migrations)
        missing = [v for v in range(min(migrations, default=current_version), current_version)
                   if v not in migrations]
        if missing:
            raise ValueError(f"migration chain has gaps at versions {missing}")

    @property
    def oldest_version(self) -> int:
        return min(self._migrations, default=self.current_version)

    def upgrade(self, document: dict[str, Any]) -> dict[str, Any]:
        version = document.get("format_version")
        if isinstance(version, float) and version.is_integer():
            version = int(version)
        if not isinstance(version, int) or isinstance(version, bool):
            raise MigrationError("'format_version' must be a whole number.")
        if version > self.current_version:
            raise MigrationError(
                f"This flow was saved by a newer version of the Designer (format "
                f"{version}); this one reads up to format {self.current_version}.")
        if version < self.oldest_version:
            raise MigrationError(f"Format version {version} is too old to be read.")
        upgraded = copy.deepcopy(document) if version < self.current_version else document
        while version < self.current_version:
            upgraded = self._migrations[version](upgraded)
            version += 1
            upgraded["format_version"] = version
        return upgraded


_V0_PHASE_KEYS = {"init": "initialize", "selfService": "self_service",
                  "assistedService": "assisted_service", "finalize": "finalize"}


def upgrade_v0_to_v1(document: dict[str, Any]) -> dict[str, Any]:
    """Format 0 (the preview) named phases in camelCase and called block edges `ports`."""
    phases = document.get("phases")
    if isinstance(phases, dict):
        document["phases"] = {_V0_PHASE_KEYS.get(key, key): value for key, value in phases.items()}
    blocks = document.get("blocks")
    if isinstance(blocks, dict):
        for block in blocks.values():
            if isinstance(block, dict) and "ports" in block and "next" not in block:
                block["next"] = block.pop("ports")
    if document.get("format") == "designer-flow-preview":
        document["format"] = "designer-flow"
    return document


DEFAULT_CHAIN = MigrationChain(FORMAT_VERSION, {0: upgrade_v0_to_v1})
