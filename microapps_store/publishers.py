"""Publishers no user may package under: the MicroApps that ship with the Designer are
published as `builtin`, and only the built-in loader may put such a package in the store or in
a Designer (a user's `builtin/pin-verification` would otherwise replace the real one)."""

from __future__ import annotations

from microapps_store.errors import StoreError
from microapps_store.package import Package

RESERVED_PUBLISHERS = frozenset({"builtin"})


def is_reserved_publisher(publisher: str) -> bool:
    """`builtin` and its spellings (`built-in`, `Built_In`, `builtins`) are reserved."""
    folded = "".join(character for character in publisher.casefold() if character.isalnum())
    return folded in RESERVED_PUBLISHERS or folded.rstrip("s") in RESERVED_PUBLISHERS


def refuse_reserved_publisher(package: Package) -> None:
    """Only the built-in loader may put a package of a reserved publisher anywhere."""
    if is_reserved_publisher(package.publisher):
        raise StoreError(403, "reserved_publisher", f"The publisher '{package.publisher}' is "
                         "reserved for the MicroApps that ship with the Designer.")
