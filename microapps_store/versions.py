"""Semantic versions and npm-style ranges (`^1.2`, `~1.4.0`, `>=1 <3`, `1.x`, `1 || 2`).

`packaging.specifiers` and `semantic_version` do not read npm's caret and tilde ranges, so the
project uses `node-semver` (import name `nodesemver`), a port of npm's own implementation, in
strict mode: versions are exact `MAJOR.MINOR.PATCH[-pre][+build]`; `v1.2.3` or `1.2` are not
versions. A *selector* is what follows `@` in a module reference: `latest`, an exact version,
or a partial version/range such as `1` or `1.4` (the newest matching version).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cmp_to_key

import nodesemver

LATEST = "latest"


def is_version(text: str) -> bool:
    """An exact, normalised semantic version (what `version` in a manifest must be)."""
    if not isinstance(text, str) or not text or len(text) > 64:
        return False
    parsed = nodesemver.valid(text, False)
    return parsed is not None and parsed.version == text.split("+", 1)[0]


def is_range(text: str) -> bool:
    return isinstance(text, str) and 0 < len(text) <= 100 and \
        nodesemver.valid_range(text, False) is not None


def compare(left: str, right: str) -> int:
    return int(nodesemver.compare(left, right, False))


def sort_versions(versions: Iterable[str]) -> list[str]:
    """Oldest first, by semver precedence (so `1.10.0` comes after `1.9.0`)."""
    return sorted(versions, key=cmp_to_key(compare))


def newest(versions: Iterable[str]) -> str | None:
    ordered = sort_versions(versions)
    releases = [version for version in ordered if "-" not in version.split("+", 1)[0]]
    chosen = releases or ordered
    return chosen[-1] if chosen else None


def satisfies(version: str, spec: str) -> bool:
    return bool(nodesemver.satisfies(version, spec, False))


def best_match(versions: Iterable[str], spec: str) -> str | None:
    """The newest version satisfying the range (prereleases only when the range names one)."""
    candidates = [version for version in versions if satisfies(version, spec)]
    return sort_versions(candidates)[-1] if candidates else None


def select(versions: Iterable[str], selector: str) -> str | None:
    """What a module reference's selector picks among these versions, or None."""
    available = list(versions)
    if selector == LATEST:
        return newest(available)
    if is_version(selector):
        return selector if selector in available else None
    if is_range(selector):
        return best_match(available, selector)
    return None


def is_selector(text: str) -> bool:
    return text == LATEST or is_version(text) or is_range(text)


def as_range(selector: str) -> str:
    """A selector as a range the resolver can check (`latest` is any release)."""
    return "*" if selector == LATEST else selector
